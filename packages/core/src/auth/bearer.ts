/** Reading and writing `Authorization: Bearer`, shared by every token-based strategy. */
import type { OutgoingRequest } from '../seams/auth-strategy.js';

export function setBearer(request: OutgoingRequest, token: string): void {
  // One header whatever its spelling: a caller may have set `Authorization` already.
  for (const name of Object.keys(request.headers)) {
    if (name.toLowerCase() === 'authorization') delete request.headers[name];
  }
  request.headers.authorization = `Bearer ${token}`;
}

export function bearerOf(request: OutgoingRequest): string | undefined {
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'authorization') continue;
    const match = /^Bearer\s+(.+)$/i.exec(value.trim());
    return match?.[1];
  }
  return undefined;
}
