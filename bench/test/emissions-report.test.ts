/**
 * The emissions-report benchmark in a short run (3 sites, 2 days): the same code as `--only
 * emissions-report`, so a change that breaks it (a form that reads fewer rows than it should, a table that
 * no longer renders) fails here rather than in the next hand-run year. The figures of so short a run mean
 * little; the checks are on what every run must deliver.
 */
import { describe, expect, it } from 'vitest';
import { runEmissionsReport } from '../dist/emissions-report.js';
import { emissionsReportSection } from '../dist/report.js';

describe('emissions-report benchmark, short run', () => {
  it('reads every row of both methods, as the stream of the same rows does, and renders its table', async () => {
    const result = await runEmissionsReport({ sites: 3, days: 2 });
    const rows = 3 * 2 * 96 * 2;
    expect(result.rows).toBe(rows);
    expect(result.streaming).toMatchObject({ form: 'streaming', rows, sites: 3 });
    expect(result.report).toMatchObject({ form: 'report', rows, sites: 3 });
    expect(result.reportSmallHeap).toMatchObject({ form: 'report', rows, sites: 3 });
    expect(result.reportSmallHeap.nodeFlags.length).toBeGreaterThan(0);
    for (const form of [result.streaming, result.report, result.reportSmallHeap]) {
      expect(form.peakRssBytes).toBeGreaterThan(form.idleRssBytes / 2);
    }
    expect(['PASS', 'MISS']).toContain(result.verdict);
    const table = emissionsReportSection(result).join('\n');
    expect(table).toContain('| report | `getEmissionsReport`');
    expect(table).toContain('| report, `--max-old-space-size=128');
    expect(table).toContain('`--days 2`');
  }, 120_000);
});
