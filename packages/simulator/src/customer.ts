/**
 * Plays the customer over plain HTTP, as a browser would: opens the authorization URL, signs in on the
 * sign-in form, approves or denies on the consent page, and returns the URL the browser is then sent to
 * (the client's callback with `code` and `state`, or with `error`). For tests, demos and headless flows;
 * the forms it fills are described in the simulator README ("Customer sign-in").
 */
import { DEMO_CREDENTIALS, type CustomerAccountConfig } from './options.js';

export interface CustomerDecisionOptions {
  /** Default `approve`. */
  decision?: 'approve' | 'deny';
  /** Default: the demo customer (`DEMO_CREDENTIALS.customer`). */
  customer?: CustomerAccountConfig;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const unescapeHtml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_match, name: string) => ENTITIES[name] ?? '');

interface Form {
  action: URL;
  fields: Record<string, string>;
}

/** The page's post form and its hidden fields; the simulator's pages have exactly one such form. */
function postFormOf(html: string, pageUrl: URL): Form | undefined {
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '');
  }
  return { action: new URL(unescapeHtml(form[1] ?? ''), pageUrl), fields };
}

/** Keeps the cookies a response sets, for the next requests of the same customer. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals > 0) this.cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
    }
  }

  header(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

class Customer {
  private readonly jar = new CookieJar();

  async open(url: URL): Promise<Response> {
    const response = await fetch(url, { headers: this.jar.header(), redirect: 'manual' });
    this.jar.keep(response);
    return response;
  }

  /** Submits a form as a browser does: its hidden fields plus the given ones, with this site's Origin. */
  async submit(form: Form, fields: Record<string, string>): Promise<Response> {
    const response = await fetch(form.action, {
      method: 'POST',
      headers: {
        ...this.jar.header(),
        origin: form.action.origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ ...form.fields, ...fields }),
      redirect: 'manual',
    });
    this.jar.keep(response);
    return response;
  }
}

function redirectTarget(response: Response, from: URL): URL | undefined {
  const location = response.headers.get('location');
  return response.status >= 300 && response.status < 400 && location ? new URL(location, from) : undefined;
}

/**
 * Signs in as the customer and answers the consent page of `authorizationUrl`. Returns the redirect URL
 * the authorization server answers with; throws when a page is not what a customer would see.
 */
export async function decideConsentAsCustomer(
  authorizationUrl: string | URL,
  options: CustomerDecisionOptions = {},
): Promise<string> {
  const { decision = 'approve', customer: account = DEMO_CREDENTIALS.customer } = options;
  const customer = new Customer();
  let pageUrl = new URL(authorizationUrl);
  let response = await customer.open(pageUrl);
  // An invalid request (unknown scope, ...) is sent straight back to the client.
  const early = redirectTarget(response, pageUrl);
  if (early) return early.href;
  let html = await response.text();
  if (response.status !== 200) throw new Error(`The authorization page answered HTTP ${response.status}.`);

  let form = postFormOf(html, pageUrl);
  if (form && /name="password"/.test(html)) {
    const signedIn = await customer.submit(form, { username: account.username, password: account.password });
    const next = redirectTarget(signedIn, form.action);
    if (!next) {
      throw new Error(
        `The customer sign-in answered HTTP ${signedIn.status}: check the customer's username and password.`,
      );
    }
    pageUrl = next;
    response = await customer.open(pageUrl);
    html = await response.text();
    if (response.status !== 200) throw new Error(`The consent page answered HTTP ${response.status}.`);
    form = postFormOf(html, pageUrl);
  }
  if (!form || form.fields.transaction === undefined)
    throw new Error('The consent page has no consent form.');

  const decided = await customer.submit(form, { decision });
  const callback = redirectTarget(decided, form.action);
  if (!callback) throw new Error(`The consent decision answered HTTP ${decided.status}.`);
  return callback.href;
}
