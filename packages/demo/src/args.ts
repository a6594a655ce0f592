/** Command-line options of the demo. */
import { parseArgs } from 'node:util';

export interface DemoOptions {
  outDir: string;
  days: number;
  granularity: 'PT15M' | 'PT1H' | 'P1D';
  thresholdPercent: number;
  seed: number;
  sites: number;
}

export const USAGE = `usage: ecostruxure-demo [--out DIR] [--days N] [--granularity PT15M|PT1H|P1D]
                        [--threshold-percent P] [--seed N] [--sites N]

Starts the local EcoStruxure simulator and runs the three jobs users build flows for:
  1. every site's emissions for the last N days (default 7) as spreadsheet rows (CSV + table),
  2. the sites whose latest interval is more than P % (default 25) above their grid's global rate,
  3. the active Energy Hub alarms.`;

export class UsageError extends Error {}

const positiveInteger = (name: string, raw: string, max: number): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}; got "${raw}".`);
  }
  return value;
};

export function parseDemoArgs(argv: string[]): DemoOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string', default: 'demo-output' },
      days: { type: 'string', default: '7' },
      granularity: { type: 'string', default: 'PT1H' },
      'threshold-percent': { type: 'string', default: '25' },
      seed: { type: 'string', default: '42' },
      sites: { type: 'string', default: '25' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const granularity = values.granularity;
  if (granularity !== 'PT15M' && granularity !== 'PT1H' && granularity !== 'P1D') {
    throw new UsageError(`--granularity must be PT15M, PT1H or P1D; got "${granularity}".`);
  }
  const thresholdPercent = Number(values['threshold-percent']);
  if (!Number.isFinite(thresholdPercent)) {
    throw new UsageError(`--threshold-percent must be a number; got "${values['threshold-percent']}".`);
  }
  return {
    outDir: values.out,
    days: positiveInteger('days', values.days, 366),
    granularity,
    thresholdPercent,
    seed: positiveInteger('seed', values.seed, 2 ** 31 - 1),
    sites: positiveInteger('sites', values.sites, 500),
  };
}
