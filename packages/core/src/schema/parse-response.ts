/**
 * Checks a response body against its zod model. The real API schemas are not public, so a mismatch is
 * reported with the exact field at fault: that is what a user needs to tell "the API changed" from
 * "the base URL points somewhere else".
 */
import * as z from './zod.js';
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

/** Something unexpected in a response that the raw output passes on instead of failing. */
export interface ShapeWarning {
  /** Where in the body, e.g. `timeseries[0].values[3].date`. */
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * A union's issues as those of its closest branch: the one whose type the data has (not refused at its
 * root), with the fewest issues; their paths put under the union's. "(root) Invalid input" says nothing,
 * "timeseries[0].values[3].value: expected number, received string" says what to fix.
 */
function closestBranchIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const rank = (branch: readonly Issue[]) =>
      (branch.some((one) => one.path.length === 0 && one.code === 'invalid_type') ? 1e6 : 0) + branch.length;
    const closest = [...issue.errors].sort((a, b) => rank(a) - rank(b))[0] ?? [];
    return closestBranchIssues(closest).map(
      (one) => ({ ...one, path: [...issue.path, ...one.path] }) as Issue,
    );
  });
}

/** The schema problems of `data` as warnings (at most `limit`, then a count), or none when it fits. */
export function shapeWarnings(schema: z.Schema, data: unknown, limit = 10): ShapeWarning[] {
  const result = z.safeParse(schema, data);
  if (result.success) return [];
  const issues = closestBranchIssues(result.error.issues);
  const warnings = issues
    .slice(0, limit)
    .map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  if (issues.length > limit) {
    warnings.push({ path: '(root)', message: `and ${issues.length - limit} more like these` });
  }
  return warnings;
}

export interface ResponseSource {
  /** e.g. `GET /sites/{siteId}/carbon-emissions`, without query or secrets. */
  request: string;
  requestId?: string | undefined;
  status?: number | undefined;
}

/** Parses `data` with `schema`, or throws an InvalidResponseError naming the first fields that differ. */
export function parseResponse<S extends z.Schema>(
  schema: S,
  data: unknown,
  source: ResponseSource,
): z.output<S> {
  const result = z.safeParse(schema, data);
  if (result.success) return result.data;
  // A handful of issues is enough to see the pattern; hundreds (one per array item) would bury it.
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
  return throwInvalid(
    `The response to ${source.request} does not have the expected shape: ${issues.join('; ')}${more}. ` +
      'Check that the base URL points at the right API version; the raw output shows what the API sent.',
    source,
  );
}

function throwInvalid(message: string, source: ResponseSource): never {
  throw new InvalidResponseError({
    ...{
      request: source.request,
      ...(source.requestId === undefined ? {} : { requestId: source.requestId }),
    },
    message,
    status: source.status,
  });
}
