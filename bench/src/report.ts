/** Turns the results into the markdown table and JSON document written to bench/results/. */
import type { ClientOverheadResult, StackId } from './client-overhead.js';
import type { EmissionsReportResult } from './emissions-report.js';
import type { LatencyThroughputResult } from './latency-throughput.js';
import { round } from './stats.js';
import type { StreamingFormResult, StreamingResult } from './streaming.js';
import type { TokenSingleFlightResult } from './token-single-flight.js';
import type { N8nVsWorkflowResult } from './n8n-vs-workflow.js';
import type { NodeRedScaleResult } from './node-red-scale.js';
import type { NodeRedVsFlowResult } from './node-red-vs-flow.js';
import type { RateLimitedSyncResult } from './rate-limited-sync.js';
import {
  n8nVsWorkflowSection,
  nodeRedScaleSection,
  nodeRedVsFlowSection,
  rateLimitedSyncSection,
} from './report-platforms.js';

export interface Environment {
  date: string;
  node: string;
  platform: string;
  arch: string;
  cpuCount: number;
  cpuModel: string;
  /** os.loadavg() (1, 5, 15 minutes) when the run started and when it ended: other work on the machine. */
  loadAverageStart?: number[];
  loadAverageEnd?: number[];
}

export interface BenchReport {
  environment: Environment;
  tokenSingleFlight?: TokenSingleFlightResult;
  clientOverhead?: ClientOverheadResult;
  latencyThroughput?: LatencyThroughputResult;
  streaming?: StreamingResult;
  emissionsReport?: EmissionsReportResult;
  rateLimitedSync?: RateLimitedSyncResult;
  nodeRedVsFlow?: NodeRedVsFlowResult;
  n8nVsWorkflow?: N8nVsWorkflowResult;
  nodeRedScale?: NodeRedScaleResult;
  /**
   * Sections not measured in this run but kept from the previous results (a run with --only), with the
   * date and load average of the run that measured them.
   */
  kept?: Record<string, Environment>;
  /** True when every benchmark with a hard expectation met it (ratio misses do not count, see README). */
  pass: boolean;
}

export function toMarkdown(report: BenchReport): string {
  const { environment: env } = report;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `${env.date} · Node ${env.node} · ${env.platform}/${env.arch} · ${env.cpuCount} × ${env.cpuModel}${loadAverage(env)}`,
    '',
    ...Object.entries(report.kept ?? {}).map(
      ([section, measured]) =>
        `- ${section}: kept from the run of ${measured.date}${loadAverage(measured)}\n`,
    ),
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
      `${overhead.rounds} rounds after ${overhead.warmupRequests} warm-up requests per stack, the order rotating each round. ours / baseline is the median of the per-round ratios (each stack against the baseline of the same round). Information only: on loopback the server answers in microseconds, so this is the client's CPU cost per request; throughput is held to its target at a realistic latency (latency-throughput).`,
      '',
      '| stack | what it is | rounds (ms) | median (ms) | req/s | client busy (µs/req) | ours / baseline | result |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
      ...overhead.stacks.map((stack) => {
        return `| ${stack.id} | ${stack.description} | ${stack.roundsMs.map((ms) => round(ms, 0)).join(' / ')} | ${round(stack.medianMs)} | ${round(stack.requestsPerSecond, 0)} | ${round(stack.busyMicrosPerRequest, 0)} | ${stack.ratio.toFixed(2)} | ${stack.verdict} |`;
      }),
      '',
      ...layerBreakdown(overhead),
    );
  }
  if (report.latencyThroughput) lines.push(...latencySection(report.latencyThroughput));
  if (report.streaming) lines.push(...streamingSection(report.streaming));
  if (report.emissionsReport) lines.push(...emissionsReportSection(report.emissionsReport));
  if (report.rateLimitedSync) lines.push(...rateLimitedSyncSection(report.rateLimitedSync));
  if (report.nodeRedVsFlow) lines.push(...nodeRedVsFlowSection(report.nodeRedVsFlow));
  if (report.n8nVsWorkflow) lines.push(...n8nVsWorkflowSection(report.n8nVsWorkflow));
  if (report.nodeRedScale) lines.push(...nodeRedScaleSection(report.nodeRedScale));
  return lines.join('\n');
}

function loadAverage(env: Environment): string {
  if (env.loadAverageStart === undefined) return '';
  const text = (values: number[] | undefined) => (values ?? []).map((value) => value.toFixed(1)).join(' / ');
  return ` · load average (1 / 5 / 15 min) ${text(env.loadAverageStart)} at the start, ${text(env.loadAverageEnd)} at the end`;
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

const megabytes = (bytes: number): number => round(bytes / 1e6, 0);

function latencySection(result: LatencyThroughputResult): string[] {
  return [
    `## latency-throughput (every Carbon API request answered ${result.delayMs} ms late, ${result.sites} sites, concurrency ${result.concurrency})`,
    '',
    `Ideal: ${result.concurrency} in flight / ${result.delayMs} ms = ${round(result.idealRequestsPerSecond, 0)} requests/s. ${result.rounds} rounds after one warm-up round per stack, the order alternating. ms per request per slot is the median round's wall time × ${result.concurrency} / its requests: the ${result.delayMs} ms delay plus everything else. share of ideal is the median round's rate over the ideal; ours / baseline is the median of the per-round rate ratios. Target: share of ideal ≥ ${Math.round(result.target * 100)} %.`,
    '',
    '| stack | what it is | requests per round | rounds (ms) | median (ms) | ms per request per slot | req/s | share of ideal | ours / baseline | result |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.stacks.map((stack) => {
      const verdict = stack.verdict === 'MISS' ? '**MISS**' : stack.verdict;
      return `| ${stack.id} | ${stack.description} | ${stack.requests} | ${stack.roundsMs.map((ms) => round(ms, 0)).join(' / ')} | ${round(stack.medianMs, 0)} | ${stack.msPerRequestPerSlot.toFixed(2)} | ${round(stack.requestsPerSecond, 0)} | ${(stack.shareOfIdeal * 100).toFixed(1)} % | ${stack.ratio.toFixed(2)} | ${verdict} |`;
    }),
    '',
  ];
}

/** The columns of a form's row, shared by the streaming and emissions-report tables. */
const FORM_HEADER = [
  '| form | what it does | sites | rows | requests | batches | largest batch (rows) | wall (s) | rows/s | RSS after start-up (MB) | peak heap used (MB) | peak RSS (MB) | result |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];

function formRow(form: StreamingFormResult, what: string, verdict: string): string {
  return `| ${form.form}${form.nodeFlags.length > 0 ? `, \`${form.nodeFlags.join(' ')}\`` : ''} | ${what} | ${form.sites} | ${form.rows} | ${form.requests} | ${form.batches} | ${form.largestBatchRows} | ${round(form.wallMs / 1000, 1)} | ${round(form.rowsPerSecond, 0)} | ${megabytes(form.idleRssBytes)} | ${megabytes(form.sampled.heapUsedBytes)} | ${megabytes(form.peakRssBytes)} | ${verdict} |`;
}

function streamingSection(result: StreamingResult): string[] {
  const lines = [
    `## streaming (${result.days} days of 15-minute data, ${result.from.slice(0, 10)} to ${result.to.slice(0, 10)}, for ${result.sites} sites: ${result.rows} rows)`,
    '',
    `Each form in its own Node process, against one simulator on a thread of the benchmark. Peak RSS is the process' whole-life maximum (getrusage); peak heap used is the largest of \`process.memoryUsage().heapUsed\` sampled every 20 ms (live objects and garbage not yet collected). Node's default V8 heap limit here: ${megabytes(result.streaming.heapLimitBytes)} MB. Target: streaming peak RSS < ${megabytes(result.targetPeakRssBytes)} MB with Node's defaults.${result.days < 365 ? ` A slice of the year (\`--days ${result.days}\`); the default is the whole year.` : ''}`,
    '',
    ...FORM_HEADER,
    formRow(result.buffered, '`getEmissions`: every row in one result', 'baseline'),
    formRow(
      result.streaming,
      '`streamEmissions`: one batch per page, counted and dropped',
      result.verdict === 'PASS' ? 'PASS' : '**MISS**',
    ),
    formRow(result.streamingSmallHeap, 'the same stream in a small heap', 'info'),
    formRow(result.streamingBufferedSites, "the stream of the buffered form's sites, for speed", 'info'),
    '',
    '| figure | streaming / buffered |',
    '| --- | ---: |',
    `| peak RSS${result.bufferedCapped ? ' (buffered extrapolated to every site)' : ''} | ${result.peakRssRatio.toFixed(2)} |`,
    `| rows/s (the same ${result.buffered.sites} sites, median of ${result.speedRounds.length} rounds: ${result.speedRounds.map((speed) => (speed.streaming / speed.buffered).toFixed(2)).join(' / ')}) | ${result.rowsPerSecondRatio.toFixed(2)} |`,
    '',
  ];
  if (result.bufferedCapped) {
    const perRow = (result.buffered.peakRssBytes - result.buffered.idleRssBytes) / result.buffered.rows;
    const overLimit = result.bufferedPeakRssExtrapolatedBytes > result.buffered.heapLimitBytes;
    lines.push(
      `The buffered form got the first ${result.buffered.sites} of the ${result.sites} sites (at most ${result.buffered.sites * result.days * 96} rows, so the run stays well inside the machine's memory). Its RSS grew by ${round(perRow, 0)} bytes per row, which extrapolates to a peak of about ${megabytes(result.bufferedPeakRssExtrapolatedBytes)} MB for all ${result.rows} rows${overLimit ? `, over Node's default heap limit of ${megabytes(result.buffered.heapLimitBytes)} MB: buffered, the whole range does not fit` : ''}.`,
      '',
    );
  }
  return lines;
}

export function emissionsReportSection(result: EmissionsReportResult): string[] {
  return [
    `## emissions-report (${result.days} days of 15-minute data, ${result.from.slice(0, 10)} to ${result.to.slice(0, 10)}, for ${result.sites} sites, both methods: ${result.rows} rows)`,
    '',
    `\`getEmissionsReport\` (the period in UTC, summed per site and month, no year-before comparison) next to streaming the same rows, each in its own Node process with Node's defaults. Target: the report's peak RSS < ${megabytes(result.targetPeakRssBytes)} MB, the streaming target.${result.days < 365 ? ` A slice of the year (\`--days ${result.days}\`); the default is the whole year.` : ''}`,
    '',
    ...FORM_HEADER,
    formRow(
      result.streaming,
      '`streamEmissions` of each method in turn, pages counted and dropped',
      'baseline',
    ),
    formRow(
      result.report,
      '`getEmissionsReport`: the same rows summed per site and month',
      result.verdict === 'PASS' ? 'PASS' : '**MISS**',
    ),
    formRow(result.reportSmallHeap, 'the same report in a small heap', 'info'),
    '',
    '| figure | report / streaming |',
    '| --- | ---: |',
    `| wall time | ${result.wallRatio.toFixed(2)} |`,
    `| peak RSS | ${result.peakRssRatio.toFixed(2)} |`,
    '',
  ];
}
