/**
 * Debian's chromium driven by playwright-core: the real editor in a real browser, never a downloaded
 * browser build. `scripts/ensure-chromium.sh` installs it where it is missing.
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

export async function launchChromium(executablePath: string): Promise<Browser> {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath,
    headless: true,
    // Chromium's sandbox cannot start as root (CI runs as root).
    args: asRoot ? ['--no-sandbox'] : [],
  });
}
