/**
 * The documentation a new user follows: every relative link and image in README.md and docs/*.md points at
 * a file (and heading) that exists, every command the README shows is one the repository defines, and the
 * node reference is what the node definitions generate.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Text outside fenced code blocks, where links are links. */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '');

function linksOf(markdown: string): string[] {
  const text = prose(markdown);
  const markdownLinks = [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(
    (match) => match[1] ?? '',
  );
  const htmlLinks = [...text.matchAll(/<(?:img|a)\s[^>]*(?:src|href)="([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  return [...markdownLinks, ...htmlLinks].filter((target) => !/^[a-z]+:/i.test(target));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, title] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (title ?? '')
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** Shell lines of the fenced `sh` blocks, comments and continuation lines left out. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map(
    (match) => match[1] ?? '',
  );
  return blocks
    .flatMap((block) => block.replace(/\\\n/g, ' ').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const rootScripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

function workspacePackages(): Map<string, Record<string, string>> {
  const packages = new Map<string, Record<string, string>>();
  for (const folder of [...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`), 'bench']) {
    const path = join(root, folder, 'package.json');
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      name: string;
      scripts?: Record<string, string>;
    };
    packages.set(manifest.name, manifest.scripts ?? {});
  }
  return packages;
}

/** Why a command is not one the repository defines, or undefined when it is. */
function undefinedCommand(
  command: string,
  packages: Map<string, Record<string, string>>,
): string | undefined {
  const npmRun = /^npm (?:run|run-script) ([\w:-]+)/.exec(command);
  if (npmRun) return npmRun[1]! in rootScripts ? undefined : `no script "${npmRun[1]}" in package.json`;
  if (/^npm (?:test|t)\b/.test(command)) return 'test' in rootScripts ? undefined : 'no test script';
  const pnpmFilter = /^pnpm --filter (\S+) (?:run )?([\w:-]+)/.exec(command);
  if (pnpmFilter) {
    const scripts = packages.get(pnpmFilter[1]!);
    if (!scripts) return `no workspace package ${pnpmFilter[1]}`;
    return pnpmFilter[2]! in scripts ? undefined : `${pnpmFilter[1]} has no script "${pnpmFilter[2]}"`;
  }
  const pnpmRoot = /^pnpm (?:run )?([\w:-]+)/.exec(command);
  if (pnpmRoot && !['exec', 'install', 'dlx', 'add'].includes(pnpmRoot[1]!)) {
    return pnpmRoot[1]! in rootScripts ? undefined : `no script "${pnpmRoot[1]}" in package.json`;
  }
  const nodeScript = /^node (\S+\.m?js)/.exec(command);
  if (nodeScript) return existsSync(join(root, nodeScript[1]!)) ? undefined : `no file ${nodeScript[1]}`;
  return undefined;
}

describe('documentation links', () => {
  it.each(documents)('%s: every relative link and image exists', (document) => {
    const missing = linksOf(read(document)).filter((target) => {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? join(root, document) : join(root, dirname(document), decodeURI(path));
      if (!existsSync(file)) return true;
      if (anchor && file.endsWith('.md')) return !anchorsOf(readFileSync(file, 'utf8')).has(anchor);
      return false;
    });
    expect(missing, `broken links in ${document}`).toEqual([]);
  });

  it('the checks see a broken link and a missing anchor', () => {
    const sample = '[a](docs/nowhere.md) ![b](docs/images/none.png) [c](README.md#no-such-heading)';
    expect(linksOf(sample)).toEqual(['docs/nowhere.md', 'docs/images/none.png', 'README.md#no-such-heading']);
    expect(
      anchorsOf('## n8n: `n8n-nodes-ecostruxure`\n## Node-RED: `@x/y`').has('n8n-n8n-nodes-ecostruxure'),
    ).toBe(true);
    expect(anchorsOf(read('README.md')).has('no-such-heading')).toBe(false);
  });
});

describe('commands the README shows', () => {
  const packages = workspacePackages();

  it('every npm, pnpm and node command is defined by the repository', () => {
    const commands = shellCommands(read('README.md'));
    expect(commands).toContain('npm run demo');
    expect(commands).toContain('npm test');
    const undefinedOnes = commands
      .map((command) => ({ command, problem: undefinedCommand(command, packages) }))
      .filter((entry) => entry.problem !== undefined);
    expect(undefinedOnes).toEqual([]);
  });

  it('the docs use only defined npm scripts and workspace packages', () => {
    const problems = documents
      .filter((document) => document !== 'README.md')
      .flatMap((document) =>
        shellCommands(read(document)).map((command) => ({
          document,
          command,
          problem: undefinedCommand(command, packages),
        })),
      )
      .filter((entry) => entry.problem !== undefined);
    expect(problems).toEqual([]);
  });

  it('an undefined script or package is reported', () => {
    expect(undefinedCommand('npm run deploy-everything', packages)).toMatch(/no script/);
    expect(undefinedCommand('pnpm --filter no-such-package build', packages)).toMatch(/no workspace package/);
    expect(undefinedCommand('pnpm deploy-everything', packages)).toMatch(/no script/);
    expect(undefinedCommand('node scripts/nowhere.mjs', packages)).toMatch(/no file/);
    expect(undefinedCommand('npm run demo -- --once', packages)).toBeUndefined();
  });
});

describe('node reference', () => {
  it('docs/reference.md is what scripts/generate-reference.mjs writes from the built nodes', async () => {
    const script = join(root, 'scripts', 'generate-reference.mjs');
    const run = promisify(execFile)(process.execPath, [script, '--check'], { cwd: root });
    await expect(
      run,
      `run: node ${relative(root, script)} (after a build) and commit docs/reference.md`,
    ).resolves.toMatchObject({
      stdout: expect.stringContaining('up to date') as unknown,
    });
  }, 60_000);
});

describe('the README counts what ships', () => {
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  const shipped = (folder: string): number =>
    readdirSync(join(root, folder)).filter((name) => name.endsWith('.json')).length;

  it.each([
    ['templates', 'packages/n8n-nodes/templates'],
    ['examples', 'packages/node-red-nodes/examples'],
  ])('the number of %s it names is the number in %s', (noun, folder) => {
    const said = new RegExp(`(\\w+) ${noun} in \\[\`${folder}\``).exec(read('README.md'));
    expect(said, `README.md names its ${noun} as "<number> ${noun} in [\`${folder}\`]"`).not.toBeNull();
    expect(said?.[1]).toBe(words[shipped(folder)]);
  });
});
