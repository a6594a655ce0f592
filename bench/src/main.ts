/**
 * Runs the benchmarks against in-process simulators and writes bench/results/latest.{md,json}.
 *
 *   node dist/main.js [--only token-single-flight|client-overhead|latency-throughput|streaming]
 *                     [--rounds N] [--requests N] [--days N]
 *
 * Exits 1 when a hard expectation fails (token single flight); a ratio or figure short of its target is
 * reported as MISS but does not fail the run, since wall-clock ratios vary with the machine's load.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runClientOverhead } from './client-overhead.js';
import { runLatencyThroughput } from './latency-throughput.js';
import { type BenchReport, toJson, toMarkdown } from './report.js';
import { runStreaming } from './streaming.js';
import { runTokenSingleFlight } from './token-single-flight.js';

const BENCHMARKS = ['token-single-flight', 'client-overhead', 'latency-throughput', 'streaming'] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

function positiveInteger(name: string, text: string | undefined, fallback: number, max = Infinity): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    const range = max === Infinity ? 'a positive integer' : `an integer from 1 to ${max}`;
    throw new Error(`--${name} must be ${range}, got "${text}".`);
  }
  return value;
}

function parseCommandLine(argv: string[]): {
  only: BenchmarkName | undefined;
  rounds: number;
  requests: number;
  days: number;
} {
  // `pnpm run start -- --rounds 5` may hand the separator over too.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values } = parseArgs({
    args,
    options: {
      only: { type: 'string' },
      rounds: { type: 'string' },
      requests: { type: 'string' },
      days: { type: 'string' },
    },
  });
  const only = values.only;
  if (only !== undefined && !(BENCHMARKS as readonly string[]).includes(only)) {
    throw new Error(`--only must be one of ${BENCHMARKS.join(', ')}, got "${only}".`);
  }
  return {
    only: only as BenchmarkName | undefined,
    rounds: positiveInteger('rounds', values.rounds, 15),
    requests: positiveInteger('requests', values.requests, 2000),
    // The year the issue asks about; a shorter slice for a quick run (README, streaming).
    days: positiveInteger('days', values.days, 365, 365),
  };
}

async function main(): Promise<number> {
  const options = parseCommandLine(process.argv.slice(2));
  const wanted = (name: BenchmarkName) => options.only === undefined || options.only === name;
  const cpus = os.cpus();
  const report: BenchReport = {
    environment: {
      date: new Date().toISOString(),
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
      cpuCount: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    },
    pass: true,
  };

  if (wanted('token-single-flight')) {
    console.error('token-single-flight: 1000 concurrent calls, twice…');
    report.tokenSingleFlight = await runTokenSingleFlight(1000);
    report.pass &&= report.tokenSingleFlight.pass;
  }
  if (wanted('client-overhead')) {
    console.error(
      `client-overhead: ${options.requests} requests × 5 stacks × ${options.rounds} rounds, concurrency 10…`,
    );
    report.clientOverhead = await runClientOverhead({
      requests: options.requests,
      concurrency: 10,
      warmupRequests: 1000,
      rounds: options.rounds,
    });
  }
  if (wanted('latency-throughput')) {
    console.error('latency-throughput: 1000 sites, 30 ms per request, concurrency 10…');
    report.latencyThroughput = await runLatencyThroughput({
      sites: 1000,
      delayMs: 30,
      concurrency: 10,
      rounds: 3,
    });
  }
  if (wanted('streaming')) {
    console.error(`streaming: ${options.days} days of 15-minute data for 100 sites, streamed and buffered…`);
    report.streaming = await runStreaming({ sites: 100, days: options.days, bufferedRowLimit: 360_000 });
  }

  const markdown = toMarkdown(report);
  const resultsDir = new URL('../results/', import.meta.url);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(new URL('latest.md', resultsDir), markdown);
  await writeFile(new URL('latest.json', resultsDir), toJson(report));
  console.log(markdown);
  console.error(`written: bench/results/latest.md, bench/results/latest.json`);
  return report.pass ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  },
);
