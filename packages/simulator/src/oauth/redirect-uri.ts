/** Redirect URI registration matching. */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * Exact string match, except that a registered http loopback URI matches any port: native apps and local
 * tools (Node-RED, n8n on a laptop) listen on a port chosen at run time (RFC 8252 §7.3).
 */
export function matchesRegisteredRedirectUri(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  const candidate = parse(requested);
  if (!candidate || candidate.protocol !== 'http:' || !LOOPBACK_HOSTS.has(candidate.hostname)) return false;
  if (candidate.hash !== '' || candidate.username !== '' || candidate.password !== '') return false;
  return registered.some((uri) => {
    const allowed = parse(uri);
    return (
      allowed !== undefined &&
      allowed.protocol === 'http:' &&
      allowed.hostname === candidate.hostname &&
      allowed.pathname === candidate.pathname &&
      allowed.search === candidate.search
    );
  });
}
