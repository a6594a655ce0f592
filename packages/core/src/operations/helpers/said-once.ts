/**
 * What a poll says about a site (skipped, and why; failed, and why) is said once while it persists and
 * again when it changes, not at every poll: each site's state remembers the reason last said under one
 * field, and forgets it once the site is no longer reported that way.
 */

/** The reports whose reason is new since the previous poll; `state` is updated in place. */
export function newlyReported<
  Field extends string,
  S extends { [key in Field]?: string },
  R extends { siteId: string },
>(
  reports: readonly R[],
  reasonOf: (report: R) => string,
  where: { state: Record<string, S>; field: Field; blank: () => NoInfer<S> },
): R[] {
  const { state, field, blank } = where;
  const reported = new Set(reports.map((report) => report.siteId));
  for (const site of Object.entries(state))
    if (!reported.has(site[0])) delete (site[1] as { [key in Field]?: string })[field];
  const fresh: R[] = [];
  for (const report of reports) {
    const site: { [key in Field]?: string } = (state[report.siteId] ??= blank());
    const reason = reasonOf(report);
    if (site[field] !== reason) fresh.push(report);
    site[field] = reason;
  }
  return fresh;
}
