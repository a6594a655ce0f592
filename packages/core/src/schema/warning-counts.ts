/**
 * Warnings that differ only in the count they start with ("75 value(s) came as text...": one page's or
 * one site's share) are one warning with their counts added, so a year of pages or a hundred sites say
 * it once. Used for a call's pages and for the warnings a host shows.
 */
import type { ShapeWarning } from './parse-response.js';

/** A count a warning starts with. */
const LEADING_COUNT = /^(\d+) /;

export interface MergedWarning extends ShapeWarning {
  /** How many warnings were merged into this one. */
  occurrences: number;
}

/**
 * The warnings merged, in the order first seen. Two are one when `keyOf` gives them the same key; it is
 * given the words after the count (the whole message when there is none) and whether there was one.
 */
export function mergeCountedWarnings(
  warnings: Iterable<ShapeWarning>,
  keyOf: (warning: ShapeWarning, words: string, counted: boolean) => string,
): MergedWarning[] {
  const byKey = new Map<string, { merged: MergedWarning; words: string; total: number | undefined }>();
  for (const warning of warnings) {
    const leading = LEADING_COUNT.exec(warning.message);
    const words = leading ? warning.message.slice(leading[0].length) : warning.message;
    const key = keyOf(warning, words, leading !== null);
    const known = byKey.get(key);
    if (known === undefined) {
      const merged = { path: warning.path, message: warning.message, occurrences: 1 };
      byKey.set(key, { merged, words, total: leading ? Number(leading[1]) : undefined });
      continue;
    }
    known.merged.occurrences += 1;
    if (known.total !== undefined && leading) {
      known.total += Number(leading[1]);
      known.merged.message = `${known.total} ${known.words}`;
    }
  }
  return [...byKey.values()].map((entry) => entry.merged);
}
