/** Renders a small table for the terminal. */
import Table from 'cli-table3';

export type Cell = string | number | boolean | null | undefined;

export function renderTable(head: string[], rows: Cell[][]): string {
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const row of rows)
    table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return table.toString();
}

export const formatNumber = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '' : value.toFixed(digits);
