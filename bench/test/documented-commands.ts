/**
 * The commands the documentation shows a user: every line of a fenced shell block, and every inline code
 * span that starts with a command, in README.md, docs/*.md and the packages' READMEs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** The documents a user reads for commands. */
export function documentsWithCommands(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const readmes = [...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`), 'bench']
    .map((folder) => `${folder}/README.md`)
    .filter((path) => existsSync(join(root, path)));
  return ['README.md', ...docs, ...readmes];
}

/** An inline code span that is a command to run: a command word with arguments (a lone `node` is a word). */
const COMMAND = /^((npm|pnpm|npx|node|curl|docker|bash|source|cd|mkdir|ecostruxure-sim)\s+\S|\.ci\/run$)/;

/** Lines of the fenced `sh`, `bash` and `shell` blocks: continuations joined, comments left out. */
export function fencedCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map(
    (match) => match[1] ?? '',
  );
  return blocks
    .flatMap((block) => block.replace(/\\\n/g, ' ').split('\n'))
    .map((line) => normalise(line.replace(/\s+#.*$/, '')))
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Inline code spans outside fenced blocks that start with a command word. */
export function inlineCommands(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/`([^`\n]+)`/g)]
    .map((match) => normalise(match[1] ?? ''))
    .filter((span) => COMMAND.test(span));
}

const normalise = (command: string): string => command.trim().replace(/\s+/g, ' ');

export interface DocumentedCommand {
  document: string;
  command: string;
}

export function documentedCommands(): DocumentedCommand[] {
  return documentsWithCommands().flatMap((document) => {
    const markdown = readFileSync(join(root, document), 'utf8');
    return [...fencedCommands(markdown), ...inlineCommands(markdown)].map((command) => ({
      document,
      command,
    }));
  });
}
