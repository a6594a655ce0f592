/**
 * Node-RED as a user runs it: the `node-red` command (red.js of the installed node-red 5) on a user
 * directory holding the user's settings.js, on a loopback port. Its npm runs with the environment a user's
 * shell would give it, without the npm settings of the test runner; the user directory's own `.npmrc` is
 * what points npm at a registry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { freePort } from '@ecostruxure-connector/n8n-host';
import { withoutNpmSettings } from './local-registry.js';

const require = createRequire(import.meta.url);
const RED_JS = require.resolve('node-red/red.js');

export interface NodeRedProcess {
  url: string;
  userDir: string;
  /** Everything Node-RED printed, across restarts. */
  output(): string;
  /** Resolves once Node-RED prints a line that matches (from now on). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Stops and starts Node-RED again on the same port and user directory, as "restart Node-RED" says. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNodeRedProcess(userDir: string, home: string): Promise<NodeRedProcess> {
  const port = await freePort();
  let output = '';
  const listeners = new Set<(line: string) => void>();
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const started = spawn(process.execPath, [RED_JS, '--userDir', userDir, '--port', String(port)], {
      cwd: home,
      env: { ...withoutNpmSettings(), HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    for (const stream of [started.stdout, started.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output += `${line}\n`;
        for (const listener of [...listeners]) listener(line);
      });
    }
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new Error(`Node-RED exited with ${code}:\n${output}`))),
    );
    await Promise.race([waitForLine(/Started flows/, 60_000), exited]);
  }

  function waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`Node-RED did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const listener = (line: string) => {
        if (!pattern.test(line)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(line);
      };
      listeners.add(listener);
    });
  }

  async function halt(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  }

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    userDir,
    output: () => output,
    waitForLine,
    async restart() {
      await halt();
      await launch();
    },
    stop: halt,
  };
}

/** What the editor's debug sidebar receives over the comms websocket (no admin login is set here). */
export interface DebugFeed {
  /** The debug messages so far, each `{ id, msg }` (msg as the editor gets it: JSON text). */
  messages: Array<{ id: string; msg: string }>;
  /** Resolves with node `id`'s messages once it has sent `count`. */
  waitFor(id: string, count: number, timeoutMs?: number): Promise<Array<{ id: string; msg: string }>>;
  close(): void;
}

export async function openDebugFeed(url: string): Promise<DebugFeed> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/comms`);
  const messages: DebugFeed['messages'] = [];
  socket.addEventListener('message', (event) => {
    const parsed = JSON.parse(String(event.data)) as unknown;
    for (const item of (Array.isArray(parsed) ? parsed : [parsed]) as Array<{
      topic?: string;
      data: unknown;
    }>) {
      if (item.topic === 'debug') messages.push(item.data as { id: string; msg: string });
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('The comms websocket did not open')), {
      once: true,
    });
  });
  socket.send(JSON.stringify({ subscribe: 'debug' }));
  const of = (id: string) => messages.filter((message) => message.id === id);
  return {
    messages,
    async waitFor(id, count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (of(id).length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `Debug node ${id} sent ${of(id).length} of ${count} messages; all came from ${JSON.stringify(messages.map((message) => message.id))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return of(id);
    },
    close: () => socket.close(),
  };
}
