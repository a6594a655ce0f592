/**
 * Where n8n's main process spends its CPU during one execution: n8n runs with `--cpu-prof` (V8's sampling
 * profiler, written when the process exits) and the samples taken between the execution's start and stop
 * are summed by the function they were in (self time) and by the package that function belongs to.
 *
 * V8 stamps samples with the monotonic clock (CLOCK_MONOTONIC on Linux, in microseconds), the clock behind
 * `process.hrtime` in any process on the machine; n8n records an execution's start and stop in wall-clock
 * time. `ClockPair` ties the two together in the benchmark's process.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  /** Wall-clock milliseconds (Date.now()), as n8n's startedAt and stoppedAt. */
  fromMs: number;
  toMs: number;
}

export interface CpuShare {
  name: string;
  ms: number;
}

export interface ExecutionProfile {
  windowMs: number;
  /** CPU time in JavaScript, GC and V8 ("busy"): the window less the idle samples. */
  busyMs: number;
  idleMs: number;
  /** Self time per package (n8n-core, n8n-workflow, n8n, our package, node:internals...), largest first. */
  byPackage: CpuShare[];
  /** Self time per function (`name (package file:line)`), largest first. */
  topFunctions: CpuShare[];
  /**
   * CPU time inside the node's own execute (its frames on the stack, and everything it calls: n8n's
   * parameter and expression code, its HTTP helpers), and that time by package (self time).
   */
  inNode: { ms: number; byPackage: CpuShare[] };
}

/** Now on both clocks, taken together in the benchmark's process. */
export interface ClockPair {
  wallMs: number;
  monotonicUs: number;
}

export function clockPair(): ClockPair {
  return { wallMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) };
}

/** The package a frame's script belongs to: the folder after the last node_modules, or its kind. */
export function packageOf(url: string): string {
  if (url === '') return '(V8 and native)';
  if (url.startsWith('node:')) return 'node: (Node.js internals)';
  if (url.includes('/packages/n8n-nodes/')) return 'n8n-nodes-ecostruxure (this package)';
  const parts = url.split('/node_modules/');
  const last = parts.at(-1) ?? url;
  if (parts.length === 1) return 'other';
  const segments = last.split('/');
  return segments[0]?.startsWith('@') ? `${segments[0]}/${segments[1] ?? ''}` : (segments[0] ?? 'other');
}

function frameName(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName || '(anonymous)';
  const file = frame.url.split('/').slice(-2).join('/');
  return `${frame.functionName || '(anonymous)'} (${packageOf(frame.url)} ${file}:${frame.lineNumber + 1})`;
}

function addTo(totals: Map<string, number>, key: string, us: number): void {
  totals.set(key, (totals.get(key) ?? 0) + us);
}

function ranked(totals: Map<string, number>, count: number): CpuShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 }));
}

/** The main process's profile: the largest `.cpuprofile` in the folder (the task runner writes its own). */
export function readMainProfile(directory: string): CpuProfile {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(directory, name))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const [largest] = files;
  if (largest === undefined) throw new Error(`n8n wrote no CPU profile into ${directory}`);
  return JSON.parse(readFileSync(largest, 'utf8')) as CpuProfile;
}

/** Whether each profile node has a frame of `nodeFile` (a script path part) on its stack. */
function underNode(profile: CpuProfile, nodeFile: string): (id: number) => boolean {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const known = new Map<number, boolean>();
  const check = (id: number): boolean => {
    const cached = known.get(id);
    if (cached !== undefined) return cached;
    const parent = parents.get(id);
    const result =
      (frames.get(id)?.url.includes(nodeFile) ?? false) || (parent !== undefined && check(parent));
    known.set(id, result);
    return result;
  };
  return check;
}

/**
 * `nodeFile`: a part of the path of the node's scripts (`/packages/n8n-nodes/dist/`, `/nodes/HttpRequest/`),
 * whose frames on the stack mark time spent in the node (a continuation after an `await` has only the
 * frames from there on).
 */
export function summarizeWindow(
  profile: CpuProfile,
  window: ProfileWindow,
  clock: ClockPair,
  nodeFile: string,
): ExecutionProfile {
  const toMonotonic = (wallMs: number) => clock.monotonicUs + (wallMs - clock.wallMs) * 1000;
  const from = toMonotonic(window.fromMs);
  const to = toMonotonic(window.toMs);
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const inNode = underNode(profile, nodeFile);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inNodeByPackage = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  let inNodeUs = 0;
  let time = profile.startTime;
  profile.samples.forEach((sample, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < from || time > to) return;
    const frame = frames.get(sample);
    if (!frame) return;
    if (frame.functionName === '(idle)') {
      idleUs += delta;
      return;
    }
    busyUs += delta;
    addTo(byPackage, packageOf(frame.url), delta);
    addTo(byFunction, frameName(frame), delta);
    if (!inNode(sample)) return;
    inNodeUs += delta;
    addTo(inNodeByPackage, packageOf(frame.url), delta);
  });
  return {
    windowMs: window.toMs - window.fromMs,
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    byPackage: ranked(byPackage, 8),
    topFunctions: ranked(byFunction, 12),
    inNode: { ms: Math.round(inNodeUs / 1000), byPackage: ranked(inNodeByPackage, 6) },
  };
}
