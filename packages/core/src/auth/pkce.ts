/**
 * PKCE (RFC 7636) with S256 only, plus the `state` value: both protect the authorization-code flow, the
 * first against a stolen code, the second against a forged callback. Uses the `crypto` module, which n8n
 * allows in community nodes (unlike Node globals).
 */
import { createHash, randomBytes } from 'crypto';
import { base64Url } from './encoding.js';

/** Where random bytes come from; injectable so tests can use fixed bytes (RFC 7636 Appendix B). */
export type RandomBytesSource = (size: number) => Uint8Array;

const defaultRandom: RandomBytesSource = (size) => randomBytes(size);

// RFC 7636 §4.1: 43..128 characters from the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/** 32 random bytes, base64url: a 43-character verifier with 256 bits of entropy. */
export function createCodeVerifier(random: RandomBytesSource = defaultRandom): string {
  return base64Url(random(32));
}

/** BASE64URL(SHA256(ASCII(verifier))). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

export function createPkcePair(random: RandomBytesSource = defaultRandom): PkcePair {
  const codeVerifier = createCodeVerifier(random);
  return { codeVerifier, codeChallenge: codeChallengeS256(codeVerifier), codeChallengeMethod: 'S256' };
}

/** An unguessable `state` (128 bits), tying the callback to the request that started it. */
export function createState(random: RandomBytesSource = defaultRandom): string {
  return base64Url(random(16));
}
