/**
 * A TokenStore in one file, for hosts that keep tokens on their own disk (Node-RED: one file per config
 * node in its user directory). The set is encrypted with AES-256-GCM under a key derived (scrypt) from the
 * caller's secret with a fresh salt and IV on every write, so the file reveals nothing and any change to it
 * is detected. Writes go to a temporary file in the same folder that is then renamed over the old one:
 * a crash or a second writer leaves either the old set or the new one, never a mix. Every way a file can
 * be unusable is a TokenStoreError that names the file and the reason, never its content.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TokenStoreError, type TokenStore, type TokenStoreFailure } from '../seams/token-store.js';
import type { TokenSet } from '../seams/auth-strategy.js';
import { ValidationError } from '../errors/errors.js';
import * as z from '../schema/zod.js';

/** Marks the file as ours; bound into the encryption with the version, so neither can be swapped. */
const FORMAT = 'ecostruxure-connector/token-store';
/** Version 1: scrypt (N=16384, r=8, p=1) to a 32-byte key, AES-256-GCM with a 12-byte IV and 16-byte tag. */
const VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Enough to recognise our own file without reading a large foreign one whole. */
const SNIFF_BYTES = 4096;
/** Every file this store writes starts like this (`format` is the first key). */
const OUR_START = `{"format":"${FORMAT}"`;

const base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const envelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  salt: base64,
  iv: base64,
  tag: base64,
  data: base64,
});
const tokenSetSchema = z.object({
  accessToken: z.string().check(z.minLength(1)),
  tokenType: z.string(),
  expiresAt: z.optional(z.number()),
  refreshToken: z.optional(z.string()),
  scope: z.optional(z.string()),
});

export interface FileTokenStoreOptions {
  /** Where the set is kept; the folder is created (mode 0700) when missing. */
  filePath: string;
  /** The key is derived from it (e.g. Node-RED's credentialSecret); the same secret must read it back. */
  secret: string;
}

export interface FileTokenStore extends TokenStore {
  /** The absolute path of the file. */
  readonly filePath: string;
  /** Removes the file (and any temporary file a crash left beside it): e.g. when the credential is deleted. */
  delete(): Promise<void>;
}

export function createFileTokenStore(options: FileTokenStoreOptions): FileTokenStore {
  if (typeof options?.filePath !== 'string' || options.filePath.trim() === '') {
    throw new ValidationError({
      field: 'filePath',
      message: 'The token file path is empty: give the file to keep tokens in.',
    });
  }
  if (typeof options.secret !== 'string' || options.secret === '') {
    throw new ValidationError({
      field: 'secret',
      message:
        'The token file secret is empty: give a secret to encrypt the tokens with (e.g. the credential secret of the host).',
    });
  }
  const filePath = resolve(options.filePath);
  const secret = options.secret;
  /** The last write in the queue: this store never writes twice at once, and writes in call order. */
  let writing: Promise<void> = Promise.resolve();

  function queue(write: () => Promise<void>): Promise<void> {
    const next = writing.then(write);
    writing = next.catch(() => undefined);
    return next;
  }

  return {
    filePath,
    load: () => readTokenFile(filePath, secret),
    save: (tokens) =>
      queue(() =>
        tokens === undefined ? deleteTokenFile(filePath) : writeTokenFile(filePath, secret, tokens),
      ),
    delete: () => queue(() => deleteTokenFile(filePath)),
  };
}

/**
 * Removes a token file and the temporary files a crash may have left beside it; a missing file is fine, a
 * file that is not a token file of this connector is refused (TokenStoreError `foreign`) and kept.
 */
export async function deleteTokenFile(filePath: string): Promise<void> {
  const target = resolve(filePath);
  await refuseForeignFile(target, 'deleted');
  await rm(target, { force: true });
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return; // No folder, no leftovers.
  }
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'))
      .map((name) => rm(join(dirname(target), name), { force: true })),
  );
}

function deriveKey(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolveKey, reject) => {
    scrypt(secret, salt, KEY_BYTES, (error, key) => (error ? reject(error) : resolveKey(key)));
  });
}

const additionalData = Buffer.from(`${FORMAT}/${VERSION}`, 'utf8');

async function encrypt(secret: string, tokens: TokenSet): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(secret, salt), iv);
  cipher.setAAD(additionalData);
  const plain = JSON.stringify(onlyTokenFields(tokens));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const envelope: z.infer<typeof envelopeSchema> = {
    format: FORMAT,
    version: VERSION,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope)}\n`;
}

async function writeTokenFile(filePath: string, secret: string, tokens: TokenSet): Promise<void> {
  const text = await encrypt(secret, tokens);
  const folder = dirname(filePath);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await refuseForeignFile(filePath, 'overwritten');
  // Same folder, so the rename stays on one file system and is atomic.
  const temporary = join(folder, `.${basename(filePath)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A path that holds someone else's file is a configuration mistake: never overwrite or delete it. */
async function refuseForeignFile(filePath: string, action: 'overwritten' | 'deleted'): Promise<void> {
  const start = await readStart(filePath);
  if (start === undefined || isOurs(start)) return;
  throw new TokenStoreError({
    reason: 'foreign',
    message: `${filePath} is not a token file of this connector, so it was not ${action}: choose another token file path.`,
  });
}

/** Our file, possibly cut short; an empty file holds nothing worth keeping either. */
function isOurs(text: string): boolean {
  const start = text.trimStart();
  return start.startsWith(OUR_START) || OUR_START.startsWith(start);
}

async function readStart(filePath: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readTokenFile(filePath: string, secret: string): Promise<TokenSet | undefined> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return undefined;
    throw unusable(filePath, 'unreadable', `could not be read (${code ?? 'unknown error'})`, error);
  }
  const envelope = parseEnvelope(filePath, text);
  const salt = Buffer.from(envelope.salt, 'base64');
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (salt.length !== SALT_BYTES || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw unusable(filePath, 'damaged', 'are damaged (a field has the wrong length)');
  }
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(secret, salt), iv);
    decipher.setAAD(additionalData);
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    // GCM cannot tell a wrong key from changed bytes: both fail the authentication tag.
    throw unusable(
      filePath,
      'undecryptable',
      'could not be decrypted: the secret is not the one they were saved with, or the file was changed',
    );
  }
  const tokens = tokenSetSchema.safeParse(safeJson(plain));
  if (!tokens.success) throw unusable(filePath, 'damaged', 'decrypted to something that is not a token set');
  return onlyTokenFields(tokens.data);
}

function parseEnvelope(filePath: string, text: string): z.infer<typeof envelopeSchema> {
  if (text.trim() === '') throw unusable(filePath, 'damaged', 'are missing: the file is empty');
  const json = safeJson(text);
  const { format, version } = (typeof json === 'object' && json !== null ? json : {}) as {
    format?: unknown;
    version?: unknown;
  };
  if (format !== FORMAT) {
    if (isOurs(text)) {
      throw unusable(filePath, 'damaged', 'are incomplete or damaged (the file is cut short or was edited)');
    }
    throw new TokenStoreError({
      reason: 'foreign',
      message: `${filePath} is not a token file of this connector: point the token store at another file (it is never overwritten), or delete it and authorize again.`,
    });
  }
  if (typeof version === 'number' && version > VERSION) {
    throw unusable(
      filePath,
      'unsupportedVersion',
      `were saved by a newer version of this connector (file version ${version}; this version reads up to ${VERSION})`,
    );
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw unusable(filePath, 'damaged', 'are damaged (fields are missing or malformed)');
  return envelope.data;
}

/** What a user can do about an unusable file, besides authorizing again (which every reason allows). */
const FIXES: Partial<Record<TokenStoreFailure, string>> = {
  unreadable: "Check the file's permissions, or authorize again",
  // After a downgrade: going back to the newer version keeps the tokens.
  unsupportedVersion:
    'Update the connector to the version that saved them, or a newer one, to keep them; or authorize again',
};

function unusable(
  filePath: string,
  reason: TokenStoreFailure,
  what: string,
  cause?: unknown,
): TokenStoreError {
  const fix = FIXES[reason] ?? 'Authorize again';
  return new TokenStoreError({
    reason,
    message: `The saved tokens in ${filePath} ${what}. ${fix}; the new tokens replace the file.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The TokenSet fields and nothing else (a host's extra fields are not ours to store), without undefined. */
function onlyTokenFields(tokens: TokenSet): TokenSet {
  const set: TokenSet = { accessToken: tokens.accessToken, tokenType: tokens.tokenType };
  if (tokens.expiresAt !== undefined) set.expiresAt = tokens.expiresAt;
  if (tokens.refreshToken !== undefined) set.refreshToken = tokens.refreshToken;
  if (tokens.scope !== undefined) set.scope = tokens.scope;
  return set;
}
