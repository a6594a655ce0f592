/**
 * GET /ecostruxure/v1/oauth/authorize and POST .../authorize/decision (RFC 6749 §4.1.1-4.1.2): validate
 * the request, ask the customer on the consent page, then send the browser back with a code or an error.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { OAuthClientConfig, ResolvedSimulatorOptions } from '../options.js';
import { authorizationErrorPage, consentPage } from './consent-page.js';
import { type CustomerSessions, isGenuinePost } from './customer-session.js';
import type { OAuthErrorCode } from './errors.js';
import { sendHtml } from './html.js';
import { param, readParams, type Params } from './params.js';
import { PATHS } from './paths.js';
import { checkChallenge } from './pkce.js';
import { matchesRegisteredRedirectUri } from './redirect-uri.js';
import { disallowedScopes, parseScope } from './scopes.js';
import { sendSignInPage } from './sign-in.js';
import { DEMO_CUSTOMER, type AuthStore } from './store.js';

export interface AuthorizeDeps {
  store: AuthStore;
  clock: Clock;
  options: ResolvedSimulatorOptions;
  sessions: CustomerSessions;
}

function redirectTo(
  reply: FastifyReply,
  redirectUri: string,
  query: Record<string, string | undefined>,
): FastifyReply {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) target.searchParams.set(name, value);
  return reply.header('cache-control', 'no-store').redirect(target.href, 302);
}

function errorPage(
  reply: FastifyReply,
  error: OAuthErrorCode,
  description: string,
  status = 400,
): FastifyReply {
  return sendHtml(reply, status, authorizationErrorPage(error, description));
}

/** A parameter the error page, rather than a redirect, must handle when it is missing or repeated. */
function trustedParam(params: Params, name: string): string | undefined {
  return params.malformed.includes(name) ? undefined : param(params, name);
}

/** Why the request is refused once the redirect URI is trusted, or undefined when it is acceptable. */
function redirectableError(
  client: OAuthClientConfig,
  params: Params,
): { error: OAuthErrorCode; description: string } | undefined {
  if (params.malformed.length > 0) {
    return { error: 'invalid_request', description: `Repeated parameters: ${params.malformed.join(', ')}.` };
  }
  const responseType = param(params, 'response_type');
  if (responseType === undefined)
    return { error: 'invalid_request', description: 'Missing required parameter: response_type.' };
  if (responseType !== 'code') {
    return { error: 'unsupported_response_type', description: 'Only response_type=code is supported.' };
  }
  if (!client.grantTypes.includes('authorization_code')) {
    return {
      error: 'unauthorized_client',
      description: 'This client may not use the authorization code grant.',
    };
  }
  const scopes = parseScope(param(params, 'scope'));
  if (scopes.length === 0)
    return { error: 'invalid_scope', description: 'Missing required parameter: scope.' };
  const refused = disallowedScopes(scopes, client.scopes);
  if (refused.length > 0)
    return { error: 'invalid_scope', description: `Scopes not allowed: ${refused.join(' ')}.` };
  const pkceProblem = checkChallenge(param(params, 'code_challenge'), param(params, 'code_challenge_method'));
  if (pkceProblem !== undefined) return { error: 'invalid_request', description: pkceProblem };
  return undefined;
}

export function registerAuthorizeRoutes(app: FastifyInstance, deps: AuthorizeDeps): void {
  app.get(PATHS.authorize, async (request, reply) => askForConsent(deps, request, reply));
  app.post(
    PATHS.decision,
    {
      errorHandler: (_error, _request, reply) =>
        errorPage(reply, 'invalid_request', 'The consent form could not be read.'),
    },
    async (request, reply) => answerDecision(deps, request, reply),
  );
}

function findClient(deps: AuthorizeDeps, clientId: string | undefined): OAuthClientConfig | undefined {
  return clientId === undefined
    ? undefined
    : deps.options.clients.find((client) => client.clientId === clientId);
}

/**
 * GET .../authorize: an unknown client or redirect URI gets an error page (redirecting there would hand
 * the answer to whoever wrote the link); other refusals go back to the redirect URI; a valid request gets
 * the consent page, after signing in.
 */
function askForConsent(deps: AuthorizeDeps, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { store, sessions } = deps;
  const params = readParams(request.query);
  const clientId = trustedParam(params, 'client_id');
  const client = findClient(deps, clientId);
  if (!client) {
    return errorPage(
      reply,
      'invalid_request',
      clientId === undefined ? 'client_id is missing.' : 'The client is unknown.',
    );
  }
  const redirectUri = trustedParam(params, 'redirect_uri');
  if (redirectUri === undefined) return errorPage(reply, 'invalid_request', 'redirect_uri is missing.');
  if (!matchesRegisteredRedirectUri(redirectUri, client.redirectUris)) {
    return errorPage(reply, 'invalid_request', 'redirect_uri is not registered for this client.');
  }
  const state = trustedParam(params, 'state');
  const refused = redirectableError(client, params);
  if (refused) {
    return redirectTo(reply, redirectUri, {
      error: refused.error,
      error_description: refused.description,
      state,
    });
  }
  // Only a valid request is worth signing in for; the customer comes back to this same URL afterwards.
  const session = sessions.of(request);
  if (!session) return sendSignInPage(reply, sessions, request.url);
  const scopes = parseScope(param(params, 'scope'));
  const transaction = store.createTransaction({
    clientId: client.clientId,
    redirectUri,
    scopes,
    state,
    codeChallenge: param(params, 'code_challenge'),
  });
  return sendHtml(
    reply,
    200,
    consentPage({
      appName: client.name,
      customer: DEMO_CUSTOMER,
      scopes,
      redirectUri,
      transaction,
      csrfToken: session.csrfToken,
    }),
  );
}

/** POST .../authorize/decision: the customer's answer on the consent page, sent back with a code or a refusal. */
function answerDecision(deps: AuthorizeDeps, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { store, options, sessions } = deps;
  const session = sessions.of(request);
  if (!session || !isGenuinePost(request, session)) {
    return errorPage(
      reply,
      'access_denied',
      'The decision did not come from the consent page of a signed-in customer.',
      403,
    );
  }
  const params = readParams(request.body);
  const decision = trustedParam(params, 'decision');
  if (decision !== 'approve' && decision !== 'deny') {
    return errorPage(reply, 'invalid_request', 'The decision must be approve or deny.');
  }
  const transactionId = trustedParam(params, 'transaction');
  const pending = transactionId === undefined ? undefined : store.takeTransaction(transactionId);
  const client = findClient(deps, pending?.clientId);
  if (!pending || !client) {
    return errorPage(
      reply,
      'invalid_request',
      'This authorization request has expired or was already answered.',
    );
  }
  if (decision === 'deny') {
    return redirectTo(reply, pending.redirectUri, {
      error: 'access_denied',
      error_description: 'The customer denied the request.',
      state: pending.state,
    });
  }
  const grant = store.createGrant(client, pending.scopes);
  const code = store.issueCode(
    {
      clientId: client.clientId,
      redirectUri: pending.redirectUri,
      grantId: grant.id,
      scopes: pending.scopes,
      codeChallenge: pending.codeChallenge,
    },
    options.authorizationCodeTtlSeconds,
  );
  return redirectTo(reply, pending.redirectUri, { code, state: pending.state });
}
