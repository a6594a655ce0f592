/**
 * The customer's sign-in page (GET and POST /ecostruxure/v1/sign-in). The form is kept plain on purpose, so
 * headless flows can fill it as a user would: `username`, `password`, and the hidden `csrf_token` and
 * `return_to` fields posted back as given (simulator README, "Customer sign-in").
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CustomerAccountConfig } from '../options.js';
import { CSRF_FIELD, isSameOrigin, type CustomerSessions } from './customer-session.js';
import { escapeHtml, page, sendHtml } from './html.js';
import { param, readParams } from './params.js';
import { PATHS } from './paths.js';
import { secretsEqual } from './secrets.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export function signInPage(csrfToken: string, returnTo: string, problem?: string): string {
  return page(
    'Sign in',
    `<h1>Sign in to your EcoStruxure account</h1>
${problem ? `<p class="error">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="${escapeHtml(PATHS.signIn)}">
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrfToken)}">
<input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
<p><label>Username <input name="username" autocomplete="username" required></label></p>
<p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>
<button class="primary" type="submit">Sign in</button>
</form>
<p>The simulator's demo customer is printed by the simulator at start and listed in the README.</p>`,
  );
}

/** Sends the sign-in page; after signing in, the browser comes back to `returnTo`. */
export function sendSignInPage(
  reply: FastifyReply,
  sessions: CustomerSessions,
  returnTo: string,
  status = 200,
  problem?: string,
): FastifyReply {
  return sendHtml(reply, status, signInPage(sessions.issueSignInToken(), returnTo, problem));
}

/** Any control character (C0, DEL, C1): browsers drop tabs and newlines from URLs, turning `/\t/x` into `//x`. */
const CONTROL_CHARACTER = /\p{Cc}/u;
const THIS_SERVER = 'http://simulator.invalid';

/**
 * Only a path on this server: anything else would make the sign-in an open redirect. The value is
 * resolved as a browser would and must stay on this origin; what is sent back is the resolved path.
 */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || CONTROL_CHARACTER.test(value)) return PATHS.consents;
  let resolved: URL;
  try {
    resolved = new URL(value, THIS_SERVER);
  } catch {
    return PATHS.consents;
  }
  if (resolved.origin !== THIS_SERVER || /^\/[/\\]/.test(value)) return PATHS.consents;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

export function registerSignInRoutes(
  app: FastifyInstance,
  sessions: CustomerSessions,
  customer: CustomerAccountConfig,
  throttle: SignInThrottle,
): void {
  app.get(PATHS.signIn, async (request, reply) => {
    const returnTo = safeReturnTo(param(readParams(request.query), 'return_to'));
    return sendSignInPage(reply, sessions, returnTo);
  });

  app.post(PATHS.signIn, async (request, reply) => {
    const params = readParams(request.body);
    const returnTo = safeReturnTo(param(params, 'return_to'));
    if (!isSameOrigin(request) || !sessions.takeSignInToken(param(params, CSRF_FIELD))) {
      return sendSignInPage(
        reply,
        sessions,
        returnTo,
        403,
        'This sign-in form expired or was not sent from this site. Please sign in again.',
      );
    }
    const wait = throttle.retryAfter(request.ip);
    if (wait !== undefined) {
      reply.header('retry-after', String(wait));
      return sendSignInPage(
        reply,
        sessions,
        returnTo,
        429,
        `Too many wrong passwords from this address: try again in ${wait} seconds.`,
      );
    }
    const username = param(params, 'username') ?? '';
    const password = param(params, 'password') ?? '';
    // Both compared in constant time, and both always, so timing does not tell which one was wrong.
    const userOk = secretsEqual(username, customer.username);
    const passwordOk = secretsEqual(password, customer.password);
    if (!userOk || !passwordOk) {
      throttle.failed(request.ip);
      return sendSignInPage(reply, sessions, returnTo, 401, 'The username or password is wrong.');
    }
    throttle.succeeded(request.ip);
    sessions.start(reply, request.protocol === 'https');
    // 303 turns the post into a GET of the page the customer was on.
    return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
  });
}
