/**
 * streaming: a long range of 15-minute emissions for 100 sites turned into rows, through
 * `streamEmissions` (each page's batch counted and dropped, as a node passing pages on does) against
 * the buffered `getEmissions` on the same data. Each form runs alone in a child process, so its peak
 * RSS is its own; the simulator runs on a thread of this process and serves both.
 *
 * A year for 100 sites (3.5 M rows) does not fit a default Node heap when buffered, so the buffered
 * form gets as many whole sites as `bufferedRowLimit` allows and its peak is extrapolated to the rest.
 * The stream of every site runs twice: with Node's default heap settings (the figure held to the target),
 * and in a small heap, which shows how much of its peak is live data and how much is collector headroom.
 * Speed is compared on the same data: when the buffered form is capped, the stream of its sites runs too.
 */
import { fork } from 'node:child_process';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { startSimulatorThread } from './simulator-thread.js';
import { median } from './stats.js';
import type { StreamingChildResult, StreamingForm, StreamingJob } from './streaming-child.js';

/** Streaming must stay under this peak RSS, whatever the range (issue: a year for 100 sites). */
export const PEAK_RSS_TARGET_BYTES = 300 * 1e6;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;
const INTERVALS_PER_DAY = 96;
/** Rounds of the speed comparison: one run of each form per round is at the mercy of the machine's load. */
const SPEED_ROUNDS = 3;
/** The small heap the stream also runs in: old space and each young-generation semi-space capped. */
export const SMALL_HEAP_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=4'];

export interface StreamingOptions {
  sites: number;
  /** Days of 15-minute data from 2025-01-01, 1..365. */
  days: number;
  /** The buffered form gets at most this many rows' worth of whole sites; the rest is extrapolated. */
  bufferedRowLimit: number;
}

export interface StreamingFormResult extends StreamingChildResult {
  /** Node flags the process ran with (none: Node's defaults). */
  nodeFlags: string[];
  sites: number;
  expectedRows: number;
  rowsPerSecond: number;
}

/** What a run over a slice of the year covered: its sites, days, [from, to) and the rows each form read. */
export interface YearSliceRun {
  sites: number;
  days: number;
  from: string;
  to: string;
  rows: number;
}

export interface StreamingResult extends YearSliceRun {
  name: 'streaming';
  /** Rows of the whole range for every site: sites × days × 96. */
  rows: number;
  streaming: StreamingFormResult;
  buffered: StreamingFormResult;
  /** The same stream in a process started with SMALL_HEAP_FLAGS. */
  streamingSmallHeap: StreamingFormResult;
  /** The stream of exactly the buffered form's sites: the speed comparison on the same data. */
  streamingBufferedSites: StreamingFormResult;
  /** Rows per second of each speed round, the two forms on the same sites, one after the other. */
  speedRounds: Array<{ buffered: number; streaming: number }>;
  /** True when the buffered form got fewer sites than the streaming form (it would not fit). */
  bufferedCapped: boolean;
  /**
   * The buffered form's peak RSS scaled to the whole range: its start-up RSS plus its growth per row
   * times all rows. Equal to the measured peak when not capped.
   */
  bufferedPeakRssExtrapolatedBytes: number;
  /** streaming peak RSS / buffered peak RSS (extrapolated to the same rows when capped). */
  peakRssRatio: number;
  /**
   * Rows per second streaming / buffered, both over the buffered form's sites: the median of the
   * per-round ratios (a round runs both forms back to back, so they share the machine's conditions).
   */
  rowsPerSecondRatio: number;
  targetPeakRssBytes: number;
  verdict: 'PASS' | 'MISS';
}

/** The first `days` days of 2025 as [from, to) in ISO, and the 15-minute rows each site has in them. */
export function yearSlice(days: number): { from: string; to: string; rowsPerSite: number } {
  return {
    from: new Date(FIRST_DAY).toISOString(),
    to: new Date(FIRST_DAY + days * DAY_MS).toISOString(),
    rowsPerSite: days * INTERVALS_PER_DAY,
  };
}

export async function runStreaming(options: StreamingOptions): Promise<StreamingResult> {
  const { from, to, rowsPerSite } = yearSlice(options.days);
  const bufferedSites = Math.max(
    1,
    Math.min(options.sites, Math.floor(options.bufferedRowLimit / rowsPerSite)),
  );
  const sim = await startSimulatorThread({ sites: options.sites });
  try {
    const siteIds = sim.siteIds.slice(0, options.sites);
    if (siteIds.length < options.sites) {
      throw new Error(`the simulator serves ${siteIds.length} sites, ${options.sites} were asked for`);
    }
    const measure = (form: StreamingForm, sites: string[], nodeFlags: string[] = []) =>
      measureForm({ form, baseUrl: sim.url, siteIds: sites, from, to }, rowsPerSite, nodeFlags);
    const pairs: Array<{ buffered: StreamingFormResult; streaming: StreamingFormResult }> = [];
    for (let round = 0; round < SPEED_ROUNDS; round += 1) {
      // The order alternates, so neither form always runs first.
      const first = await measure(
        round % 2 === 0 ? 'buffered' : 'streaming',
        siteIds.slice(0, bufferedSites),
      );
      const second = await measure(
        round % 2 === 0 ? 'streaming' : 'buffered',
        siteIds.slice(0, bufferedSites),
      );
      pairs.push(
        round % 2 === 0 ? { buffered: first, streaming: second } : { buffered: second, streaming: first },
      );
    }
    const buffered = medianBy(pairs.map((pair) => pair.buffered));
    const streamingBufferedSites = medianBy(pairs.map((pair) => pair.streaming));
    const streaming = await measure('streaming', siteIds);
    const streamingSmallHeap = await measure('streaming', siteIds, SMALL_HEAP_FLAGS);
    const totalRows = options.sites * rowsPerSite;
    const growthPerRow = (buffered.peakRssBytes - buffered.idleRssBytes) / buffered.rows;
    const bufferedPeakRssExtrapolatedBytes =
      bufferedSites === options.sites
        ? buffered.peakRssBytes
        : buffered.idleRssBytes + growthPerRow * totalRows;
    return {
      name: 'streaming',
      sites: options.sites,
      days: options.days,
      from,
      to,
      rows: totalRows,
      streaming,
      buffered,
      streamingSmallHeap,
      streamingBufferedSites,
      bufferedCapped: bufferedSites < options.sites,
      bufferedPeakRssExtrapolatedBytes,
      peakRssRatio: streaming.peakRssBytes / bufferedPeakRssExtrapolatedBytes,
      speedRounds: pairs.map((pair) => ({
        buffered: pair.buffered.rowsPerSecond,
        streaming: pair.streaming.rowsPerSecond,
      })),
      rowsPerSecondRatio: median(
        pairs.map((pair) => pair.streaming.rowsPerSecond / pair.buffered.rowsPerSecond),
      ),
      targetPeakRssBytes: PEAK_RSS_TARGET_BYTES,
      verdict: streaming.peakRssBytes < PEAK_RSS_TARGET_BYTES ? 'PASS' : 'MISS',
    };
  } finally {
    await sim.close();
  }
}

/**
 * Runs one form in its own process over the job's sites and window and checks it produced every row:
 * `rowsPerSite` for each site and method (the report and a stream of both methods read each interval twice).
 */
export async function measureForm(
  job: Omit<StreamingJob, 'token'>,
  rowsPerSite: number,
  nodeFlags: string[] = [],
): Promise<StreamingFormResult> {
  const token = DEMO_CREDENTIALS.personalAccessToken.value;
  const result = await runChild({ ...job, token }, nodeFlags);
  const methods = job.form === 'report' ? 2 : (job.methods?.length ?? 1);
  const expectedRows = job.siteIds.length * rowsPerSite * methods;
  // No form may skip work it is timed on.
  if (result.rows !== expectedRows) {
    throw new Error(
      `${job.form}: ${result.rows} rows, expected ${expectedRows} (${job.siteIds.length} sites × ${rowsPerSite} × ${methods} method(s))`,
    );
  }
  return {
    ...result,
    nodeFlags,
    sites: job.siteIds.length,
    expectedRows,
    rowsPerSecond: (result.rows / result.wallMs) * 1000,
  };
}

/** The run with the median rows per second (the table shows it, with its memory figures). */
function medianBy(runs: StreamingFormResult[]): StreamingFormResult {
  const sorted = [...runs].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  return sorted[Math.floor(sorted.length / 2)] as StreamingFormResult;
}

/** Runs one form in a fresh Node process and returns what it measured. */
function runChild(job: StreamingJob, nodeFlags: string[]): Promise<StreamingChildResult> {
  return new Promise((resolve, reject) => {
    // No inherited flags (e.g. a debugger or a heap limit): only the ones given.
    const child = fork(new URL('./streaming-child.js', import.meta.url), [], {
      execArgv: nodeFlags,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: StreamingChildResult | { error: string } | undefined;
    child.once('message', (message: StreamingChildResult | { error: string }) => {
      answer = message;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (answer === undefined) {
        reject(
          new Error(`the ${job.form} process ended without a result (exit code ${code}, signal ${signal})`),
        );
      } else if ('error' in answer) {
        reject(new Error(`the ${job.form} process failed: ${answer.error}`));
      } else resolve(answer);
    });
    child.send(job);
  });
}
