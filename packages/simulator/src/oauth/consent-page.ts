/** The customer-facing pages of the authorization flow: the consent page and the error page. */
import { CSRF_FIELD } from './customer-session.js';
import { escapeHtml, page } from './html.js';
import { PATHS } from './paths.js';
import { describeScope } from './scopes.js';

export interface ConsentPageInput {
  appName: string;
  customer: string;
  scopes: readonly string[];
  redirectUri: string;
  transaction: string;
  csrfToken: string;
}

export function consentPage(input: ConsentPageInput): string {
  const scopes = input.scopes
    .map((scope) => `<li><code>${escapeHtml(scope)}</code>: ${escapeHtml(describeScope(scope))}</li>`)
    .join('\n');
  const destination = new URL(input.redirectUri).host;
  return page(
    `Authorize ${input.appName}`,
    `<h1>Authorize <strong>${escapeHtml(input.appName)}</strong></h1>
<p>Signed in as <strong>${escapeHtml(input.customer)}</strong>.</p>
<p><strong>${escapeHtml(input.appName)}</strong> asks to access your EcoStruxure data:</p>
<ul class="scopes">
${scopes}
</ul>
<p>You can revoke this access at any time from your <a href="${escapeHtml(PATHS.consents)}">consents</a>.
After your decision you are sent back to <code>${escapeHtml(destination)}</code>.</p>
<form method="post" action="${escapeHtml(PATHS.decision)}">
<input type="hidden" name="transaction" value="${escapeHtml(input.transaction)}">
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(input.csrfToken)}">
<button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** Shown instead of redirecting when the redirect target cannot be trusted (RFC 6749 §4.1.2.1). */
export function authorizationErrorPage(error: string, description: string): string {
  return page(
    'Authorization error',
    `<div class="error"><h1>This authorization request cannot be completed</h1>
<p><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>
<p>Nothing was shared. Please return to the application and try again, or contact its publisher.</p></div>`,
  );
}
