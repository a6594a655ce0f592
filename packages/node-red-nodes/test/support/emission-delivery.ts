/**
 * The fault matrix's and the soak's rule for a Get Emissions message over several sites: every row of
 * every site that answered, exactly once, and each other site named in msg.failures with its error code
 * and what to do (the node goes on past a failed site). No row may go missing unreported.
 */
import { expect } from 'vitest';

export interface SiteFailure {
  siteId: string;
  code: string;
  description: string;
}

export interface Delivery {
  rows: number;
  answered: string[];
  failures: SiteFailure[];
}

export function checkDelivery(msg: Record<string, unknown>, sites: string[], rowsPerSite: number): Delivery {
  const rows = msg.payload as Array<{ siteId: string; timestamp: string }>;
  const failures = (msg.failures ?? []) as SiteFailure[];
  const failed = failures.map((failure) => failure.siteId);
  const answered = sites.filter((site) => !failed.includes(site));
  expect([...answered, ...failed].sort()).toEqual([...sites].sort());
  expect(new Set(rows.map((row) => `${row.siteId}|${row.timestamp}`)).size, 'duplicate rows').toBe(
    rows.length,
  );
  expect(rows).toHaveLength(rowsPerSite * answered.length);
  expect(new Set(rows.map((row) => row.siteId))).toEqual(new Set(answered));
  for (const failure of failures) expect(failure.description).toMatch(/\S/);
  return { rows: rows.length, answered, failures };
}
