/**
 * token-single-flight: a burst of API calls that all need a token at the same moment must cost exactly one
 * token request, both when the cache is empty and when the server has expired the token the client still
 * believes valid (every call gets a 401, then all of them replay with one new token).
 */
import {
  createCarbonClient,
  createClientCredentialsAuth,
  createHttpClient,
} from '@ecostruxure-connector/core/advanced';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS, startSimulator } from '@ecostruxure-connector/simulator';
import { timed } from './stats.js';

export interface TokenPhaseResult {
  phase: 'empty cache' | 'after server-side expiry';
  calls: number;
  tokenRequests: number;
  expectedTokenRequests: number;
  /** GET /sites requests the server saw: `calls` on an empty cache, twice that after expiry (401 + replay). */
  apiRequests: number;
  wallMs: number;
  pass: boolean;
}

export interface TokenSingleFlightResult {
  name: 'token-single-flight';
  calls: number;
  phases: TokenPhaseResult[];
  pass: boolean;
}

const TOKEN_PATH = '/ecostruxure/v1/oauth/token';
const SITES_PATH = '/ecostruxure/carbon-emission/v1/sites';

export async function runTokenSingleFlight(calls: number): Promise<TokenSingleFlightResult> {
  // `all`: the Carbon API documents no client credentials, but its routes are what this burst measures.
  const sim = await startSimulator({ port: 0, rateLimit: false, carbonCredentials: 'all' });
  const transport = createUndiciTransport();
  try {
    const partner = DEMO_CREDENTIALS.partner;
    const auth = createClientCredentialsAuth({
      tokenUrl: sim.urls.token,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      scopes: ['read:site'],
      transport,
      runtime: nodeRuntime,
    });
    const http = createHttpClient({
      baseUrl: sim.urls.carbonApi,
      auth,
      transport,
      runtime: nodeRuntime,
      // Every call is let through at once, so all of them ask the token cache in the same tick; with the
      // default limit of 10 only ten would race for the token and the rest would find it cached.
      maxConcurrency: calls,
    });
    const carbon = createCarbonClient(http);

    const burst = async (phase: TokenPhaseResult['phase']): Promise<TokenPhaseResult> => {
      sim.control.clearRequests();
      const { ms, result } = await timed(() =>
        Promise.allSettled(Array.from({ length: calls }, () => carbon.listSites())),
      );
      const failed = result.filter((outcome) => outcome.status === 'rejected');
      if (failed.length > 0) {
        const first = failed[0] as PromiseRejectedResult;
        throw new Error(
          `${failed.length} of ${calls} calls failed (${phase}); first: ${String(first.reason)}`,
        );
      }
      const tokenRequests = sim.control.requests({ pathPrefix: TOKEN_PATH }).length;
      const apiRequests = sim.control.requests({ pathPrefix: SITES_PATH }).length;
      return {
        phase,
        calls,
        tokenRequests,
        expectedTokenRequests: 1,
        apiRequests,
        wallMs: ms,
        pass: tokenRequests === 1,
      };
    };

    const phases = [await burst('empty cache')];
    // The server forgets the token; the client's cache still holds it as valid for almost an hour.
    sim.control.expireAllTokens();
    phases.push(await burst('after server-side expiry'));
    return { name: 'token-single-flight', calls, phases, pass: phases.every((phase) => phase.pass) };
  } finally {
    transport.close();
    await sim.close();
  }
}
