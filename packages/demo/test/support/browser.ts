/**
 * Debian's chromium driven by playwright-core, never a downloaded browser build; the node package's
 * `scripts/ensure-chromium.sh` (run by `npm test` here) installs it where it is missing.
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function launchChromium(executablePath: string): Promise<Browser> {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Chromium's sandbox cannot start as root (CI runs as root).
  return chromium.launch({ executablePath, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}

/** Dashboard 2.0 talks socket.io: `42["event",payload]` frames carry each widget's messages. */
export function socketEvent(frame: string): [string, unknown] | undefined {
  const match = /^\d+(\[.*\])$/s.exec(frame);
  if (!match?.[1]) return undefined;
  const parsed = JSON.parse(match[1]) as unknown[];
  return typeof parsed[0] === 'string' ? [parsed[0], parsed[1]] : undefined;
}
