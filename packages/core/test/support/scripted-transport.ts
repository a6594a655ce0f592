/** A Transport that plays back recorded responses (or failures) and records what it was sent. */
import {
  TransportFailure,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../../src/index.js';

export type Step =
  | TransportResponse
  | TransportFailure
  | ((request: TransportRequest) => TransportResponse | TransportFailure | Promise<TransportResponse>);

export interface ScriptedTransport extends Transport {
  readonly requests: TransportRequest[];
}

/** Plays `steps` in order; the last one repeats. */
export function scriptedTransport(...steps: Step[]): ScriptedTransport {
  const requests: TransportRequest[] = [];
  return {
    requests,
    async send(request) {
      requests.push(request);
      const step = steps[Math.min(requests.length - 1, steps.length - 1)];
      if (step === undefined) throw new Error('no scripted step');
      const result = typeof step === 'function' ? await step(request) : step;
      if (result instanceof TransportFailure) throw result;
      return result;
    },
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  return {
    status,
    headers: {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      'x-request-id': 'req-123',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): TransportResponse {
  return json(
    status,
    {
      type: `https://errors.example/${status}`,
      title,
      status,
      detail,
      instance: '/x',
      requestId: 'req-123',
      ...extra,
    },
    headers,
  );
}
