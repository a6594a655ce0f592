/**
 * latency-throughput: with the simulator answering every Carbon API request 30 ms late (its `delay`
 * fault), how close does the full client come to the rate that latency allows at the provider's limit
 * of 10 requests in flight, 10 / 30 ms = 333 requests per second? The client is what the adapters use:
 * `createEcoStruxureClient` and the `getEmissions` operation, latest interval, rows, many sites in one
 * call. A bare undici loop with 10 in flight on the same server shows what is reachable at all (timer
 * and scheduling overshoot on the server's side included).
 */
import { performance } from 'node:perf_hooks';
import { createEcoStruxureClient, getEmissions } from '@ecostruxure-connector/core';
import { encodePathSegment } from '@ecostruxure-connector/core/advanced';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { Agent, request } from 'undici';
import { startSimulatorThread } from './simulator-thread.js';
import { median, runClosedLoop } from './stats.js';

/** The full client must reach at least this share of the ideal rate. */
const TARGET = 0.95;

export interface LatencyThroughputOptions {
  sites: number;
  delayMs: number;
  concurrency: number;
  rounds: number;
}

export interface LatencyStackResult {
  id: 'baseline' | 'carbon-client';
  description: string;
  /** Requests the stack sent per round (the client's site list included). */
  requests: number;
  roundsMs: number[];
  medianMs: number;
  /** Requests per second in the median round. */
  requestsPerSecond: number;
  /**
   * How long each of the `concurrency` slots took per request in the median round: the delay plus
   * everything else (timer overshoot, loopback, server and client work).
   */
  msPerRequestPerSlot: number;
  /** requestsPerSecond / (concurrency / delay). */
  shareOfIdeal: number;
  /** This stack's rate over the baseline's in the same round, median of the rounds. */
  ratio: number;
  verdict: 'PASS' | 'MISS' | 'baseline';
}

export interface LatencyThroughputResult extends LatencyThroughputOptions {
  name: 'latency-throughput';
  idealRequestsPerSecond: number;
  target: number;
  stacks: LatencyStackResult[];
}

interface Stack {
  id: LatencyStackResult['id'];
  description: string;
  /** Runs one round; resolves to the number of requests it sent. */
  run(): Promise<number>;
  close(): void;
}

export async function runLatencyThroughput(
  options: LatencyThroughputOptions,
): Promise<LatencyThroughputResult> {
  const sim = await startSimulatorThread({
    sites: options.sites,
    faults: [{ kind: 'delay', delayMs: options.delayMs, route: 'GET /ecostruxure/carbon-emission/*' }],
  });
  const stacks = buildStacks(sim.url, sim.carbonApi, sim.siteIds, options.concurrency);
  try {
    // Warm-up: JIT, connections. Not measured.
    for (const stack of stacks) await stack.run();
    const wall = new Map(stacks.map((stack) => [stack.id, [] as number[]]));
    const sent = new Map(stacks.map((stack) => [stack.id, 0]));
    for (let roundIndex = 0; roundIndex < options.rounds; roundIndex += 1) {
      const order = roundIndex % 2 === 0 ? stacks : [...stacks].reverse();
      for (const stack of order) {
        const start = performance.now();
        const requests = await stack.run();
        wall.get(stack.id)?.push(performance.now() - start);
        sent.set(stack.id, requests);
      }
    }
    const ideal = options.concurrency / (options.delayMs / 1000);
    const rateOf = (id: Stack['id'], roundIndex: number) =>
      ((sent.get(id) ?? 0) / ((wall.get(id) ?? [])[roundIndex] as number)) * 1000;
    const results = stacks.map((stack): LatencyStackResult => {
      const roundsMs = wall.get(stack.id) ?? [];
      const medianMs = median(roundsMs);
      const requests = sent.get(stack.id) ?? 0;
      const requestsPerSecond = (requests / medianMs) * 1000;
      const shareOfIdeal = requestsPerSecond / ideal;
      return {
        id: stack.id,
        description: stack.description,
        requests,
        roundsMs,
        medianMs,
        requestsPerSecond,
        msPerRequestPerSlot: (medianMs * options.concurrency) / requests,
        shareOfIdeal,
        ratio: median(roundsMs.map((_, index) => rateOf(stack.id, index) / rateOf('baseline', index))),
        verdict: stack.id === 'baseline' ? 'baseline' : shareOfIdeal >= TARGET ? 'PASS' : 'MISS',
      };
    });
    return {
      name: 'latency-throughput',
      ...options,
      idealRequestsPerSecond: ideal,
      target: TARGET,
      stacks: results,
    };
  } finally {
    for (const stack of stacks) stack.close();
    await sim.close();
  }
}

function buildStacks(
  origin: string,
  carbonApi: string,
  siteIds: readonly string[],
  concurrency: number,
): Stack[] {
  const token = DEMO_CREDENTIALS.personalAccessToken.value;
  const urls = siteIds.map((id) => `${carbonApi}/sites/${encodePathSegment(id)}/carbon-emissions?page=1`);
  const agent = new Agent({ connections: concurrency });
  const baseline: Stack = {
    id: 'baseline',
    description: `undici.request, ${concurrency} in flight, static Bearer PAT, JSON.parse`,
    async run() {
      await runClosedLoop(urls.length, concurrency, async (index) => {
        const response = await request(urls[index] as string, {
          dispatcher: agent,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        });
        const text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`baseline: status ${response.statusCode}: ${text}`);
        JSON.parse(text);
      });
      return urls.length;
    },
    close: () => void agent.close(),
  };

  const undici = createUndiciTransport();
  let requests = 0;
  const client = createEcoStruxureClient({
    baseUrl: origin,
    credentials: { kind: 'personalAccessToken', token },
    transport: {
      send(outgoing) {
        requests += 1;
        return undici.send(outgoing);
      },
    },
    runtime: nodeRuntime,
    maxConcurrency: concurrency,
  });
  const carbon: Stack = {
    id: 'carbon-client',
    description: `createEcoStruxureClient + getEmissions({ siteIds: all ${siteIds.length}, range: 'latest' }) as rows (site list first)`,
    async run() {
      requests = 0;
      const result = await getEmissions(client, { siteIds: [...siteIds], range: 'latest' });
      // One row per site: the latest interval of each.
      if (result.items.length !== siteIds.length) {
        throw new Error(`carbon-client: ${result.items.length} rows for ${siteIds.length} sites`);
      }
      return requests;
    },
    close: () => undici.close(),
  };
  return [baseline, carbon];
}
