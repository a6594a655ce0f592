/**
 * One rule for operations over several sites: if any site failed, the call fails, naming each site
 * (a sync that skipped a site would leave a silent hole). With a single site its own error is thrown, so
 * the user sees "site not found" rather than "1 of 1 items failed".
 *
 * When the user asked to go on despite failures (n8n's "Continue On Fail", Node-RED's partial results),
 * the failed sites are instead reported beside the results, in the same plain shape in both adapters;
 * the call still fails when no site succeeded, since there is nothing to pass on.
 */
import { EcoStruxureError } from '../../errors/errors.js';
import { redactSecretPatterns } from '../../errors/redact.js';
import { BatchError, type BatchFailure } from '../../http/concurrency.js';
import { choice } from './form-values.js';

export interface SiteFailureEntry {
  siteId: string;
  error: unknown;
}

/** What to do when some sites fail: fail the whole call (default), or keep the others and list the failed. */
export const SITE_FAILURE_VALUES = ['fail', 'continue'] as const;
export type OnSiteFailure = (typeof SITE_FAILURE_VALUES)[number];

/** A failed site as a flow can branch on it: plain JSON, already free of secrets. */
export interface SiteFailureReport {
  siteId: string;
  message: string;
  /** What the user can do about it. */
  description: string;
  /** Core's error code, e.g. API_ERROR or NETWORK_ERROR. */
  code: string;
  /** The HTTP status behind the failure, or null when there was none. */
  httpCode: number | null;
}

export function onSiteFailureOf(value: unknown): OnSiteFailure {
  return choice(value, 'onSiteFailure', SITE_FAILURE_VALUES, 'fail');
}

export function reportSiteFailure(failure: SiteFailureEntry): SiteFailureReport {
  const { siteId, error } = failure;
  if (error instanceof EcoStruxureError) {
    return {
      siteId,
      message: error.message,
      description: error.description,
      code: error.code,
      httpCode: error.httpCode ?? null,
    };
  }
  // Not one of ours (a bug): its message only, redacted like our own.
  return {
    siteId,
    message: redactSecretPatterns(error instanceof Error ? error.message : String(error)),
    description: 'An unexpected error; report it with the message if it persists.',
    code: 'UNEXPECTED',
    httpCode: null,
  };
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

/**
 * The failed sites as reports when the user chose to go on and at least one site succeeded; otherwise
 * the call fails as `throwIfAnySiteFailed` says.
 */
export function settleSiteFailures(
  failures: readonly SiteFailureEntry[],
  total: number,
  onSiteFailure: OnSiteFailure,
  results: unknown[] = [],
): SiteFailureReport[] {
  if (onSiteFailure === 'continue' && failures.length < total) return failures.map(reportSiteFailure);
  throwIfAnySiteFailed(failures, total, results);
  return [];
}
