/** PKCE (RFC 7636), S256 only: `plain` gives no protection once the authorization request leaks. */
import { createHash } from 'node:crypto';
import { secretsEqual } from './secrets.js';

// code_verifier and a base64url SHA-256 challenge share the same alphabet; the verifier is 43..128 chars.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** Why the authorize request's PKCE parameters are refused, or undefined when they are acceptable. */
export function checkChallenge(
  challenge: string | undefined,
  method: string | undefined,
): string | undefined {
  if (challenge === undefined) {
    return method === undefined ? undefined : 'code_challenge_method was given without code_challenge.';
  }
  if (method !== 'S256') {
    return method === undefined || method === 'plain'
      ? 'code_challenge_method must be S256; plain is not supported.'
      : `Unsupported code_challenge_method "${method}"; use S256.`;
  }
  if (!S256_CHALLENGE.test(challenge))
    return 'code_challenge must be a base64url SHA-256 digest (43 characters).';
  return undefined;
}

export function isWellFormedVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  return secretsEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}
