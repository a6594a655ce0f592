/** The text the CLI prints once the simulator listens: where everything is and how to sign in. */
import type { ActiveFault } from '../context.js';
import type { SimulatorHandle } from '../index.js';
import { DEMO_CREDENTIALS, type ResolvedSimulatorOptions } from '../options.js';

export interface MintedCredential {
  kind: 'personal access token' | 'API key';
  value: string;
  scopes: string[];
}

const rows = (pairs: [string, string][], indent = '  '): string[] => {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
};

export function banner(
  sim: Pick<SimulatorHandle, 'url' | 'urls' | 'adminToken'>,
  options: Pick<ResolvedSimulatorOptions, 'seed' | 'sites' | 'carbonCredentials' | 'carbonDialect'>,
  minted: MintedCredential[],
  faults: ActiveFault[],
): string {
  const { urls } = sim;
  const lines = [
    `EcoStruxure simulator listening on ${sim.url} (seed ${options.seed}, ${options.sites} sites)`,
    '',
    'URLs:',
    ...rows([
      ['OAuth authorize', urls.authorize],
      ['OAuth token', urls.token],
      ['OAuth metadata', urls.metadata],
      ['Customer sign-in', urls.signIn],
      ['Consents dashboard', urls.consents],
      ['Carbon API base', urls.carbonApi],
      ['Energy Hub token', urls.energyHubToken],
      ['Energy Hub GraphQL', urls.energyHubGraphql],
      ['Control API', urls.control],
    ]),
    '',
    'Demo credentials (they only work against this simulator):',
    ...rows(credentialRows(sim, minted)),
  ];
  lines.push(...notes(options, faults));
  lines.push('', 'Press Ctrl+C to stop.');
  return lines.join('\n');
}

/** The demo credentials and any minted at start, as label and value. */
function credentialRows(
  sim: Pick<SimulatorHandle, 'adminToken'>,
  minted: MintedCredential[],
): [string, string][] {
  const demo = DEMO_CREDENTIALS;
  return [
    [
      'Customer sign-in (consent page, dashboard)',
      `username=${demo.customer.username} password=${demo.customer.password}`,
    ],
    ['Consents JSON API admin token', `${sim.adminToken} (Authorization: Bearer, new on every start)`],
    [
      `${demo.isvApp.name} (authorization code)`,
      `client_id=${demo.isvApp.clientId} client_secret=${demo.isvApp.clientSecret}`,
    ],
    ['  redirect URIs', demo.isvApp.redirectUris.join(' ')],
    [
      `${demo.partner.name} (client credentials)`,
      `client_id=${demo.partner.clientId} client_secret=${demo.partner.clientSecret}`,
    ],
    ...[demo.accessClient, demo.restrictedAccessClient, demo.noAccessClient].map(
      (client): [string, string] => [
        `Energy Hub access client, ${client.role}, ${client.permissions === 'all' ? 'all' : client.permissions.join(' ')}`,
        `client_id=${client.clientId} client_secret=${client.clientSecret}`,
      ],
    ),
    [
      'Personal access token',
      `${demo.personalAccessToken.value} (${demo.personalAccessToken.scopes.join(' ')})`,
    ],
    ['API key', `${demo.apiKey.value} (${demo.apiKey.scopes.join(' ')})`],
    ...minted.map((credential): [string, string] => [
      `Minted ${credential.kind}`,
      `${credential.value} (${credential.scopes.join(' ')})`,
    ]),
  ];
}

/** Which credentials the Carbon API accepts, its dialect when not the contract's, and the active faults. */
function notes(
  options: Pick<ResolvedSimulatorOptions, 'carbonCredentials' | 'carbonDialect'>,
  faults: ActiveFault[],
): string[] {
  const out: string[] = [];
  out.push(
    '',
    options.carbonCredentials === 'all'
      ? 'The Carbon API accepts every credential above (--carbon-credentials all).'
      : 'The Carbon API accepts authorization-code tokens and personal access tokens, as documented;',
  );
  if (options.carbonCredentials !== 'all') {
    out.push('  --carbon-credentials all also lets client-credentials tokens and API keys in.');
  }
  if (options.carbonDialect === 'sibling') {
    out.push('Emissions are served in the sibling dialect (updatedAt[gte]/updatedAt[lt], bare arrays).');
  }
  if (faults.length > 0) {
    out.push('', 'Active faults:');
    for (const fault of faults) {
      const { id, hits: _hits, passed: _passed, ...rule } = fault;
      out.push(
        `  ${id}  ${Object.entries(rule)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(' ')}`,
      );
    }
  }
  return out;
}
