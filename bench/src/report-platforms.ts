/** The results sections of the benchmarks against the platforms: rate limits, hand-built flows, scale. */
import type { N8nVsWorkflowResult } from './n8n-vs-workflow.js';
import type { NodeRedScaleResult, NodeRedScaleRun } from './node-red-scale.js';
import type { NodeRedVsFlowResult } from './node-red-vs-flow.js';
import type { RateLimitedSyncResult } from './rate-limited-sync.js';
import { round } from './stats.js';
import { SMALL_HEAP_FLAGS } from './streaming.js';

const megabytes = (bytes: number): number => round(bytes / 1e6, 0);
const bold = (verdict: string): string =>
  verdict === 'MISS' || verdict === 'FAIL' ? `**${verdict}**` : verdict;
const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

export function rateLimitedSyncSection(result: RateLimitedSyncResult): string[] {
  return [
    `## rate-limited-sync (${result.sites} sites, latest interval, the simulator allowing ${result.perSecond} requests per second per credential)`,
    '',
    `The simulator answers requests over its one-second window 429 with Retry-After. rate used is the requests the server answered 200 per second of the sync, over ${result.perSecond}; rows/s over the limit counts only rows delivered. Targets: 0 lost, 0 duplicates, rate used ≥ ${Math.round(result.targetRateUsed * 100)} %. A short sync is dominated by its last partial second; ${result.sites} sites is about ${Math.round(result.sites / result.perSecond)} s.`,
    '',
    '| path | what it is | wall (s) | rows | lost | duplicates | answered 200 | answered 429 | other | rate used | rows/s over the limit | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.paths.map(
      (path) =>
        `| ${path.id} | ${path.description} | ${round(path.wallMs / 1000, 1)} | ${path.rows} | ${path.lost} | ${path.duplicates} | ${path.served.ok} | ${path.served.limited} | ${path.served.other} | ${percent(path.rateUsed)} | ${percent(path.rows / (path.wallMs / 1000) / result.perSecond)} | ${bold(path.verdict)}${path.error === undefined ? '' : `: ${path.error}`} |`,
    ),
    '',
    ...result.notRun.map((line) => `${line}\n`),
    ...n8nProfileLines(result),
  ];
}

/** Where n8n's main process spent its CPU during each n8n execution, from its CPU profile. */
function n8nProfileLines(result: RateLimitedSyncResult): string[] {
  const profiles = Object.entries(result.n8nProfiles ?? {});
  if (profiles.length === 0) return [];
  const perItem = (ms: number) => round(ms / result.sites, 2);
  return [
    `n8n's main process during each n8n execution (V8 CPU profile, self time; busy = not idle). Per item: over ${result.sites} items.`,
    '',
    '| n8n form | execution (ms) | busy (ms) | idle (ms) | busy per item (ms) | in the node per item (ms) | in the node, by package (ms) | busiest packages (ms) | busiest functions (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...profiles.map(([form, profile]) => {
      const packages = profile.byPackage.slice(0, 5).map((share) => `${share.name} ${share.ms}`);
      const functions = profile.topFunctions.slice(0, 6).map((share) => `${share.name} ${share.ms}`);
      const inNode = profile.inNode.byPackage.map((share) => `${share.name} ${share.ms}`);
      return `| ${form} | ${profile.windowMs} | ${profile.busyMs} | ${profile.idleMs} | ${perItem(profile.busyMs)} | ${perItem(profile.inNode.ms)} | ${inNode.join('; ')} | ${packages.join('; ')} | ${functions.join('; ').replaceAll('|', '\\|')} |`;
    }),
    '',
  ];
}

export function nodeRedVsFlowSection(result: NodeRedVsFlowResult): string[] {
  return [
    `## node-red-vs-flow (${result.days} days of 15-minute data for ${result.sites} sites: ${result.rows} rows, ${result.requests} pages, in one Node-RED 5 runtime)`,
    '',
    `Both flows deployed together, run in turn (order alternating) after one warm-up run each: ${result.rounds} rounds. wall is from the message entering the flow to the last row at the sink (ours: to its done()). ours / flow is the median of the per-round rate ratios (${result.roundRatios.map((value) => value.toFixed(2)).join(' / ')}). Memory: the runtime's largest heap used and RSS above what it held just before the run (after a collection), median round; per message is the heap figure over the messages of a run. Target: ours / flow ≥ ${result.target.toFixed(1)}.`,
    '',
    '| form | what it is | rounds (ms) | median (ms) | rows/s | messages | peak heap above start (MB) | peak RSS above start (MB) | heap per message (kB) | ours / flow | result |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.forms.map(
      (form) =>
        `| ${form.id} | ${form.description} | ${form.roundsMs.map((ms) => round(ms, 0)).join(' / ')} | ${round(form.medianMs, 0)} | ${round(form.rowsPerSecond, 0)} | ${form.messages} | ${megabytes(form.peakHeapGrowthBytes)} | ${megabytes(form.peakRssGrowthBytes)} | ${round(form.heapBytesPerMessage / 1000, 0)} | ${form.verdict === 'baseline' ? '1.00' : result.ratio.toFixed(2)} | ${bold(form.verdict)} |`,
    ),
    '',
    `Outside the runtime, in the benchmark process, the same ${result.corePages.pages} pages took ${round(result.corePages.coreMs, 0)} ms through core's \`streamEmissions\` (rows, site list first) and ${round(result.corePages.bareMs, 0)} ms through a bare undici loop doing the Function node's mapping (median of ${result.corePages.rounds} rounds): core adds ${result.corePages.extraMsPerPage.toFixed(2)} ms per page.`,
    '',
  ];
}

export function n8nVsWorkflowSection(result: N8nVsWorkflowResult): string[] {
  return [
    `## n8n-vs-workflow (${result.days} days of 15-minute data for ${result.sites} sites: ${result.rows} rows, in one real n8n 2.41.1)`,
    '',
    `Both workflows start at a manual trigger and a Code node with one item per site, run in turn (order alternating) after one warm-up run each: ${result.rounds} rounds. Times are n8n's own execution times (started to stopped). ours / workflow is the median of the per-round ratios workflow time / our time (${result.roundRatios.map((value) => value.toFixed(2)).join(' / ')}): above 1, ours is faster. Target ≥ ${result.target.toFixed(1)}.`,
    '',
    '| form | what it is | rounds (ms) | median (ms) | rows/s | ours / workflow | result |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...result.forms.map(
      (form) =>
        `| ${form.id} | ${form.description} | ${form.roundsMs.map((ms) => round(ms, 0)).join(' / ')} | ${round(form.medianMs, 0)} | ${round(form.rowsPerSecond, 0)} | ${form.verdict === 'baseline' ? '1.00' : result.ratio.toFixed(2)} | ${bold(form.verdict)} |`,
    ),
    '',
  ];
}

export function nodeRedScaleSection(result: NodeRedScaleResult): string[] {
  const runs = [result.defaults, result.smallHeap];
  const row = (label: string, value: (run: NodeRedScaleRun) => string) =>
    `| ${label} | ${runs.map(value).join(' | ')} |`;
  return [
    `## node-red-scale (${result.days} days of 15-minute data for ${result.sites} sites: ${result.rows} rows through Get Emissions, one message per page, in a real Node-RED 5 runtime)`,
    '',
    `The runtime's RSS sampled every ${result.sampleEveryMs} ms over the run. Flat (the target, with Node's default heap settings): the least-squares fit of RSS over the run after its first quarter grows by at most 10 % of the peak. The second column runs the same in a runtime started with \`${SMALL_HEAP_FLAGS.join(' ')}\` (information: how much of the peak is the collector's headroom).`,
    '',
    '| figure | Node defaults | small heap |',
    '| --- | ---: | ---: |',
    row('messages', (run) => String(run.messages)),
    row('wall (s)', (run) => String(round(run.wallMs / 1000, 1))),
    row('rows/s', (run) => String(round(run.rowsPerSecond, 0))),
    row('RSS before the run (MB)', (run) => String(megabytes(run.rssBeforeBytes))),
    row('peak RSS (MB)', (run) => String(megabytes(run.peakRssBytes))),
    row('peak heap used (MB)', (run) => String(megabytes(run.peakHeapUsedBytes))),
    row('RSS slope after the first quarter (MB per minute)', (run) => run.slopeMbPerMinute.toFixed(1)),
    row('growth in that fit (MB)', (run) => String(megabytes(run.growthAfterWarmUpBytes))),
    row('RSS slope over the second half (MB per minute)', (run) => run.secondHalfSlopeMbPerMinute.toFixed(1)),
    row('result', (run) => bold(run.verdict)),
    '',
    ...runs.flatMap((run) => {
      // About 20 samples here; the JSON holds them all.
      const step = Math.max(1, Math.ceil(run.samples.length / 20));
      const shown = run.samples.filter((_, index) => index % step === 0 || index === run.samples.length - 1);
      const label = run.nodeFlags.length === 0 ? 'Node defaults' : 'small heap';
      return [
        `${label}, RSS (s: MB): ${shown.map((sample) => `${round(sample.atMs / 1000, 0)}: ${megabytes(sample.rssBytes)}`).join(' · ')}`,
        '',
        `${label}, heap used (s: MB): ${shown.map((sample) => `${round(sample.atMs / 1000, 0)}: ${megabytes(sample.heapUsedBytes)}`).join(' · ')}`,
        '',
      ];
    }),
  ];
}
