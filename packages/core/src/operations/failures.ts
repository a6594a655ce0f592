/**
 * One rule for operations over several sites: if any site failed, the call fails, naming each site
 * (a sync that skipped a site would leave a silent hole). With a single site its own error is thrown, so
 * the user sees "site not found" rather than "1 of 1 items failed".
 */
import { BatchError, type BatchFailure } from '../http/concurrency.js';

export interface SiteFailureEntry {
  siteId: string;
  error: unknown;
}

export function throwIfAnySiteFailed(
  failures: readonly SiteFailureEntry[],
  total: number,
  results: unknown[] = [],
): void {
  if (failures.length === 0) return;
  if (total === 1 && failures[0] !== undefined) throw failures[0].error;
  const listed: BatchFailure[] = failures.map((failure, index) => ({
    index,
    label: `site ${failure.siteId}`,
    error: failure.error,
  }));
  throw new BatchError(listed, results, total);
}
