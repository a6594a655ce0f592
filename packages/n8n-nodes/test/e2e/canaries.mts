/**
 * Secret canaries for the real-n8n suite: recognisable fake secrets given to the simulator and to n8n's
 * credentials, plus the shapes of the tokens the simulator issues, looked for in everything n8n leaves
 * behind: its output, its execution records and the files in its user folder.
 */
import { CARBON_SCOPES, DEMO_CREDENTIALS, type SimulatorOptions } from '@ecostruxure-connector/simulator';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The secrets the suite configures: fake, unique, and easy to spot in any dump. */
export const CANARY = {
  isvClientSecret: 'canary-isv-client-secret-5f1c2a7e',
  partnerClientSecret: 'canary-partner-client-secret-9b7e41d0',
  accessClientSecret: 'canary-energy-hub-client-secret-3d8a60b2',
  personalAccessToken: 'canary-personal-access-token-c4e2f7a9',
  apiKey: 'canary-api-key-a81d93c5',
} as const;

/**
 * Tokens the simulator issues while the suite runs (n8n fetches, stores and refreshes them): each kind has
 * its own prefix and 43 base64url characters, so any of them is found without knowing its value.
 */
export const ISSUED_TOKEN_PATTERNS = {
  'EcoStruxure access token': /esx_at_[A-Za-z0-9_-]{43}/,
  'refresh token': /esx_rt_[A-Za-z0-9_-]{43}/,
  'authorization code': /esx_ac_[A-Za-z0-9_-]{43}/,
  'Energy Hub access token': /ehub_at_[A-Za-z0-9_-]{43}/,
} as const;

/** Simulator clients and static credentials holding the canaries instead of the demo values. */
export function canarySimulatorOptions(): Pick<
  SimulatorOptions,
  'clients' | 'accessClients' | 'personalAccessTokens' | 'apiKeys'
> {
  return {
    clients: [
      { ...structuredClone(DEMO_CREDENTIALS.isvApp), clientSecret: CANARY.isvClientSecret },
      { ...structuredClone(DEMO_CREDENTIALS.partner), clientSecret: CANARY.partnerClientSecret },
    ],
    accessClients: [
      { ...structuredClone(DEMO_CREDENTIALS.accessClient), clientSecret: CANARY.accessClientSecret },
    ],
    personalAccessTokens: [{ value: CANARY.personalAccessToken, scopes: [...CARBON_SCOPES] }],
    apiKeys: [{ value: CANARY.apiKey, scopes: [...CARBON_SCOPES] }],
  };
}

export interface Finding {
  canary: string;
  surface: string;
}

/** Every canary and issued-token shape found in `text`, named by what it is. */
export function findCanaries(text: string, surface: string): Finding[] {
  const findings: Finding[] = [];
  for (const [name, value] of Object.entries(CANARY)) {
    if (text.includes(value)) findings.push({ canary: name, surface });
  }
  for (const [name, pattern] of Object.entries(ISSUED_TOKEN_PATTERNS)) {
    if (pattern.test(text)) findings.push({ canary: name, surface });
  }
  return findings;
}

/** Every regular file below `folder`, with its path relative to it. */
export function filesBelow(folder: string): Array<{ path: string; relativePath: string }> {
  const files: Array<{ path: string; relativePath: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push({ path, relativePath: relative(folder, path) });
    }
  };
  walk(folder);
  return files;
}

/** A file's bytes as text one byte per character, so that ASCII secrets match inside binary files too. */
export function fileText(path: string): string {
  return readFileSync(path).toString('latin1');
}

const REPORT_FILE = fileURLToPath(new URL('../../../../docs/secret-canary.md', import.meta.url));
const START = '<!-- canary:n8n-real:start -->';
const END = '<!-- canary:n8n-real:end -->';

export interface CanaryReport {
  surfaces: string[];
  findings: Finding[];
}

/** The report section: only what stays the same from run to run (no counts of files, no sizes). */
export function reportSection(report: CanaryReport): string {
  const lines = [
    '## n8n: the real n8n 2.41.1 of the end-to-end suite',
    '',
    'Written by `packages/n8n-nodes/test/e2e/real-n8n.test.mts` (`UPDATE_PROOF_DOCS=1` rewrites this',
    'section; otherwise the test fails when it differs). After every scenario of the suite (credential',
    'tests, OAuth2 connect, templates, token refresh, revoked consent, every operation, activated triggers',
    'across a restart), the test looks for each canary in:',
    '',
    ...report.surfaces.map((surface) => `- ${surface}`),
    '',
    'Canaries: fixed fake secrets configured in the simulator and in the n8n credentials, and the shape of',
    'each kind of token the simulator issues during the run (its prefix and 43 base64url characters):',
    '',
    ...Object.entries(CANARY).map(([name, value]) => `- ${name}: \`${value}\``),
    ...Object.entries(ISSUED_TOKEN_PATTERNS).map(([name, pattern]) => `- ${name}: \`${pattern.source}\``),
    '',
    report.findings.length === 0
      ? 'Result: **no canary found** on any surface.'
      : `Result: **${report.findings.length} finding(s)**: ${report.findings
          .map((finding) => `${finding.canary} in ${finding.surface}`)
          .join('; ')}.`,
  ];
  return `${START}\n\n${lines.join('\n')}\n${END}`;
}

/** The committed section, or undefined when the file or its markers are missing. */
export function committedSection(): string | undefined {
  if (!existsSync(REPORT_FILE)) return undefined;
  const text = readFileSync(REPORT_FILE, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return text.slice(start, end + END.length);
}

/** Rewrites only this section of docs/secret-canary.md, creating the file or the markers if missing. */
export function writeSection(section: string): void {
  const text = existsSync(REPORT_FILE)
    ? readFileSync(REPORT_FILE, 'utf8')
    : '# Secret canary\n\nRecognisable fake secrets run through each platform; every surface is searched for them.\n';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT_FILE, next);
}
