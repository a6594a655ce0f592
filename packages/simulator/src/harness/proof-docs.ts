/**
 * The generated sections of the proof documents (`docs/fault-matrix.md`, `docs/secret-canary.md`). Each
 * suite owns one section between `<!-- <doc>:<section>:start -->` and `<!-- <doc>:<section>:end -->`
 * markers and never touches the rest, so suites in different packages can share one file. With
 * `UPDATE_PROOF_DOCS=1` a suite rewrites its section; otherwise it compares and fails on drift.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface DocSection {
  /** The Markdown file. */
  file: string;
  /** The marker prefix, e.g. `fault-matrix` or `canary`. */
  doc: string;
  /** The section's name, e.g. `core`, `n8n-engine`, `node-red`. */
  section: string;
}

/** True when the suites should rewrite their sections (`UPDATE_PROOF_DOCS=1`). */
export function updatingProofDocs(): boolean {
  return process.env.UPDATE_PROOF_DOCS === '1';
}

const markers = ({ doc, section }: DocSection) => ({
  start: `<!-- ${doc}:${section}:start -->`,
  end: `<!-- ${doc}:${section}:end -->`,
});

/** The text between the section's markers (without the newlines next to them), or undefined if absent. */
export function readDocSection(target: DocSection): string | undefined {
  if (!existsSync(target.file)) return undefined;
  const text = readFileSync(target.file, 'utf8');
  const { start, end } = markers(target);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) return undefined;
  return text
    .slice(from + start.length, to)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** Replaces the section's content, or appends the section at the end of the file when it has none. */
export function writeDocSection(target: DocSection, content: string): void {
  const { start, end } = markers(target);
  const block = `${start}\n${content.replace(/\n+$/, '')}\n${end}`;
  const text = existsSync(target.file) ? readFileSync(target.file, 'utf8') : '';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from !== -1 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.replace(/\n*$/, text === '' ? '' : '\n\n')}${block}\n`;
  writeFileSync(target.file, next);
}

/**
 * The usual check: rewrites the section when updating, then returns what the file holds, for the suite to
 * compare with `content` (an assertion that shows the difference when they drift).
 */
export function syncDocSection(target: DocSection, content: string): string | undefined {
  if (updatingProofDocs()) writeDocSection(target, content);
  return readDocSection(target);
}
