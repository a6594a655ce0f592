/**
 * docs/emissions-report.md explains every column of the report, and only those: its Columns table is held
 * against what core's getEmissionsReport returns from the simulator (a row, a total, the CSV's header), so
 * a column added, renamed or left out of the CSV fails here until the page says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEcoStruxureClient, emissionsReportCsv, getEmissionsReport } from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS, startSimulator } from '@ecostruxure-connector/simulator';
import { describe, expect, it } from 'vitest';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'emissions-report.md'), 'utf8');
const sectionOf = (title: string) => page.split(/^## /m).find((part) => part.startsWith(`${title}\n`)) ?? '';
const names = (text: string) => [...text.matchAll(/`(\w+)`/g)].map((match) => match[1]!);

/** The names in the first cell of each row of the Columns table. */
const documented = sectionOf('Columns')
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .flatMap((line) => names(line.split('|')[1]!));

describe('docs/emissions-report.md', () => {
  it('documents exactly the columns of a row, the totals and the CSV', async () => {
    const sim = await startSimulator({ port: 0, sites: 2 });
    try {
      const client = createEcoStruxureClient({
        baseUrl: sim.url,
        credentials: { kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value },
        transport: createUndiciTransport(),
        runtime: nodeRuntime,
      });
      const report = await getEmissionsReport(client, {
        siteIds: 'site-0001',
        period: 'month',
        year: 2025,
        month: 3,
      });
      expect([...documented].sort()).toEqual(['level', ...Object.keys(report.items[0]!)].sort());

      // The CSV: the same columns with `level` first, except those the page names.
      const header = emissionsReportCsv(report)
        .split('\n')
        .find((line) => !line.startsWith('#'))!
        .split(',');
      expect(header[0]).toBe('level');
      const except = /the CSV has the same columns, with `level` first, except ([^)]*)\)/.exec(
        sectionOf('Columns'),
      );
      expect(except, 'the sentence naming the columns the CSV leaves out').not.toBeNull();
      expect(documented.filter((name) => !header.includes(name)).sort()).toEqual(names(except![1]!).sort());

      // A total has the row's figures, and says how many sites it sums.
      const total = Object.keys(report.totals[0]!);
      expect(total.filter((name) => !documented.includes(name))).toEqual(['sites']);
      expect(names(sectionOf('Columns'))).toContain('sites');
    } finally {
      await sim.close();
    }
  }, 60_000);
});
