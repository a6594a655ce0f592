/**
 * The simulated customer's sign-in. The consent page and the consent dashboard stand in for the customer's
 * own EcoStruxure account, so they need a signed-in customer: a session is a random id in an `HttpOnly`,
 * `SameSite=Lax` cookie, and it carries the CSRF token every state-changing form of the account posts back.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { hashSecret, newSecret, secretsEqual } from './secrets.js';

export const SESSION_COOKIE = 'esx_customer_session';
/** The form field (or `x-csrf-token` header) that carries the CSRF token. */
export const CSRF_FIELD = 'csrf_token';

const SESSION_TTL_MS = 60 * 60 * 1000;
/** How long a sign-in form may stay open before it must be reloaded. */
const SIGN_IN_FORM_TTL_MS = 10 * 60 * 1000;
/** Expired entries are swept whenever a map reaches this size, so a long benchmark does not leak memory. */
const SWEEP_AT = 1000;

export interface CustomerSession {
  csrfToken: string;
  expiresAt: number;
}

function sweep(entries: Map<string, { expiresAt: number }>, now: number): void {
  if (entries.size < SWEEP_AT) return;
  for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
}

export class CustomerSessions {
  /** Keyed by the hash of the cookie value, so a dump of the map holds no usable session. */
  private readonly sessions = new Map<string, CustomerSession>();
  /** One-time tokens of the sign-in forms shown: signing in is a state change too (login CSRF). */
  private readonly signInForms = new Map<string, { expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  issueSignInToken(): string {
    sweep(this.signInForms, this.clock.now());
    const token = newSecret('esx_csrf_');
    this.signInForms.set(hashSecret(token), { expiresAt: this.clock.now() + SIGN_IN_FORM_TTL_MS });
    return token;
  }

  /** True once for a token this server issued and that has not expired. */
  takeSignInToken(token: string | undefined): boolean {
    if (token === undefined) return false;
    const key = hashSecret(token);
    const form = this.signInForms.get(key);
    this.signInForms.delete(key);
    return form !== undefined && form.expiresAt > this.clock.now();
  }

  /**
   * Starts a session and sets its cookie on the reply; `secure` (the request came over HTTPS, or through
   * a trusted proxy that says so) keeps the browser from ever sending it over plain HTTP.
   */
  start(reply: FastifyReply, secure: boolean): void {
    sweep(this.sessions, this.clock.now());
    const id = newSecret('esx_sess_');
    this.sessions.set(hashSecret(id), {
      csrfToken: newSecret('esx_csrf_'),
      expiresAt: this.clock.now() + SESSION_TTL_MS,
    });
    void reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      secure,
      sameSite: 'lax',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
  }

  /** The session of the request's cookie, when it is live. */
  of(request: FastifyRequest): CustomerSession | undefined {
    const id = request.cookies[SESSION_COOKIE];
    if (id === undefined) return undefined;
    const session = this.sessions.get(hashSecret(id));
    return session && session.expiresAt > this.clock.now() ? session : undefined;
  }
}

/** A browser sends `Origin` on every cross-site POST; a request without one comes from a non-browser client. */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `${request.protocol}://${request.host}`;
}

/** The CSRF token a state-changing request sent, from its form or JSON body or the `x-csrf-token` header. */
export function sentCsrfToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = typeof body === 'object' && body !== null ? body[CSRF_FIELD] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** Whether a state-changing request of a signed-in customer really comes from the account's own pages. */
export function isGenuinePost(request: FastifyRequest, session: CustomerSession): boolean {
  const sent = sentCsrfToken(request);
  return isSameOrigin(request) && sent !== undefined && secretsEqual(sent, session.csrfToken);
}
