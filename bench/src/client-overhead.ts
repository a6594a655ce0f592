/**
 * client-overhead: what our stack costs on top of a bare HTTP loop, for the call users make most (the
 * latest emissions interval of many sites). Every stack does the same requests through the same closed
 * loop, each adding one layer, so the table shows where the time goes:
 *
 *   baseline         undici.request + static Bearer PAT + JSON.parse
 *   node-http        node:http.get with a keep-alive agent + JSON.parse (tells node:http's cost from axios')
 *   <t>-transport    core's undici or axios transport .send + JSON.parse
 *   <t>-http-client  createHttpClient.request (+ p-limit, auth strategy, URL building, error mapping, parse)
 *   <t>-carbon-client createCarbonClient.getEmissions (+ input checks, zod validation, page merge): what users pay
 */
import nodeHttp from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  createCarbonClient,
  createHttpClient,
  createPersonalAccessTokenAuth,
  encodePathSegment,
} from '@ecostruxure-connector/core/advanced';
import type { Transport } from '@ecostruxure-connector/core';
import { createAxiosTransport, createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { Agent, request } from 'undici';
import { startSimulatorThread } from './simulator-thread.js';
import { median, runClosedLoop } from './stats.js';

type TransportKind = 'undici' | 'axios';

export type StackId =
  | 'baseline'
  | 'node-http'
  | `${TransportKind}-transport`
  | `${TransportKind}-http-client`
  | `${TransportKind}-carbon-client`;

/**
 * The two Node transports core ships: undici, the default, and axios, the alternative for setups that
 * need axios' behaviour (e.g. its proxy handling from environment variables).
 */
const TRANSPORTS: Record<TransportKind, { name: string; create: () => Transport & { close(): void } }> = {
  undici: { name: 'createUndiciTransport()', create: () => createUndiciTransport() },
  axios: { name: 'createAxiosTransport()', create: () => createAxiosTransport() },
};

export interface StackResult {
  id: StackId;
  description: string;
  /** Wall time of each measured round, in the order the rounds ran. */
  roundsMs: number[];
  medianMs: number;
  requestsPerSecond: number;
  /**
   * Time the benchmark's own thread was busy (event-loop utilisation x wall time), per request, median
   * round. The simulator runs on another thread, so this is the client side's CPU cost.
   */
  busyMicrosPerRequest: number;
  /** This stack's wall time over the baseline's in the same round, per round. */
  roundRatios: number[];
  /** The median of roundRatios. 1 for the baseline itself. */
  ratio: number;
  /** medianMs / the baseline's medianMs, for comparison; drifts with the machine more than `ratio`. */
  ratioOfMedians: number;
  /**
   * Information only: on loopback this is a CPU cost, not a throughput limit. Throughput is held to its
   * target at a realistic latency (latency-throughput).
   */
  verdict: 'info' | 'baseline';
}

export interface ClientOverheadResult {
  name: 'client-overhead';
  requests: number;
  concurrency: number;
  warmupRequests: number;
  rounds: number;
  sites: number;
  stacks: StackResult[];
}

interface Stack {
  id: StackId;
  description: string;
  call(index: number): Promise<void>;
  close(): void;
}

export interface ClientOverheadOptions {
  requests: number;
  concurrency: number;
  warmupRequests: number;
  rounds: number;
}

export async function runClientOverhead(options: ClientOverheadOptions): Promise<ClientOverheadResult> {
  const sim = await startSimulatorThread();
  const stacks = buildStacks(sim.carbonApi, sim.siteIds, options.concurrency);
  try {
    // Warm-up: JIT, connection pools, the simulator's caches. Not measured.
    for (const stack of stacks) {
      await runClosedLoop(options.warmupRequests, options.concurrency, (index) => stack.call(index));
    }

    const wall = new Map<StackId, number[]>(stacks.map((stack) => [stack.id, []]));
    const busy = new Map<StackId, number[]>(stacks.map((stack) => [stack.id, []]));
    for (let roundIndex = 0; roundIndex < options.rounds; roundIndex += 1) {
      // Each round starts with a different stack, so none always runs first (cold) or last (after
      // the others' garbage piled up).
      const order = stacks.map((_, position) => stacks[(position + roundIndex) % stacks.length] as Stack);
      for (const stack of order) {
        const elu = performance.eventLoopUtilization();
        const start = performance.now();
        await runClosedLoop(options.requests, options.concurrency, (index) => stack.call(index));
        const ms = performance.now() - start;
        const { active } = performance.eventLoopUtilization(elu);
        wall.get(stack.id)?.push(ms);
        busy.get(stack.id)?.push(active);
      }
    }

    const baselineRounds = wall.get('baseline') ?? [];
    const results = stacks.map((stack): StackResult => {
      const roundsMs = wall.get(stack.id) ?? [];
      const medianMs = median(roundsMs);
      // Paired per round: the machine's speed drifts over a run (other load, CPU frequency, the
      // simulator's heap), and a stack measured next to the baseline shares its conditions.
      const roundRatios = roundsMs.map((ms, roundIndex) => ms / (baselineRounds[roundIndex] as number));
      const ratio = median(roundRatios);
      return {
        id: stack.id,
        description: stack.description,
        roundsMs,
        medianMs,
        requestsPerSecond: (options.requests / medianMs) * 1000,
        busyMicrosPerRequest: (median(busy.get(stack.id) ?? []) * 1000) / options.requests,
        roundRatios,
        ratio,
        ratioOfMedians: medianMs / median(baselineRounds),
        verdict: stack.id === 'baseline' ? 'baseline' : 'info',
      };
    });
    return {
      name: 'client-overhead',
      ...options,
      sites: sim.siteIds.length,
      stacks: results,
    };
  } finally {
    for (const stack of stacks) stack.close();
    await sim.close();
  }
}

function buildStacks(carbonApi: string, siteIds: readonly string[], concurrency: number): Stack[] {
  const token = DEMO_CREDENTIALS.personalAccessToken.value;
  const siteOf = (index: number): string => siteIds[index % siteIds.length] as string;
  // The query our client sends for the latest interval (`page=1` only), so both sides ask the same thing.
  const urls = siteIds.map((id) => `${carbonApi}/sites/${encodePathSegment(id)}/carbon-emissions?page=1`);
  const urlOf = (index: number): string => urls[index % urls.length] as string;

  // One connection per in-flight request, kept alive: what a tuned hand-written loop would use.
  const agent = new Agent({ connections: concurrency });
  const baseline: Stack = {
    id: 'baseline',
    description: 'undici.request, static Bearer PAT, JSON.parse',
    async call(index) {
      const response = await request(urlOf(index), {
        dispatcher: agent,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`baseline: status ${response.statusCode}: ${text}`);
      expectSite(JSON.parse(text), siteOf(index), 'baseline');
    },
    close: () => void agent.close(),
  };

  // The same sockets policy as the axios transport's agent, without axios on top.
  const keepAliveAgent = new nodeHttp.Agent({ keepAlive: true });
  const plainNode: Stack = {
    id: 'node-http',
    description: 'node:http.get with a keep-alive agent, JSON.parse',
    call: (index) =>
      new Promise<void>((resolve, reject) => {
        const outgoing = nodeHttp.get(
          urlOf(index),
          {
            agent: keepAliveAgent,
            headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('error', reject);
            response.on('end', () => {
              try {
                if (response.statusCode !== 200)
                  throw new Error(`node-http: status ${response.statusCode}: ${text}`);
                expectSite(JSON.parse(text), siteOf(index), 'node-http');
                resolve();
              } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
              }
            });
          },
        );
        outgoing.on('error', reject);
      }),
    close: () => keepAliveAgent.destroy(),
  };

  // Each Node transport is measured three ways: bare, under createHttpClient, and under the full carbon
  // client. Separate transports per stack, so no stack shares (or warms up) another's connections.
  const layered = (kind: TransportKind): Stack[] => {
    const make = TRANSPORTS[kind].create;
    const bare = make();
    const httpTransport = make();
    const carbonTransport = make();
    const httpClientOf = (transport: Transport) =>
      createHttpClient({
        baseUrl: carbonApi,
        auth: createPersonalAccessTokenAuth({ token }),
        transport,
        runtime: nodeRuntime,
        maxConcurrency: concurrency,
      });
    const http = httpClientOf(httpTransport);
    const carbon = createCarbonClient(httpClientOf(carbonTransport));
    return [
      {
        id: `${kind}-transport`,
        description: `${TRANSPORTS[kind].name}.send, JSON.parse`,
        async call(index) {
          const response = await bare.send({
            method: 'GET',
            url: urlOf(index),
            headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
            timeoutMs: 30_000,
          });
          if (response.status !== 200)
            throw new Error(`${kind}: status ${response.status}: ${response.body}`);
          expectSite(JSON.parse(response.body), siteOf(index), `${kind}-transport`);
        },
        close: () => bare.close(),
      },
      {
        id: `${kind}-http-client`,
        description: `createHttpClient.request on ${TRANSPORTS[kind].name} (PAT auth, p-limit, retries armed, JSON parse)`,
        async call(index) {
          const siteId = siteOf(index);
          const response = await http.request<unknown>({
            path: `/sites/${encodePathSegment(siteId)}/carbon-emissions`,
            query: { page: 1 },
          });
          expectSite(response.data, siteId, `${kind}-http-client`);
        },
        close: () => httpTransport.close(),
      },
      {
        id: `${kind}-carbon-client`,
        description: `createCarbonClient.getEmissions on ${TRANSPORTS[kind].name} (+ zod validation, merge): the full client`,
        async call(index) {
          const siteId = siteOf(index);
          const emissions = await carbon.getEmissions(siteId);
          if (emissions.siteId !== siteId) throw new Error(`${kind}: got ${emissions.siteId} for ${siteId}`);
        },
        close: () => carbonTransport.close(),
      },
    ];
  };

  return [baseline, plainNode, ...layered('undici'), ...layered('axios')];
}

/** A cheap check that the body is the site's emissions, so no stack can skip the work it is timed on. */
function expectSite(data: unknown, siteId: string, stack: string): void {
  const actual =
    typeof data === 'object' && data !== null ? (data as { siteId?: unknown }).siteId : undefined;
  if (actual !== siteId)
    throw new Error(`${stack}: expected the emissions of ${siteId}, got ${String(actual)}`);
}
