/**
 * One attempt of a request: credentials applied by the strategy, then the transport. Whatever a
 * strategy or transport throws that is not one of our typed errors may hold secrets (a library error
 * with request headers), so only a code or a redacted summary of it goes on.
 */
import type { AuthStrategy, OutgoingRequest } from '../seams/auth-strategy.js';
import { AuthenticationError, EcoStruxureError } from '../errors/errors.js';
import {
  type HttpMethod,
  type Transport,
  TransportFailure,
  type TransportResponse,
} from '../seams/transport.js';

export type AttemptOutcome =
  | { kind: 'response'; response: TransportResponse; outgoing: OutgoingRequest }
  | { kind: 'failure'; failure: TransportFailure };

export interface AttemptRequest {
  method: HttpMethod;
  url: URL;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export interface AttemptSettings {
  auth: AuthStrategy;
  transport: Transport;
  timeoutMs: number;
  userAgent: string;
  redact: (text: string) => string;
}

/** Runs a strategy step; typed errors pass, anything else becomes a redacted AuthenticationError. */
export async function guardAuth<R>(
  run: () => Promise<R>,
  method: HttpMethod,
  url: URL,
  redact: (text: string) => string,
): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof EcoStruxureError || (error instanceof Error && error.name === 'AbortError'))
      throw error;
    throw new AuthenticationError({
      message: `Could not obtain credentials for ${method} ${url.pathname}.`,
      description: 'Check the authentication settings (URLs, client ID and secret) and try again.',
      request: `${method} ${url.pathname}`,
      redact,
      cause: error,
    });
  }
}

export async function sendAttempt(
  request: AttemptRequest,
  settings: AttemptSettings,
): Promise<AttemptOutcome> {
  const { method, url, body, signal } = request;
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'user-agent': settings.userAgent,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A fresh URL per attempt: strategies may add a query parameter (API key) to it.
  const outgoing: OutgoingRequest = { method, url: new URL(url.href), headers };
  await guardAuth(() => settings.auth.apply(outgoing), method, url, settings.redact);
  try {
    const response = await settings.transport.send({
      method,
      url: outgoing.url.href,
      headers: outgoing.headers,
      timeoutMs: settings.timeoutMs,
      ...(body === undefined ? {} : { body }),
      ...(signal === undefined ? {} : { signal }),
    });
    return { kind: 'response', response, outgoing };
  } catch (error) {
    if (error instanceof TransportFailure) return { kind: 'failure', failure: error };
    // A transport that broke its contract: keep only the code; the original may hold request headers.
    const code = (error as { code?: unknown } | null)?.code;
    return {
      kind: 'failure',
      failure: new TransportFailure(
        'the transport failed unexpectedly',
        typeof code === 'string' ? code : 'UNKNOWN',
        false,
      ),
    };
  }
}
