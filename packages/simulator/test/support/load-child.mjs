/**
 * A simulator in its own process for the GraphQL load test, so its memory and its event loop are measured
 * alone. It prints `ready <port>`; each `report` line on stdin is answered with one JSON line:
 * - peakRssMb: the process's peak resident set size (the kernel's maxrss), in MB;
 * - longestStallCpuMs: the most CPU time the main thread spent between two turns of the event loop, in ms.
 *   A synchronous piece of work blocks the loop for at least that long on any machine; unlike wall-clock
 *   gaps, it does not grow when other processes take the CPU away (this machine is shared).
 * - longestStallWallMs: the same gap in wall-clock time, for the record.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { clearInterval, setInterval } from 'node:timers';
import { startSimulator } from '../../dist/index.js';

const sim = await startSimulator({ port: 0 });
const cpuMicros = () => {
  const usage = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage();
  return usage.user + usage.system;
};
let lastCpu = cpuMicros();
let lastWall = performance.now();
let longestStallCpuMs = 0;
let longestStallWallMs = 0;
// A turn of the loop every 5 ms when nothing blocks it.
const ticker = setInterval(() => {
  const cpu = cpuMicros();
  const wall = performance.now();
  longestStallCpuMs = Math.max(longestStallCpuMs, (cpu - lastCpu) / 1000);
  longestStallWallMs = Math.max(longestStallWallMs, wall - lastWall);
  lastCpu = cpu;
  lastWall = wall;
}, 5);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'reset') {
    longestStallCpuMs = 0;
    longestStallWallMs = 0;
    return;
  }
  if (line !== 'report') return;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ peakRssMb, longestStallCpuMs, longestStallWallMs })}\n`);
});
lines.on('close', () => {
  clearInterval(ticker);
  void sim.close().then(() => process.exit(0));
});
process.stdout.write(`ready ${sim.port}\n`);
