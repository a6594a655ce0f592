/** n8n's REST API as the editor calls it: JSON, an auth cookie and the browser-id header. */

export interface RestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

const BROWSER_ID = 'e2e-browser';

export class N8nRestClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly url: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
    const headers: Record<string, string> = { 'browser-id': BROWSER_ID };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const response = await fetch(new URL(path, this.url), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    this.keepCookies(response.headers);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages (the OAuth callback) stay text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** The `data` of a 2xx JSON answer; anything else fails with what n8n said. */
  async data<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request<{ data: T }>(method, path, body);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
    }
    return response.body.data;
  }

  /** Follows a URL outside n8n or inside it (the OAuth callback), sending n8n's cookies only to n8n. */
  async get(url: string): Promise<RestResponse<string>> {
    const target = new URL(url);
    const own = new URL(this.url);
    // n8n names itself `localhost` in redirect URIs but listens on 127.0.0.1 only.
    if (target.hostname === 'localhost' && target.port === own.port) target.hostname = own.hostname;
    const headers: Record<string, string> = { 'browser-id': BROWSER_ID };
    if (target.origin === own.origin) {
      const cookie = this.cookieHeader();
      if (cookie) headers.cookie = cookie;
    }
    const response = await fetch(target, { headers, redirect: 'manual' });
    this.keepCookies(response.headers);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text, text };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair?.indexOf('=') ?? -1;
      if (!pair || separator < 1) continue;
      this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
  }
}
