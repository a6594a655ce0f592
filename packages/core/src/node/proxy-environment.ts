/**
 * Whether the process was started with a proxy to use, the way curl, npm and most Node tools read it:
 * HTTP_PROXY / HTTPS_PROXY, upper or lower case. Which hosts bypass it (NO_PROXY) is undici's
 * EnvHttpProxyAgent's business; this only decides whether that agent is needed at all. Node-only: the
 * n8n bundle never reads the environment (n8n applies its own proxy settings).
 */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

export function proxyInEnvironment(env: Record<string, string | undefined> = process.env): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
}
