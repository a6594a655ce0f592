/**
 * Runs the built demo as a user does (`npm run demo` without --once) and hands back the URLs it prints,
 * then stops it with Ctrl-C (SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const demoMain = join(import.meta.dirname, '..', '..', 'dist', 'main.js');

export interface ServingDemo {
  editorUrl: string;
  dashboardUrl: string;
  output(): string;
  /** Presses Ctrl-C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const urlAfter = (output: string, label: string): string => {
  const match = new RegExp(`^\\s+${label}\\s+(http\\S+)$`, 'm').exec(output);
  if (!match?.[1]) throw new Error(`The demo printed no "${label}" URL:\n${output}`);
  return match[1];
};

export async function startServingDemo(args: string[]): Promise<ServingDemo> {
  const serving = await startServing(args, 60_000);
  return {
    editorUrl: urlAfter(serving.output(), 'Node-RED editor \\(the demo flows\\)'),
    dashboardUrl: urlAfter(serving.output(), 'Dashboard'),
    ...serving,
  };
}

/** The built demo with `args`, once it prints that it serves until Ctrl-C. */
export async function startServing(
  args: string[],
  readyTimeoutMs: number,
): Promise<Pick<ServingDemo, 'output' | 'stop'>> {
  const child: ChildProcess = spawn(process.execPath, [demoMain, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The demo did not start serving:\n${output}`)),
      readyTimeoutMs,
    );
    lines.on('line', (line) => {
      output += `${line}\n`;
      if (line === 'Serving until Ctrl-C.') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo exited with ${code} before serving:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
