/**
 * Warnings as a host shows them: the same warning from many items, pages or sites once, with how many
 * times it came, and, for a poll that runs again and again, only the ones the previous poll did not
 * already say (both adapters' triggers pass them on this way, so a warning is said once, not every poll).
 */
import type { ShapeWarning } from '../../schema/parse-response.js';
import { mergeCountedWarnings } from '../../schema/warning-counts.js';

export interface CountedWarning extends ShapeWarning {
  /** How many times this same warning came (items, sites or pages that gave it). */
  count: number;
}

/** What makes two warnings the same one: where and what. */
export function warningKey(warning: ShapeWarning): string {
  return `${warning.path}\n${warning.message}`;
}

/**
 * Each distinct warning once, in the order first seen, with how many times it came. Warnings that differ
 * only in their leading count (each site's own number of values sent as text) are one warning whose
 * count is their sum: two sites must not read as two different problems.
 */
export function distinctWarnings(warnings: Iterable<ShapeWarning>): CountedWarning[] {
  const keyOf = (warning: ShapeWarning, words: string, counted: boolean) =>
    `${warning.path}\n${counted ? '#' : ''}${words}`;
  return mergeCountedWarnings(warnings, keyOf).map(({ path, message, occurrences }) => ({
    path,
    message,
    count: occurrences,
  }));
}

export interface FreshWarnings {
  /** The distinct warnings of this poll that the previous one did not give. */
  fresh: CountedWarning[];
  /** The keys of every warning of this poll: pass them as `saidBefore` to the next. */
  said: string[];
}

/** A number standing alone ("75 value(s)", "page 3"), not part of a name such as `site-0001`. */
const STANDALONE_NUMBER = /(?<![\w.-])\d+(?:\.\d+)?(?![\w-])/g;

/**
 * What makes a warning the same from one poll to the next: its place and words, not its counts, which
 * follow the size of each poll's window ("3 value(s) came as text", then "6 value(s)...").
 */
function persistingKey(warning: ShapeWarning): string {
  return `${warning.path}\n${warning.message.replace(STANDALONE_NUMBER, '#')}`;
}

/**
 * The warnings of one poll against those of the previous poll (`saidBefore`, its `said`): a warning that
 * persists (counts aside) is said once; one that went away and comes back is said again.
 */
export function freshWarnings(warnings: Iterable<ShapeWarning>, saidBefore: unknown): FreshWarnings {
  const before = new Set(
    Array.isArray(saidBefore) ? saidBefore.filter((key) => typeof key === 'string') : [],
  );
  const distinct = distinctWarnings(warnings);
  return {
    fresh: distinct.filter((warning) => !before.has(persistingKey(warning))),
    said: [...new Set(distinct.map(persistingKey))],
  };
}
