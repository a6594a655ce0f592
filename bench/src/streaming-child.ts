/**
 * One form of the streaming benchmark, alone in a child process so that its peak RSS is its own: the
 * parent (and the simulator thread it runs) never share this process' memory. The parent sends one
 * `StreamingJob` over IPC and gets one `StreamingChildResult` (or `{ error }`) back.
 */
import { getHeapStatistics } from 'node:v8';
import {
  createEcoStruxureClient,
  getEmissions,
  getEmissionsReport,
  streamEmissions,
  type GetEmissionsParams,
} from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';

/** `report`: Get Report over the same rows (both methods, so twice the rows read), summed per site and month. */
export type StreamingForm = 'buffered' | 'streaming' | 'report';

export interface StreamingJob {
  form: StreamingForm;
  baseUrl: string;
  /** Sent by the parent: importing the simulator here for it would count its modules in this RSS. */
  token: string;
  siteIds: string[];
  from: string;
  to: string;
  /** For `streaming`: the methods streamed one after the other (default: the API's, one pass). */
  methods?: Array<'location-based' | 'market-based'>;
}

export interface StreamingChildResult {
  form: StreamingForm;
  rows: number;
  /** Batches the stream yielded (1 for the buffered form: one result). */
  batches: number;
  /** The largest batch, in rows: what the consumer holds at once. */
  largestBatchRows: number;
  /** HTTP exchanges the client made (site list and every page). */
  requests: number;
  wallMs: number;
  /** Resident set size after start-up (modules loaded, client built), before the first request. */
  idleRssBytes: number;
  /** The process' peak resident set size over its whole life (getrusage's ru_maxrss). */
  peakRssBytes: number;
  /** The largest of the samples taken every 20 ms while the form ran (see `sampleMemory`). */
  sampled: MemorySample;
  /** The V8 heap limit the process ran with. */
  heapLimitBytes: number;
}

async function run(job: StreamingJob): Promise<StreamingChildResult> {
  const undici = createUndiciTransport();
  let requests = 0;
  const client = createEcoStruxureClient({
    baseUrl: job.baseUrl,
    credentials: { kind: 'personalAccessToken', token: job.token },
    transport: {
      send(request) {
        requests += 1;
        return undici.send(request);
      },
    },
    runtime: nodeRuntime,
  });
  const params: GetEmissionsParams = {
    siteIds: job.siteIds,
    range: 'custom',
    from: job.from,
    to: job.to,
    granularity: 'PT15M',
  };
  const idleRssBytes = process.memoryUsage.rss();
  const sampler = sampleMemory(20);
  const start = performance.now();
  let rows = 0;
  let batches = 0;
  let largestBatchRows = 0;
  try {
    if (job.form === 'streaming') {
      // What a node in one-message-per-page mode does: pass each batch on and forget it.
      for (const method of job.methods ?? [undefined]) {
        for await (const batch of streamEmissions(client, { ...params, method })) {
          rows += batch.items.length;
          batches += 1;
          largestBatchRows = Math.max(largestBatchRows, batch.items.length);
        }
      }
    } else if (job.form === 'report') {
      rows = await reportRows(client, job);
      batches = 1;
      largestBatchRows = 0;
    } else {
      const result = await getEmissions(client, params);
      rows = result.items.length;
      batches = 1;
      largestBatchRows = rows;
    }
  } finally {
    undici.close();
    sampler.stop();
  }
  const wallMs = performance.now() - start;
  return {
    form: job.form,
    rows,
    batches,
    largestBatchRows,
    requests,
    wallMs,
    idleRssBytes,
    // ru_maxrss is in kilobytes on Linux.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    sampled: sampler.peak,
    heapLimitBytes: getHeapStatistics().heap_size_limit,
  };
}

/**
 * The report over the job's window in UTC (so it reads exactly the streamed rows, for each method), without
 * the year-before comparison; returns the intervals it summed, from its own completeness counts.
 */
async function reportRows(client: ReturnType<typeof createEcoStruxureClient>, job: StreamingJob) {
  const report = await getEmissionsReport(client, {
    siteIds: job.siteIds,
    period: 'custom',
    from: job.from.slice(0, 10),
    to: job.to.slice(0, 10),
    bucket: 'month',
    timeZone: 'UTC',
    granularity: 'PT15M',
    compareWithPreviousYear: false,
  });
  return report.items.reduce((sum, row) => sum + row.intervalsReceived + row.intervalsReceivedMarketBased, 0);
}

export interface MemorySample {
  rssBytes: number;
  /** V8 heap in use: live objects plus garbage not yet collected. */
  heapUsedBytes: number;
  /** V8 heap reserved from the system. */
  heapTotalBytes: number;
  /** Memory outside the V8 heap held by JavaScript objects (buffers, undici's sockets). */
  externalBytes: number;
}

/**
 * Samples `process.memoryUsage()` on a timer and keeps each field's maximum. RSS alone says how much
 * memory the process took; the heap figures tell what the program kept alive from what the garbage
 * collector had not yet reclaimed.
 */
function sampleMemory(everyMs: number): { peak: MemorySample; stop(): void } {
  const peak: MemorySample = { rssBytes: 0, heapUsedBytes: 0, heapTotalBytes: 0, externalBytes: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rssBytes = Math.max(peak.rssBytes, usage.rss);
    peak.heapUsedBytes = Math.max(peak.heapUsedBytes, usage.heapUsed);
    peak.heapTotalBytes = Math.max(peak.heapTotalBytes, usage.heapTotal);
    peak.externalBytes = Math.max(peak.externalBytes, usage.external);
  };
  const timer = setInterval(sample, everyMs);
  return {
    peak,
    stop() {
      clearInterval(timer);
      sample();
    },
  };
}

process.once('message', (job: StreamingJob) => {
  run(job).then(
    (result) => process.send?.(result),
    (error: unknown) =>
      process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
