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
const results = JSON.parse(read('results/latest.json')) as {
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
