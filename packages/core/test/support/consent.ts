/** Connects an authorization-code strategy the way a user does: consent page, sign-in, approve, callback. */
import { decideConsentAsCustomer } from '@ecostruxure-connector/simulator';
import type { AuthorizationCodeAuth } from '../../src/advanced.js';

export async function connectByConsent(auth: AuthorizationCodeAuth): Promise<void> {
  const request = auth.createAuthorizationRequest();
  const callback = new URL(await decideConsentAsCustomer(request.url));
  await auth.exchangeCode({
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? undefined,
    expectedState: request.state,
    ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
  });
}
