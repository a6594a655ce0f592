/** What the API clients (carbon, Energy Hub) need from the HTTP layer. Implemented by `createHttpClient`. */
import type { SecretRegistry } from '../errors/redact.js';
import type { Logger, Runtime } from '../seams/runtime.js';
import type { HttpMethod } from '../seams/transport.js';

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  method?: HttpMethod;
  /** Path below the client's base URL; dynamic segments must go through `encodePathSegment`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /**
   * Safe to send again after a failure whose outcome is unknown. Defaults to true for GET, false
   * otherwise (GraphQL queries pass true: they read only).
   */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
  requestId: string | undefined;
}

export interface ProgressEvent {
  completed: number;
  total: number;
  failed: number;
}

export interface HttpClient {
  /**
   * Sends a request with credentials, retries and error mapping; resolves with parsed JSON for 2xx and
   * rejects with a typed EcoStruxureError otherwise.
   */
  request<T = unknown>(options: RequestOptions): Promise<HttpResponse<T>>;
  readonly baseUrl: string;
  readonly runtime: Runtime;
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
  /** How many requests this client runs at once at most (the provider allows about 10 per client). */
  readonly maxConcurrency: number;
}

/** Encodes one path segment so an ID like `../x` or `a/b` cannot change the path. */
export function encodePathSegment(value: string): string {
  // encodeURIComponent leaves `.` alone: `..` would still be a dot-segment that URL parsers collapse.
  return encodeURIComponent(value).replace(/\./g, '%2E');
}
