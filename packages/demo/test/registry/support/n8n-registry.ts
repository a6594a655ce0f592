/**
 * Pointing n8n's own community-package installer at the local registry, and at nothing else.
 *
 * n8n 2.41 only lets a licensed instance change N8N_COMMUNITY_PACKAGES_REGISTRY, and it passes
 * `--registry=https://registry.npmjs.org` to every npm command it runs. For the n8n process only:
 * - an `npm` first on its PATH that replaces that one argument with the local registry and runs the real
 *   npm with every other argument as n8n gave it (it also keeps a log of what n8n asked, for the test);
 * - the n8n user's `~/.npmrc` names the local registry, for the one command n8n runs without
 *   `--registry` (`npm outdated`, which finds updates);
 * - HTTPS_PROXY is a loopback proxy that refuses every connection and records where n8n tried to go:
 *   n8n asks n8n's API whether the package is allowed, and the public registry whether the version exists
 *   (and, given a checksum, its integrity) directly, not through npm. Refused, it treats the package as
 *   allowed (as it does offline: that check cannot run here) and asks npm instead for the version and the
 *   integrity (its own fallback), which reaches the local registry.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { LocalRegistry } from './local-registry.js';

export interface NpmWrapper {
  /** The folder to put first on n8n's PATH. */
  binDir: string;
  /** Each npm command n8n ran, with the arguments n8n gave (before the registry was replaced). */
  commands(): string[][];
}

export function writeNpmWrapper(folder: string, registry: LocalRegistry): NpmWrapper {
  const realNpm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  const binDir = join(folder, 'bin');
  const log = join(folder, 'npm-commands.jsonl');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(log, '');
  const script = `#!/usr/bin/env bash
# n8n's npm, with n8n's --registry=<public registry> replaced by the local registry; nothing else changes.
node -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)) + "\\n")' ${JSON.stringify(log)} "$@"
args=()
for arg in "$@"; do
  case "$arg" in
    --registry=*) args+=(${JSON.stringify(`--registry=${registry.url}`)}) ;;
    *) args+=("$arg") ;;
  esac
done
exec ${JSON.stringify(realNpm)} "\${args[@]}"
`;
  writeFileSync(join(binDir, 'npm'), script);
  chmodSync(join(binDir, 'npm'), 0o755);
  return {
    binDir,
    commands: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
  };
}

export interface RefusingProxy {
  url: string;
  /** Each `host:port` a client asked the proxy to connect to, in order. */
  attempts: string[];
  close(): Promise<void>;
}

/** An HTTP proxy on loopback that answers every request with 403 and connects nowhere. */
export async function startRefusingProxy(): Promise<RefusingProxy> {
  const attempts: string[] = [];
  const server: Server = createServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      const [method = '', target = ''] = chunk.toString('latin1').split(' ');
      attempts.push(method === 'CONNECT' ? target : new URL(target, 'http://unknown').host);
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The environment n8n gets on top of n8n-host's own (which has no npm settings of the test runner). */
export function n8nRegistryEnvironment(
  userFolder: string,
  registry: LocalRegistry,
  wrapper: NpmWrapper,
  proxy: RefusingProxy,
): Record<string, string> {
  writeFileSync(join(userFolder, '.npmrc'), `registry=${registry.url}\n`);
  return {
    // n8n-host's PATH (this Node first), behind the wrapper.
    PATH: `${wrapper.binDir}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HTTPS_PROXY: proxy.url,
    NO_PROXY: '127.0.0.1,localhost',
  };
}
