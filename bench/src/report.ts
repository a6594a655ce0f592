/** Turns the results into the markdown table and JSON document written to bench/results/. */
import type { ClientOverheadResult, StackId } from './client-overhead.js';
import { round } from './stats.js';
import type { TokenSingleFlightResult } from './token-single-flight.js';

export interface Environment {
  date: string;
  node: string;
  platform: string;
  arch: string;
  cpuCount: number;
  cpuModel: string;
}

export interface BenchReport {
  environment: Environment;
  tokenSingleFlight?: TokenSingleFlightResult;
  clientOverhead?: ClientOverheadResult;
  /** True when every benchmark with a hard expectation met it (ratio misses do not count, see README). */
  pass: boolean;
}

export function toMarkdown(report: BenchReport): string {
  const { environment: env } = report;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `${env.date} · Node ${env.node} · ${env.platform}/${env.arch} · ${env.cpuCount} × ${env.cpuModel}`,
    '',
  ];

  const token = report.tokenSingleFlight;
  if (token) {
    lines.push(
      `## token-single-flight (${token.calls} concurrent GET /sites, client credentials)`,
      '',
      '| phase | token requests | expected | GET /sites seen by the server | wall time (ms) | result |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...token.phases.map(
        (phase) =>
          `| ${phase.phase} | ${phase.tokenRequests} | ${phase.expectedTokenRequests} | ${phase.apiRequests} | ${round(phase.wallMs)} | ${phase.pass ? 'PASS' : '**FAIL**'} |`,
      ),
      '',
    );
  }

  const overhead = report.clientOverhead;
  if (overhead) {
    lines.push(
      `## client-overhead (${overhead.requests} × GET /sites/{id}/carbon-emissions, latest interval, ${overhead.sites} sites, concurrency ${overhead.concurrency})`,
      '',
      `${overhead.rounds} rounds after ${overhead.warmupRequests} warm-up requests per stack, the order rotating each round. ours / baseline is the median of the per-round ratios (each stack against the baseline of the same round). Target: ≤ ${overhead.target.toFixed(2)}.`,
      '',
      '| stack | what it is | rounds (ms) | median (ms) | req/s | client busy (µs/req) | ours / baseline | result |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
      ...overhead.stacks.map((stack) => {
        const verdict = stack.verdict === 'MISS' ? '**MISS**' : stack.verdict;
        return `| ${stack.id} | ${stack.description} | ${stack.roundsMs.map((ms) => round(ms, 0)).join(' / ')} | ${round(stack.medianMs)} | ${round(stack.requestsPerSecond, 0)} | ${round(stack.busyMicrosPerRequest, 0)} | ${stack.ratio.toFixed(2)} | ${verdict} |`;
      }),
      '',
      ...layerBreakdown(overhead),
    );
  }
  return lines.join('\n');
}

export function toJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * What each layer adds to the client thread's busy time per request, from one row to the next. Busy time
 * (event-loop utilisation) is steadier than wall time on a loaded machine and does not include waiting
 * for the server, so the differences point at the layer to optimise.
 */
function layerBreakdown(overhead: ClientOverheadResult): string[] {
  const busy = new Map(overhead.stacks.map((stack) => [stack.id, stack.busyMicrosPerRequest]));
  const steps: Array<[string, StackId, StackId]> = [
    ['node:http instead of undici', 'baseline', 'node-http'],
    ['createUndiciTransport on top of undici', 'baseline', 'undici-transport'],
    ['createHttpClient on top of the undici transport', 'undici-transport', 'undici-http-client'],
    [
      'createCarbonClient (checks, zod, merge) on top of createHttpClient',
      'undici-http-client',
      'undici-carbon-client',
    ],
    ['axios on top of node:http (the axios transport)', 'node-http', 'axios-transport'],
  ];
  const rows = steps.flatMap(([label, from, to]) => {
    const before = busy.get(from);
    const after = busy.get(to);
    if (before === undefined || after === undefined) return [];
    const delta = after - before;
    return [`| ${label} | ${delta >= 0 ? '+' : ''}${round(delta, 0)} |`];
  });
  if (rows.length === 0) return [];
  return ['| client busy time added by | µs/request |', '| --- | ---: |', ...rows, ''];
}
