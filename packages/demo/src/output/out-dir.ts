/**
 * Makes sure the output folder can be created and written before any work starts, so a typo in `--out`
 * costs a second, not a full run. Folders are created one level at a time: Node's recursive `mkdir` loops
 * forever on some paths (under /proc), and one level at a time fails fast with the level at fault.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export class OutputFolderError extends Error {}

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'this place does not take new folders',
    ENOTDIR: 'a part of the path is a file',
    ENOSPC: 'no space left',
  };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
};

/** The folders of `path` that do not exist yet, outermost first, after checking the rest are folders. */
async function missingFolders(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    try {
      if (!(await stat(current)).isDirectory()) {
        throw new OutputFolderError(`--out: "${current}" is a file, not a folder; choose another --out.`);
      }
      return missing.reverse();
    } catch (error) {
      if (error instanceof OutputFolderError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(current) === current) {
        throw new OutputFolderError(
          `--out: cannot use "${current}" (${reasonOf(error)}); choose another --out.`,
        );
      }
      missing.push(current);
    }
  }
}

export async function prepareOutputFolder(outDir: string): Promise<void> {
  const folder = resolve(outDir);
  for (const level of await missingFolders(folder)) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new OutputFolderError(
        `--out: cannot create the folder "${level}" (${reasonOf(error)}); choose another --out.`,
      );
    }
  }
  const probe = join(folder, `.write-test-${randomUUID()}`);
  try {
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    throw new OutputFolderError(
      `--out: cannot write in the folder "${folder}" (${reasonOf(error)}); choose another --out.`,
    );
  }
}
