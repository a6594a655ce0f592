/**
 * Checks a response body against its zod model. The real API schemas are not public, so a mismatch is
 * reported with the exact field at fault: that is what a user needs to tell "the API changed" from
 * "the base URL points somewhere else".
 */
import type { z } from 'zod';
import { InvalidResponseError } from '../errors/errors.js';

/** `timeseries[0].values[3].date` for a zod issue path; `(root)` for the body itself. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

export interface ResponseSource {
  /** e.g. `GET /sites/{siteId}/carbon-emissions`, without query or secrets. */
  request: string;
  requestId?: string | undefined;
  status?: number | undefined;
}

/** Parses `data` with `schema`, or throws an InvalidResponseError naming the first fields that differ. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  source: ResponseSource,
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // A handful of issues is enough to see the pattern; hundreds (one per array item) would bury it.
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
  return throwInvalid(
    `The response to ${source.request} does not have the expected shape: ${issues.join('; ')}${more}. ` +
      'Check that the base URL points at the right API version.',
    source,
  );
}

function throwInvalid(message: string, source: ResponseSource): never {
  throw new InvalidResponseError(message, source.status, {
    request: source.request,
    ...(source.requestId === undefined ? {} : { requestId: source.requestId }),
  });
}
