/** Where the control API lives, shared by the modules that must leave it alone (fault injection, request log). */

export const CONTROL_PREFIX = '/_sim';

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

/**
 * True for the control API's own routes. Faults never hit them and the log never records them, so a test
 * can always clear a fault it injected and reading the log does not grow the log.
 */
export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}
