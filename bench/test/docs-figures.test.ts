/**
 * The READMEs quote benchmark figures; they must be the figures of the committed results, and say where
 * they come from. When `results/latest.*` is refreshed, this test names the sentences to update.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bench = join(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(bench, path), 'utf8');

interface Stack {
  id: string;
  ratio: number;
  busyMicrosPerRequest: number;
}
interface StreamingForm {
  sites: number;
  rows: number;
  rowsPerSecond: number;
  peakRssBytes: number;
  sampled: { heapUsedBytes: number };
}
interface LatencyStack {
  id: string;
  shareOfIdeal: number;
  msPerRequestPerSlot: number;
  ratio: number;
}
interface SyncPath {
  id: string;
  rows: number;
  rateUsed: number;
  wallMs: number;
  served: { ok: number };
}
interface ScaleRun {
  rssBeforeBytes: number;
  peakRssBytes: number;
  peakHeapUsedBytes: number;
  secondHalfSlopeMbPerMinute: number;
  verdict: string;
}
const results = JSON.parse(read('results/latest.json')) as {
  rateLimitedSync: { perSecond: number; paths: SyncPath[] };
  nodeRedVsFlow: {
    ratio: number;
    roundRatios: number[];
    forms: Array<{ id: string; rowsPerSecond: number; heapBytesPerMessage: number; medianMs: number }>;
    corePages: { coreMs: number; bareMs: number; extraMsPerPage: number };
  };
  n8nVsWorkflow: { ratio: number; roundRatios: number[]; forms: Array<{ id: string; medianMs: number }> };
  nodeRedScale: { defaults: ScaleRun; smallHeap: ScaleRun };
  emissionsReport: {
    rows: number;
    streaming: StreamingForm & { wallMs: number };
    report: StreamingForm & { wallMs: number };
    reportSmallHeap: StreamingForm & { wallMs: number };
    wallRatio: number;
    peakRssRatio: number;
  };
  clientOverhead: { stacks: Stack[] };
  latencyThroughput: { stacks: LatencyStack[] };
  streaming: {
    rows: number;
    streaming: StreamingForm;
    streamingSmallHeap: StreamingForm;
    streamingBufferedSites: StreamingForm;
    buffered: StreamingForm;
    bufferedPeakRssExtrapolatedBytes: number;
    rowsPerSecondRatio: number;
  };
};
const stackOf = (id: string): Stack => {
  const stack = results.clientOverhead.stacks.find((candidate) => candidate.id === id);
  if (!stack) throw new Error(`results/latest.json has no stack ${id}.`);
  return stack;
};
const ratioOf = (id: string): number => stackOf(id).ratio;
/** What one layer adds to the client's busy time per request, as the results' second table gives it. */
const addedMicros = (from: string, to: string): string =>
  String(Math.round(stackOf(to).busyMicrosPerRequest - stackOf(from).busyMicrosPerRequest));
const oneDecimal = (value: number): string => value.toFixed(1);
const megabytes = (bytes: number): string => String(Math.round(bytes / 1e6));
const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const latencyOf = (id: string): LatencyStack => {
  const stack = results.latencyThroughput.stacks.find((candidate) => candidate.id === id);
  if (!stack) throw new Error(`results/latest.json has no latency-throughput stack ${id}.`);
  return stack;
};

describe('benchmark figures quoted in the READMEs', () => {
  const transport = ratioOf('axios-transport');
  const fullClient = ratioOf('axios-carbon-client');

  it('core README: the axios range and its two ends, with their source', () => {
    const readme = read('../packages/core/README.md');
    expect(readme).toContain(`axios costs\n${oneDecimal(transport)}-${oneDecimal(fullClient)}x`);
    expect(readme).toContain(
      `transport alone ${transport.toFixed(2)}, full carbon client ${fullClient.toFixed(2)}`,
    );
    expect(readme).toContain('`bench/results/latest.md`');
  });

  it('core README: the latency-throughput figures and their verdict', () => {
    const readme = read('../packages/core/README.md').replace(/\s+/g, ' ');
    const client = latencyOf('carbon-client');
    const baseline = latencyOf('baseline');
    expect(readme).toContain(
      `the full client reaches ${oneDecimal(client.shareOfIdeal * 100)} % of the ideal rate, ${client.ratio.toFixed(2)} of a bare undici loop's (which reaches ${oneDecimal(baseline.shareOfIdeal * 100)} %)`,
    );
    // The verdict the results give (target: 95 % of the ideal rate) is the one the README states.
    const met = client.shareOfIdeal >= 0.95;
    expect(readme).toContain(met ? 'meeting the 95 % target' : 'just short of the 95 % target');
  });

  it('bench README: the axios figures, with their source', () => {
    const readme = read('README.md');
    expect(readme).toContain(
      `On axios the full client is ${oneDecimal(fullClient)}x the loop and the bare axios transport ${oneDecimal(transport)}x (\`results/latest.md\``,
    );
  });

  it('bench README: the undici figures and what costs them', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    expect(readme).toContain(
      `the full carbon client on undici took ${ratioOf('undici-carbon-client').toFixed(2)}x the bare loop's wall time and \`createHttpClient\` ${ratioOf('undici-http-client').toFixed(2)}x`,
    );
    expect(readme).toContain(
      `\`createHttpClient\` added ${addedMicros('undici-transport', 'undici-http-client')} µs per request on top of the transport`,
    );
    expect(readme).toContain(
      `\`createCarbonClient\` ${addedMicros('undici-http-client', 'undici-carbon-client')} µs on top of that`,
    );
  });

  it('bench README: the latency-throughput figures', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    const client = latencyOf('carbon-client');
    const baseline = latencyOf('baseline');
    expect(readme).toContain(
      `the full client reached ${oneDecimal(client.shareOfIdeal * 100)} % of the ideal rate and the bare undici loop ${oneDecimal(baseline.shareOfIdeal * 100)} %`,
    );
    expect(readme).toContain(`${baseline.msPerRequestPerSlot.toFixed(2)} ms per request`);
    expect(readme).toContain(`${client.ratio.toFixed(2)} of the bare loop's rate`);
  });

  it('bench README: the streaming figures', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    const { streaming, streamingSmallHeap, streamingBufferedSites, buffered } = results.streaming;
    expect(readme).toContain(
      `${thousands(results.streaming.rows)} rows, streamed with Node's defaults, peaked at ${megabytes(streaming.peakRssBytes)} MB RSS`,
    );
    expect(readme).toContain(`at most ${megabytes(streaming.sampled.heapUsedBytes)} MB of heap in use`);
    expect(readme).toContain(
      `peaked at ${megabytes(streamingSmallHeap.peakRssBytes)} MB RSS with at most ${megabytes(streamingSmallHeap.sampled.heapUsedBytes)} MB of heap in use`,
    );
    expect(readme).toContain(
      `${buffered.sites} sites of the year (${thousands(buffered.rows)} rows) peaked at ${megabytes(buffered.peakRssBytes)} MB`,
    );
    expect(readme).toContain(`about ${megabytes(results.streaming.bufferedPeakRssExtrapolatedBytes)} MB`);
    expect(readme).toContain(
      `${thousands(streamingBufferedSites.rowsPerSecond)} rows/s, ${results.streaming.rowsPerSecondRatio.toFixed(2)}x the buffered form's ${thousands(buffered.rowsPerSecond)}`,
    );
    expect(readme).toContain(
      `all 100 sites streamed at ${thousands(streaming.rowsPerSecond)} rows/s with Node's defaults and ${thousands(streamingSmallHeap.rowsPerSecond)} in the small heap`,
    );
  });

  it('bench README: the emissions-report figures', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    const { rows, streaming, report, reportSmallHeap } = results.emissionsReport;
    const seconds = (form: { wallMs: number }) => (form.wallMs / 1000).toFixed(1);
    expect(readme).toContain(
      `read ${thousands(rows)} intervals in ${seconds(report)} s (${thousands(report.rowsPerSecond)} rows/s) and peaked at ${megabytes(report.peakRssBytes)} MB RSS with at most ${megabytes(report.sampled.heapUsedBytes)} MB of heap in use`,
    );
    expect(readme).toContain(
      `streaming the same rows took ${seconds(streaming)} s and peaked at ${megabytes(streaming.peakRssBytes)} MB with at most ${megabytes(streaming.sampled.heapUsedBytes)} MB of heap in use`,
    );
    expect(readme).toContain(
      `The report's peak is ${results.emissionsReport.peakRssRatio.toFixed(2)} of the stream's`,
    );
    expect(readme).toContain(
      `completed the year in ${seconds(reportSmallHeap)} s and peaked at ${megabytes(reportSmallHeap.peakRssBytes)} MB RSS with at most ${megabytes(reportSmallHeap.sampled.heapUsedBytes)} MB of heap in use`,
    );
    expect(readme).toContain(`${results.emissionsReport.wallRatio.toFixed(2)} of the stream's in this run`);
  });

  it('bench README: the rate-limited sync figures', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    const path = (id: string): SyncPath => {
      const found = results.rateLimitedSync.paths.find((candidate) => candidate.id === id);
      if (!found) throw new Error(`results/latest.json has no rate-limited-sync path ${id}.`);
      return found;
    };
    const share = (value: number) => `${oneDecimal(value * 100)} %`;
    expect(readme).toContain(
      `Core used ${share(path('core').rateUsed)} of the allowed rate and the Node-RED node ${share(path('node-red').rateUsed)}`,
    );
    const seconds = (sync: SyncPath) => (sync.wallMs / 1000).toFixed(1);
    expect(readme).toContain(
      `The n8n node misses it: ${share(path('n8n').rateUsed)} of the rate used (${seconds(path('n8n'))} s for 2,000 items against core's ${seconds(path('core'))} s)`,
    );
    expect(readme).toContain(`(${thousands(path('n8n').served.ok)} requests now)`);
    expect(readme).toContain(
      `(${share(path('n8n, output series').rateUsed)}, ${seconds(path('n8n, output series'))} s)`,
    );
    const credential = path('n8n HTTP Request, credential');
    expect(readme).toContain(
      `it used ${share(credential.rateUsed)} (${seconds(credential)} s), below our node`,
    );
    expect(readme).toContain(
      `With the Bearer header typed into the node (no credential to read) it used ${share(path('n8n HTTP Request').rateUsed)}`,
    );
  });

  it('bench README: the Node-RED and n8n comparisons with hand-built flows', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    const { nodeRedVsFlow: flow, n8nVsWorkflow: workflow } = results;
    const form = (id: string) => {
      const found = flow.forms.find((candidate) => candidate.id === id);
      if (!found) throw new Error(`results/latest.json has no node-red-vs-flow form ${id}.`);
      return found;
    };
    const ours = form('Get Emissions node');
    const theirs = form('hand-built flow');
    expect(readme).toContain(
      `our node ran at ${flow.ratio.toFixed(2)}x the hand-built flow (${thousands(ours.rowsPerSecond)} rows/s against ${thousands(theirs.rowsPerSecond)}; the rounds' ratios ${flow.roundRatios.map((value) => value.toFixed(2)).join(' / ')})`,
    );
    expect(readme).toContain(
      `${Math.round(ours.heapBytesPerMessage / 1000)} kB of heap per message at the peak against ${Math.round(theirs.heapBytesPerMessage / 1000)} kB`,
    );
    expect(readme).toContain(
      `took ${Math.round(flow.corePages.coreMs)} ms through core's \`streamEmissions\` and ${Math.round(flow.corePages.bareMs)} ms through a bare undici loop`,
    );
    expect(readme).toContain(`core adds ${flow.corePages.extraMsPerPage.toFixed(2)} ms per page`);
    // Only when ours is the slower flow does the README say how much of the gap core explains.
    if (ours.medianMs > theirs.medianMs) {
      expect(readme).toContain(
        `of the ${Math.round(ours.medianMs - theirs.medianMs)} ms between the two flows' medians`,
      );
    }
    const medianOf = (id: string) =>
      Math.round(workflow.forms.find((candidate) => candidate.id === id)?.medianMs ?? NaN);
    expect(readme).toContain(
      `the hand-built workflow took ${workflow.ratio.toFixed(2)}x our node's time (median ${medianOf('hand-built workflow')} ms against ${medianOf('Carbon node')} ms; rounds' ratios ${workflow.roundRatios.map((value) => value.toFixed(2)).join(' / ')})`,
    );
  });

  it('bench README: the Node-RED scale figures', () => {
    const readme = read('README.md').replace(/\s+/g, ' ');
    const { defaults, smallHeap } = results.nodeRedScale;
    expect(readme).toContain(`the runtime's RSS rose from ${megabytes(defaults.rssBeforeBytes)} MB`);
    expect(readme).toContain(
      `(peak ${megabytes(defaults.peakRssBytes)} MB; slope over the second half ${oneDecimal(defaults.secondHalfSlopeMbPerMinute)} MB per minute`,
    );
    expect(readme).toContain(`flat, ${defaults.verdict}`);
    expect(readme).toContain(`the same year peaked at ${megabytes(smallHeap.peakRssBytes)} MB`);
    expect(readme).toContain(`its heap in use never exceeded ${megabytes(smallHeap.peakHeapUsedBytes)} MB`);
  });

  it('bench README: no wrapped line starts a stray numbered list', () => {
    // A sentence wrapped before "1." renders as a list item that restarts the text.
    const lines = read('README.md').split('\n');
    lines.forEach((line, index) => {
      if (/^\d+\. /.test(line) && !/^\d+\. /.test(lines[index - 2] ?? '') && lines[index - 1] === '') {
        expect(lines[index - 2] ?? '', `line ${index + 1} "${line}"`).toMatch(/[.:!?)`|]$|^#|^$/);
      }
    });
  });
});
