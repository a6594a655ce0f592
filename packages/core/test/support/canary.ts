/**
 * Tools for the secrets canary test: a logger that keeps every line, a transport tap that learns the
 * tokens a server issues (and can rewrite its answers so they echo secrets), and a search for known
 * secret values in every form they travel in (raw, URL- and form-encoded, Base64 Basic credentials)
 * across everything an error exposes.
 */
import { inspect } from 'node:util';
import { basicCredentials } from '../../src/auth/token-endpoint.js';
import type { Logger, Transport, TransportRequest, TransportResponse } from '../../src/index.js';

export interface LogLine {
  level: keyof Logger;
  message: string;
  meta?: Record<string, unknown>;
}

export interface CapturingLogger extends Logger {
  readonly lines: LogLine[];
}

export function capturingLogger(): CapturingLogger {
  const lines: LogLine[] = [];
  const keep =
    (level: keyof Logger) =>
    (message: string, meta?: Record<string, unknown>): void => {
      lines.push(meta === undefined ? { level, message } : { level, message, meta });
    };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** Secret values and every encoded form of them that could end up in text. */
export class CanaryList {
  private readonly forms = new Map<string, string>();

  /** Registers a secret under a label (the label, not the value, is what a failing test prints). */
  add(label: string, value: string | undefined): void {
    if (value === undefined || value === '') return;
    this.addForm(value, label);
    // A query string or a form body carries the value encoded.
    this.addForm(encodeURIComponent(value), `${label} (URL-encoded)`);
    this.addForm(new URLSearchParams({ v: value }).toString().slice(2), `${label} (form-encoded)`);
  }

  /** A client secret, also as the Base64 `clientId:secret` pair of a Basic header (both encodings). */
  addClientSecret(label: string, clientId: string, secret: string): void {
    this.add(label, secret);
    this.addForm(basicCredentials(clientId, secret), `${label} (Basic, form-encoded pair)`);
    this.addForm(Buffer.from(`${clientId}:${secret}`).toString('base64'), `${label} (Basic, raw pair)`);
  }

  /** The first label wins: an encoded form equal to the raw value is still reported as the raw value. */
  private addForm(form: string, label: string): void {
    if (!this.forms.has(form)) this.forms.set(form, label);
  }

  get size(): number {
    return this.forms.size;
  }

  /** Labels of the secrets found in `text`. */
  find(text: string): string[] {
    const found: string[] = [];
    for (const [form, label] of this.forms) if (text.includes(form)) found.push(label);
    return found;
  }
}

/**
 * Every secret here starts with this marker and nothing else in the test does, so the marker alone
 * reveals a partial leak (a secret cut in half by a truncated snippet) that no full value would match.
 */
export const CANARY_MARKER = 'CANARY-';

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    return `unserializable: ${String(error)}`;
  }
}

/** Everything a user, a log or a node output can see of an error, by where it was read. */
export function errorSurfaces(error: unknown): Array<[surface: string, text: string]> {
  const surfaces: Array<[string, string]> = [
    ['String(error)', String(error)],
    ['JSON.stringify(error)', safeStringify(error)],
    ['util.inspect(error)', inspect(error, { depth: 10, showHidden: true })],
  ];
  if (error instanceof Error) {
    surfaces.push(['error.message', error.message], ['error.stack', error.stack ?? '']);
    if (error.cause !== undefined) {
      surfaces.push(
        ['String(error.cause)', String(error.cause)],
        ['JSON.stringify(error.cause)', safeStringify(error.cause)],
      );
    }
  }
  return surfaces;
}

/** `"<surface>: <secret label>"` for every secret (or the canary marker) found in the error. */
export function leaksInError(error: unknown, canaries: CanaryList): string[] {
  const leaks: string[] = [];
  for (const [surface, text] of errorSurfaces(error)) {
    for (const label of canaries.find(text)) leaks.push(`${surface}: ${label}`);
    if (text.includes(CANARY_MARKER)) leaks.push(`${surface}: canary marker in "${excerpt(text)}"`);
  }
  return leaks;
}

export function leaksInLogLine(line: LogLine, canaries: CanaryList): string[] {
  const text = safeStringify(line);
  const leaks = canaries.find(text).map((label) => `log line: ${label}`);
  if (text.includes(CANARY_MARKER)) leaks.push(`log line: canary marker in "${excerpt(text)}"`);
  return leaks;
}

function excerpt(text: string): string {
  const at = text.indexOf(CANARY_MARKER);
  return text.slice(Math.max(0, at - 40), at + 60);
}

/** Rewrites one real answer, e.g. into an error body that echoes a secret; undefined keeps it. */
export type Rewrite = (
  request: TransportRequest,
  response: TransportResponse,
) => TransportResponse | undefined;

export interface TappedTransport extends Transport {
  /** Set by a scenario that needs the server to echo secrets; cleared after it. */
  rewrite: Rewrite | undefined;
  /** Every request sent, answered or not (a scenario may empty it first). */
  readonly sent: TransportRequest[];
}

/**
 * Passes requests to `inner` and shows every real answer to `observe` (before any rewrite), so the
 * tokens a token endpoint issues are learnt whichever strategy asked for them.
 */
export function tapTransport(
  inner: Transport,
  observe: (request: TransportRequest, response: TransportResponse) => void,
): TappedTransport {
  const tapped: TappedTransport = {
    rewrite: undefined,
    sent: [],
    async send(request) {
      tapped.sent.push(request);
      const response = await inner.send(request);
      observe(request, response);
      return tapped.rewrite?.(request, response) ?? response;
    },
  };
  return tapped;
}
