/**
 * A PATH like the current one without build tools, as on a machine where none is installed: one folder
 * with a link to each program of the current PATH except make, the C/C++ compilers, Python and node-gyp.
 * A native build that an install step tries there fails, as it would on such a machine.
 */
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_TOOL =
  /^(make|gmake|cc|gcc|g\+\+|c\+\+|cpp|clang|clang\+\+|python|python3(\.\d+)?|node-gyp)$|^(gcc|g\+\+|cpp)-\d+$|-linux-gnu-/;

/** Creates the folder and returns it (to use as the whole PATH). */
export function pathWithoutBuildTools(folder: string, path = process.env.PATH ?? ''): string {
  mkdirSync(folder, { recursive: true });
  const linked = new Set<string>();
  for (const dir of path.split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // A PATH entry that does not exist.
    }
    // The first of a name on the PATH wins, as for the shell.
    for (const name of names.filter((candidate) => !BUILD_TOOL.test(candidate) && !linked.has(candidate))) {
      linked.add(name);
      symlinkSync(join(dir, name), join(folder, name));
    }
  }
  return folder;
}
