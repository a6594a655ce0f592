/**
 * Recognisable fake secrets for the secret canary suites of the n8n and Node-RED packages, and a search for
 * them in everything a user or an operator can see. Each secret is configured in the simulator (so the runs
 * are real) and starts with `CANARY-`; tokens and codes the simulator issues are recognised by their
 * prefixes (`esx_at_`, `esx_rt_`, `esx_ac_`, `ehub_at_`). A search for the markers alone also catches a
 * secret cut in half by a truncated snippet.
 */
import { DEMO_CREDENTIALS, type SimulatorOptions } from '../options.js';
import { TOKEN_PREFIX } from '../oauth/secrets.js';

export const CANARY_SECRETS = {
  // Characters that URL, form and Base64 encoding all change, so the encoded forms differ from the raw one.
  clientSecret: 'CANARY-client-secret-7f3a9c/+=&?',
  personalAccessToken: 'CANARY-pat-5e6f7a8b',
  apiKey: 'CANARY-apikey-9d8c7b6a/+x',
} as const;

/** The prefixes of what the simulator issues: access and refresh tokens, authorization codes. */
export const ISSUED_TOKEN_MARKERS = [
  TOKEN_PREFIX.accessToken,
  TOKEN_PREFIX.refreshToken,
  TOKEN_PREFIX.authorizationCode,
  TOKEN_PREFIX.energyHubAccessToken,
] as const;

export const CANARY_MARKER = 'CANARY-';

/**
 * Simulator options that make the demo consent app, a personal access token and an API key carry the
 * canary secrets (the client ID stays the demo one: it is not secret).
 */
export function canarySimulatorOptions(): SimulatorOptions {
  return {
    carbonCredentials: 'all',
    clients: [{ ...DEMO_CREDENTIALS.isvApp, clientSecret: CANARY_SECRETS.clientSecret }],
    personalAccessTokens: [
      { value: CANARY_SECRETS.personalAccessToken, scopes: ['read:site', 'read:carbon-emission'] },
    ],
    apiKeys: [{ value: CANARY_SECRETS.apiKey, scopes: ['read:site', 'read:carbon-emission'] }],
  };
}

/** Secret values and every encoded form they could travel in, by label. */
export class SecretCanaries {
  private readonly forms = new Map<string, string>();

  constructor() {
    for (const [label, value] of Object.entries(CANARY_SECRETS)) this.add(label, value);
    const id = DEMO_CREDENTIALS.isvApp.clientId;
    const pair = `${id}:${CANARY_SECRETS.clientSecret}`;
    this.addForm(Buffer.from(pair).toString('base64'), 'clientSecret (Basic pair)');
    const formPair = `${encodeURIComponent(id)}:${new URLSearchParams({ v: CANARY_SECRETS.clientSecret }).toString().slice(2)}`;
    this.addForm(Buffer.from(formPair).toString('base64'), 'clientSecret (Basic, form-encoded pair)');
    this.addForm(CANARY_MARKER, 'canary marker');
    for (const marker of ISSUED_TOKEN_MARKERS) this.addForm(marker, `issued token or code (${marker}…)`);
  }

  /** Also looks for a value learnt during the run (an issued token read back from a store). */
  add(label: string, value: string): void {
    if (value === '') return;
    this.addForm(value, label);
    this.addForm(encodeURIComponent(value), `${label} (URL-encoded)`);
    this.addForm(new URLSearchParams({ v: value }).toString().slice(2), `${label} (form-encoded)`);
  }

  private addForm(form: string, label: string): void {
    if (!this.forms.has(form)) this.forms.set(form, label);
  }

  /** What is looked for, by label (without values), for the report. */
  labels(): string[] {
    return [...new Set(this.forms.values())];
  }

  /** `<where>: <label>` for every canary found in `text`, with a little context to find it. */
  find(where: string, text: string): string[] {
    const found: string[] = [];
    for (const [form, label] of this.forms) {
      const at = text.indexOf(form);
      if (at !== -1) found.push(`${where}: ${label} in "${text.slice(Math.max(0, at - 40), at + 40)}"`);
    }
    return found;
  }
}
