/**
 * emissions-report: core's `getEmissionsReport` over a long range of 15-minute data for 100 sites (the
 * period in UTC, both methods, summed per site and month, no year-before comparison) next to streaming the
 * same rows (`streamEmissions` of each method in turn, every page counted and dropped). Each runs alone in
 * a child process, as in the streaming benchmark, so its peak RSS is its own; the simulator runs on a
 * thread of this process and serves both. The report holds only its sums per site and month, so it must
 * stay within the streaming target whatever the range; it also runs in the streaming benchmark's small heap,
 * which shows how much of its peak is live data and how much is collector headroom.
 */
import { startSimulatorThread } from './simulator-thread.js';
import {
  measureForm,
  PEAK_RSS_TARGET_BYTES,
  SMALL_HEAP_FLAGS,
  yearSlice,
  type StreamingFormResult,
  type YearSliceRun,
} from './streaming.js';

export interface EmissionsReportOptions {
  sites: number;
  /** Days of 15-minute data from 2025-01-01, 1..365. */
  days: number;
}

export interface EmissionsReportResult extends YearSliceRun {
  name: 'emissions-report';
  /** Rows read by each form: sites × days × 96 × 2 methods. */
  rows: number;
  /** Both methods streamed, one after the other: the same rows the report reads. */
  streaming: StreamingFormResult;
  report: StreamingFormResult;
  /** The report in a process started with SMALL_HEAP_FLAGS: how much of its peak is live data. */
  reportSmallHeap: StreamingFormResult;
  /** Report wall time / streaming wall time. */
  wallRatio: number;
  /** Report peak RSS / streaming peak RSS. */
  peakRssRatio: number;
  targetPeakRssBytes: number;
  verdict: 'PASS' | 'MISS';
}

export async function runEmissionsReport(options: EmissionsReportOptions): Promise<EmissionsReportResult> {
  const { from, to, rowsPerSite } = yearSlice(options.days);
  const sim = await startSimulatorThread({ sites: options.sites });
  try {
    const siteIds = sim.siteIds.slice(0, options.sites);
    if (siteIds.length < options.sites) {
      throw new Error(`the simulator serves ${siteIds.length} sites, ${options.sites} were asked for`);
    }
    const job = { baseUrl: sim.url, siteIds, from, to };
    const streaming = await measureForm(
      { ...job, form: 'streaming', methods: ['location-based', 'market-based'] },
      rowsPerSite,
    );
    const report = await measureForm({ ...job, form: 'report' }, rowsPerSite);
    const reportSmallHeap = await measureForm({ ...job, form: 'report' }, rowsPerSite, SMALL_HEAP_FLAGS);
    return {
      name: 'emissions-report',
      sites: options.sites,
      days: options.days,
      from,
      to,
      rows: report.rows,
      streaming,
      report,
      reportSmallHeap,
      wallRatio: report.wallMs / streaming.wallMs,
      peakRssRatio: report.peakRssBytes / streaming.peakRssBytes,
      targetPeakRssBytes: PEAK_RSS_TARGET_BYTES,
      verdict: report.peakRssBytes < PEAK_RSS_TARGET_BYTES ? 'PASS' : 'MISS',
    };
  } finally {
    await sim.close();
  }
}
