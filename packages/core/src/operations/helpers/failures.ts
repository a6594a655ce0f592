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
import { newlyReported } from './said-once.js';

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

/**
 * Errors that are about the account, the consent or the network rather than one site: every other site
 * would fail the same way, so a poll fails on them as a whole and the host shows its error.
 */
const ACCOUNT_WIDE_CODES: ReadonlySet<string> = new Set([
  'AUTHENTICATION_FAILED',
  'REAUTHORIZATION_REQUIRED',
  'PERMISSION_DENIED',
  'NETWORK_ERROR',
]);

function isAccountWide(error: unknown): boolean {
  if (!(error instanceof EcoStruxureError)) return false;
  return ACCOUNT_WIDE_CODES.has(error.code) || error.httpCode === 401 || error.httpCode === 403;
}

/**
 * A poll's failed sites: reported beside the others' data, so one site that cannot be read does not
 * silence the rest. The poll fails instead, as a whole, when no site could be read or when a failure is
 * not about one site (authentication, consent, network).
 */
export function settlePollFailures(
  failures: readonly SiteFailureEntry[],
  total: number,
): SiteFailureReport[] {
  if (failures.length >= total || failures.some((failure) => isAccountWide(failure.error)))
    throwIfAnySiteFailed(failures, total);
  return failures.map(reportSiteFailure).sort((a, b) => a.siteId.localeCompare(b.siteId));
}

/** An instant in a message ("window 1 of 1 (2026-12-06T02:00:00.000Z to ...)"), which moves with each poll. */
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * The failed sites whose failure is new since the previous poll (said once while it persists, again when
 * it changes); each site's state remembers its failure, and forgets it once the site is read. Two failures
 * are the same when their messages are, the window's instants aside.
 */
export function newlyFailedSites<S extends { failedReason?: string }>(
  failures: readonly SiteFailureReport[],
  state: Record<string, S>,
  blank: () => NoInfer<S>,
): SiteFailureReport[] {
  const reasonOf = (failure: SiteFailureReport) => failure.message.replace(INSTANT, '…');
  return newlyReported(failures, reasonOf, { state, field: 'failedReason', blank });
}
