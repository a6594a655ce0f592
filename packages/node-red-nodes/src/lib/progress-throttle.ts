/**
 * Progress shows at most this often: each status is an event to every open editor, and a fast stream of
 * pages would otherwise send one per page. The summary at the end always shows, outside this throttle.
 */
export const PROGRESS_EVERY_MS = 250;

/**
 * Returns a check that lets a progress update through only when `everyMs` have passed since the last
 * one that went through (or since the run started, whose "working" status counts as the first).
 */
export function progressThrottle(everyMs = PROGRESS_EVERY_MS, now: () => number = Date.now): () => boolean {
  let shownAt = now();
  return () => {
    const at = now();
    if (at - shownAt < everyMs) return false;
    shownAt = at;
    return true;
  };
}
