/** Writes rows as an RFC 4180 CSV file with a header line, the format every spreadsheet imports. */
import { stringify } from 'csv-stringify/sync';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeCsv<Row extends object>(
  path: string,
  rows: readonly Row[],
  columns: ReadonlyArray<keyof Row & string>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const text = stringify(rows as Row[], {
    header: true,
    columns: columns.map((key) => ({ key })),
    cast: { boolean: (value) => (value ? 'true' : 'false') },
    // Site names and other API text land in spreadsheets: a leading =, +, - or @ would run as a formula
    // (CSV injection), so such text is prefixed with a quote; numbers, negative ones included, stay numbers.
    escape_formulas: true,
  });
  await writeFile(path, text, 'utf8');
}
