/**
 * A local npm registry for the install tests: Verdaccio on a loopback port, its storage in a temporary
 * folder, and no uplink, so it serves what was published to it and nothing else: a request for any other
 * package is a 404, never a fetch from the public registry. One account may publish, as the release
 * workflow's npm token does; anyone may read, as on the public registry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

export interface LocalRegistry {
  /** e.g. `http://127.0.0.1:41234/` (npm's form, with the trailing slash). */
  url: string;
  /** The publishing account's token (what the release workflow gets as NODE_AUTH_TOKEN). */
  token: string;
  /** Every package path a client asked for, e.g. `/n8n-nodes-ecostruxure`, in order. */
  requests: string[];
  stop(): Promise<void>;
}

const PUBLISHER = { name: 'release', password: 'local-release-password-1' };

export async function startLocalRegistry(): Promise<LocalRegistry> {
  const folder = mkdtempSync(join(tmpdir(), 'local-registry-'));
  const config = {
    self_path: folder,
    storage: join(folder, 'storage'),
    auth: { htpasswd: { file: join(folder, 'htpasswd'), max_users: 1 } },
    // No uplinks: nothing is ever proxied from another registry.
    uplinks: {},
    packages: { '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' } },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'error' },
  };
  const server = (await runServer(config)) as Server;
  const requests: string[] = [];
  server.prependListener('request', (request: { url?: string }) => requests.push(request.url ?? ''));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const token = await createPublisher(url);
  return {
    url,
    token,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** `npm adduser`'s request: Verdaccio creates the account and answers with its token. */
async function createPublisher(url: string): Promise<string> {
  const response = await fetch(new URL(`-/user/org.couchdb.user:${PUBLISHER.name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(PUBLISHER),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) {
    throw new Error(`The local registry created no account: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

/**
 * An npm user config that reads from the local registry only; with `authTokenVariable` it also carries the
 * token line that actions/setup-node writes for `registry-url` (the token itself stays in the environment).
 */
export function writeNpmrc(file: string, registry: LocalRegistry, authTokenVariable?: string): string {
  const host = registry.url.replace(/^https?:/, '');
  const lines = [`registry=${registry.url}`];
  if (authTokenVariable) lines.push(`${host}:_authToken=\${${authTokenVariable}}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The environment without npm settings that pnpm or the developer's shell put there. */
export function withoutNpmSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !/^npm_config_/i.test(name)) kept[name] = value;
  }
  return kept;
}
