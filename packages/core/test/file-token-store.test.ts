/**
 * The encrypted file token store: what it writes (no token in the clear, mode 0600, a fresh salt and IV
 * each time), every way a file can be unusable (tampered, truncated, wrong secret, not ours, unreadable,
 * from a newer version) as a TokenStoreError without a secret in it, two writers on one file, deletion,
 * and a strategy that survives a restart on it and recovers from a damaged file by authorizing again.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ReauthorizationRequiredError,
  TokenStoreError,
  ValidationError,
  type TokenSet,
  type TokenStoreFailure,
} from '../src/index.js';
import {
  createAuthorizationCodeAuth,
  readAuthorizationResponse,
  type AuthorizationCodeAuth,
} from '../src/advanced.js';
import { createAxiosTransport, createFileTokenStore, deleteTokenFile } from '../src/node/index.js';
import { CanaryList, leaksInError } from './support/canary.js';
import { decideConsent, shiftableRuntime } from './support/simulator-oauth.js';

const SECRET = 'CANARY-file-store-secret-7f3a';
const tokens = (n: number): TokenSet => ({
  accessToken: `CANARY-access-${n}-${'a'.repeat(40)}`,
  tokenType: 'Bearer',
  expiresAt: 1_900_000_000_000 + n,
  refreshToken: `CANARY-refresh-${n}-${'r'.repeat(40)}`,
  scope: 'read:site offline_access',
});

const canaries = new CanaryList();
canaries.add('secret', SECRET);
for (let n = 0; n < 100; n += 1) {
  canaries.add(`access token ${n}`, tokens(n).accessToken);
  canaries.add(`refresh token ${n}`, tokens(n).refreshToken);
}

let dir: string;
let filePath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-store-'));
  filePath = join(dir, 'nested', 'folder', 'tokens.json');
  return () => rm(dir, { recursive: true, force: true });
});

/** The load error for the file as it is now, checked for the reason and for leaks. */
async function loadFailure(reason: TokenStoreFailure, secret = SECRET): Promise<TokenStoreError> {
  const error = await createFileTokenStore({ filePath, secret })
    .load()
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenStoreError);
  expect(error).toBeInstanceOf(ReauthorizationRequiredError);
  expect((error as TokenStoreError).reason).toBe(reason);
  expect((error as Error).message).toContain(filePath);
  expect(leaksInError(error, canaries)).toEqual([]);
  return error as TokenStoreError;
}

async function envelope(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(filePath, 'utf8')) as Record<string, unknown>;
}

describe('what the file holds', () => {
  it('round-trips a set through a file it creates (folder included) with mode 0600', async () => {
    const store = createFileTokenStore({ filePath, secret: SECRET });
    await store.save(tokens(1));
    expect(await store.load()).toEqual(tokens(1));
    expect(await createFileTokenStore({ filePath, secret: SECRET }).load()).toEqual(tokens(1));
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'nested', 'folder'))).toEqual(['tokens.json']);
    // A file someone opened up is replaced by a private one on the next save.
    await chmod(filePath, 0o644);
    await store.save(tokens(2));
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it('holds no token or secret in the clear, and uses a new salt and IV on every write', async () => {
    const store = createFileTokenStore({ filePath, secret: SECRET });
    await store.save(tokens(1));
    const firstText = await readFile(filePath, 'utf8');
    expect(canaries.find(firstText)).toEqual([]);
    expect(firstText).not.toContain('CANARY');
    const first = await envelope();
    await store.save(tokens(1));
    const second = await envelope();
    expect(first).toMatchObject({ format: 'ecostruxure-connector/token-store', version: 1 });
    expect(second.salt).not.toBe(first.salt);
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
  });

  it('a missing file (or folder) is no tokens', async () => {
    await expect(createFileTokenStore({ filePath, secret: SECRET }).load()).resolves.toBeUndefined();
  });

  it('saving undefined forgets the set; delete() removes the file and leftovers of a crashed write', async () => {
    const store = createFileTokenStore({ filePath, secret: SECRET });
    await store.save(tokens(1));
    await store.save(undefined);
    await expect(store.load()).resolves.toBeUndefined();
    await store.save(tokens(2));
    const leftover = join(dir, 'nested', 'folder', '.tokens.json.0b5e.tmp');
    await writeFile(leftover, 'half a write');
    await writeFile(join(dir, 'nested', 'folder', 'other.json'), '{}');
    await store.delete();
    expect(await readdir(join(dir, 'nested', 'folder'))).toEqual(['other.json']);
    await expect(store.delete()).resolves.toBeUndefined();
    await expect(deleteTokenFile(join(dir, 'no', 'such', 'file.json'))).resolves.toBeUndefined();
  });

  it('refuses an empty secret or path, naming the field and never echoing the value', () => {
    expect(() => createFileTokenStore({ filePath, secret: '' })).toThrow(ValidationError);
    expect(() => createFileTokenStore({ filePath: ' ', secret: SECRET })).toThrow(
      expect.objectContaining({ field: 'filePath' }),
    );
    const error = (() => {
      try {
        createFileTokenStore({ filePath, secret: undefined as unknown as string });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ field: 'secret' });
  });
});

describe('a file an earlier version wrote', () => {
  // Written by version 0.1.0 of the packages (file version 1) and kept byte for byte: every later version
  // must read it, or an update would make every user authorize again.
  const fixture = join(import.meta.dirname, 'fixtures', 'token-file-v1.json');
  const secret = 'fixture-credential-secret';
  const saved: TokenSet = {
    accessToken: 'fixture-access-token',
    tokenType: 'Bearer',
    expiresAt: 1_893_456_000_000,
    refreshToken: 'fixture-refresh-token',
    scope: 'read:site offline_access',
  };

  it('is read by this version, and what this version writes back reads the same', async () => {
    expect(await createFileTokenStore({ filePath: fixture, secret }).load()).toEqual(saved);
    await mkdir(join(filePath, '..'), { recursive: true });
    await writeFile(filePath, await readFile(fixture));
    const store = createFileTokenStore({ filePath, secret });
    await store.save((await store.load()) ?? { accessToken: 'unread', tokenType: 'Bearer' });
    expect(await createFileTokenStore({ filePath, secret }).load()).toEqual(saved);
  });
});

describe('an unusable file is a TokenStoreError that leads to re-authorization', () => {
  beforeEach(async () => {
    await createFileTokenStore({ filePath, secret: SECRET }).save(tokens(1));
  });

  it('a tampered ciphertext', async () => {
    const file = await envelope();
    const data = Buffer.from(file.data as string, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    await writeFile(filePath, JSON.stringify({ ...file, data: data.toString('base64') }));
    const error = await loadFailure('undecryptable');
    expect(error.message).toMatch(/could not be decrypted.*Authorize again/);
  });

  it('a tampered salt, IV or tag', async () => {
    for (const field of ['salt', 'iv', 'tag'] as const) {
      await createFileTokenStore({ filePath, secret: SECRET }).save(tokens(1));
      const file = await envelope();
      const bytes = Buffer.from(file[field] as string, 'base64');
      bytes[3] = (bytes[3] ?? 0) ^ 0x80;
      await writeFile(filePath, JSON.stringify({ ...file, [field]: bytes.toString('base64') }));
      await loadFailure('undecryptable');
    }
  });

  it('a wrong secret', async () => {
    const error = await loadFailure('undecryptable', 'CANARY-another-secret');
    expect(error.message).toMatch(/secret is not the one they were saved with/);
  });

  it('a truncated file, at any length', async () => {
    const text = await readFile(filePath, 'utf8');
    for (const length of [1, 10, 30, Math.floor(text.length / 2), text.length - 3]) {
      await writeFile(filePath, text.slice(0, length));
      const error = await loadFailure('damaged');
      expect(error.message).toMatch(/cut short|damaged/);
    }
    await writeFile(filePath, '');
    expect((await loadFailure('damaged')).message).toMatch(/empty/);
  });

  it('fields missing or of the wrong length', async () => {
    const file = await envelope();
    await writeFile(filePath, JSON.stringify({ ...file, tag: undefined }));
    await loadFailure('damaged');
    await writeFile(filePath, JSON.stringify({ ...file, iv: 'AAAA' }));
    await loadFailure('damaged');
  });

  it('a newer version of the file: names the versions and both ways out', async () => {
    await writeFile(filePath, JSON.stringify({ ...(await envelope()), version: 2 }));
    const { message } = await loadFailure('unsupportedVersion');
    expect(message).toMatch(/newer version of this connector \(file version 2; this version reads up to 1\)/);
    expect(message).toMatch(/Update the connector to the version that saved them/);
    expect(message).toMatch(/or authorize again/);
  });

  it('a file that is not ours: reported, and never overwritten or deleted', async () => {
    for (const foreign of ['{"hello":"world"}\n', 'PORT=1880\nSECRET=x\n', '[1,2,3]']) {
      await writeFile(filePath, foreign);
      const error = await loadFailure('foreign');
      expect(error.message).toMatch(/not a token file of this connector/);
      const store = createFileTokenStore({ filePath, secret: SECRET });
      await expect(store.save(tokens(2))).rejects.toMatchObject({ reason: 'foreign' });
      await expect(store.save(undefined)).rejects.toMatchObject({ reason: 'foreign' });
      await expect(store.delete()).rejects.toMatchObject({ reason: 'foreign' });
      await expect(deleteTokenFile(filePath)).rejects.toMatchObject({ reason: 'foreign' });
      expect(await readFile(filePath, 'utf8')).toBe(foreign);
    }
  });

  it('a path that cannot be read as a file', async () => {
    await rm(filePath);
    await mkdir(filePath);
    expect((await loadFailure('unreadable')).message).toMatch(/could not be read \(EISDIR\)/);
  });
});

describe('two writers on one file', () => {
  it('the file always decrypts to one whole set that was written, never a mix', async () => {
    const writers = [
      createFileTokenStore({ filePath, secret: SECRET }),
      createFileTokenStore({ filePath, secret: SECRET }),
    ];
    const reader = createFileTokenStore({ filePath, secret: SECRET });
    const written = new Map<string, TokenSet>();
    const saves: Array<Promise<void>> = [];
    for (let n = 0; n < 60; n += 1) {
      written.set(tokens(n).accessToken, tokens(n));
      saves.push((writers[n % 2] as (typeof writers)[number]).save(tokens(n)));
    }
    let done = false;
    const all = Promise.all(saves).finally(() => {
      done = true;
    });
    const seen: Array<TokenSet | undefined> = [];
    while (!done) seen.push(await reader.load());
    await all;
    seen.push(await reader.load());

    const reads = seen.filter((set): set is TokenSet => set !== undefined);
    expect(reads.length).toBeGreaterThan(1);
    for (const set of reads) expect(set).toEqual(written.get(set.accessToken));
    // Each writer writes its own saves in order, so the last one standing is one of the two last saves.
    expect([tokens(58), tokens(59)]).toContainEqual(reads.at(-1));
    expect(await readdir(join(dir, 'nested', 'folder'))).toEqual(['tokens.json']);
  });
});

describe('a strategy on the file store', () => {
  const app = DEMO_CREDENTIALS.isvApp;
  const transport = createAxiosTransport();
  const runtime = shiftableRuntime();
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, sites: 1 });
  });
  afterAll(async () => {
    transport.close();
    await sim.close();
  });

  const strategy = (secret = SECRET) =>
    createAuthorizationCodeAuth({
      authorizeUrl: sim.urls.authorize,
      tokenUrl: sim.urls.token,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: 'read:site offline_access',
      transport,
      runtime,
      tokenStore: createFileTokenStore({ filePath, secret }),
    });

  async function authorize(auth: AuthorizationCodeAuth): Promise<void> {
    const request = auth.createAuthorizationRequest();
    const callback = readAuthorizationResponse(await decideConsent(request.url));
    await auth.exchangeCode({
      code: callback.code,
      state: callback.state,
      expectedState: request.state,
      codeVerifier: request.codeVerifier ?? '',
    });
  }

  const request = () => ({ method: 'GET' as const, url: new URL(sim.urls.carbonApi), headers: {} });

  it('survives restarts and refreshes; a damaged file fails until authorized again, which replaces it', async () => {
    await authorize(strategy());
    const restarted = strategy();
    runtime.advance(3_600_000);
    await restarted.apply(request());
    const afterRefresh = restarted.currentTokens();
    await expect(createFileTokenStore({ filePath, secret: SECRET }).load()).resolves.toEqual(afterRefresh);

    // Another secret (e.g. the host's secret was changed): a clear error, no request, no silent reset.
    const rekeyed = strategy('CANARY-changed-secret');
    const before = sim.control.requests().length;
    const error = await rekeyed.apply(request()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'undecryptable', code: 'REAUTHORIZATION_REQUIRED' });
    expect(leaksInError(error, canaries)).toEqual([]);
    expect(sim.control.requests().length).toBe(before);
    await authorize(rekeyed);
    await expect(rekeyed.apply(request())).resolves.toBeUndefined();
    await expect(createFileTokenStore({ filePath, secret: 'CANARY-changed-secret' }).load()).resolves.toEqual(
      rekeyed.currentTokens(),
    );
  });
});
