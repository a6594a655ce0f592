/**
 * A node's own small JSON file in the Node-RED user directory, for state that must survive redeploys
 * and restarts whatever context stores the user configured (the default context store is memory).
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const STATE_DIRECTORY = 'ecostruxure-state';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface StateFile<T> {
  load(): Promise<T | undefined>;
  save(value: T): Promise<void>;
  remove(): Promise<void>;
}

export function stateFilePath(userDir: string, nodeId: string): string {
  if (!SAFE_ID.test(nodeId))
    throw new Error(`The node id "${nodeId.slice(0, 64)}" cannot name a state file.`);
  return join(userDir, STATE_DIRECTORY, `${nodeId}.json`);
}

export function createStateFile<T>(filePath: string): StateFile<T> {
  let writes = Promise.resolve();
  return {
    async load() {
      try {
        return JSON.parse(await readFile(filePath, 'utf8')) as T;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    save(value) {
      // Writes are queued, so an older state never lands after a newer one.
      const write = writes.then(async () => {
        await mkdir(dirname(filePath), { recursive: true });
        const temporary = `${filePath}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(value), { mode: 0o600 });
        await rename(temporary, filePath);
      });
      writes = write.catch(() => undefined);
      return write;
    },
    remove: () => rm(filePath, { force: true }),
  };
}
