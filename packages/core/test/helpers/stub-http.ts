/**
 * A scripted HttpClient for the few cases the simulator cannot produce (a response of the wrong shape,
 * a server repeating a cursor). Everything the simulator serves is tested against the simulator.
 */
import {
  SecretRegistry,
  silentLogger,
  type HttpClient,
  type HttpResponse,
  type RequestOptions,
} from '../../src/advanced.js';

export interface StubHttp extends HttpClient {
  calls: RequestOptions[];
}

export function stubHttp(
  baseUrl: string,
  answer: (request: RequestOptions, call: number) => unknown,
): StubHttp {
  const calls: RequestOptions[] = [];
  return {
    calls,
    baseUrl,
    maxConcurrency: 4,
    logger: silentLogger,
    secrets: new SecretRegistry(),
    runtime: {
      now: () => Date.parse('2026-06-01T00:00:00Z'),
      sleep: async () => undefined,
      random: () => 0.5,
    },
    async request<T>(request: RequestOptions): Promise<HttpResponse<T>> {
      calls.push(request);
      const data = answer(request, calls.length);
      if (data instanceof Error) throw data;
      return { status: 200, headers: {}, data: data as T, requestId: `req-${calls.length}` };
    },
  };
}
