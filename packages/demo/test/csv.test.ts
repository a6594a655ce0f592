import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCsv } from '../src/output/csv.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('writeCsv', () => {
  it('neutralises text that a spreadsheet would run as a formula, and leaves numbers alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-'));
    const path = join(dir, 'nested', 'rows.csv');
    await writeCsv(
      path,
      [
        { site: '=HYPERLINK("http://evil.test","x")', kgCO2e: -1.5, estimated: true },
        { site: '@SUM(A1)', kgCO2e: 2, estimated: false },
        { site: 'Lyon, "Part-Dieu"', kgCO2e: 0, estimated: false },
      ],
      ['site', 'kgCO2e', 'estimated'],
    );
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toEqual([
      'site,kgCO2e,estimated',
      `"'=HYPERLINK(""http://evil.test"",""x"")",-1.5,true`,
      `'@SUM(A1),2,false`,
      '"Lyon, ""Part-Dieu""",0,false',
    ]);
  });
});
