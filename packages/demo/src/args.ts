/** Command-line options of the demo: every value is checked here, before any work starts. */
import { parseArgs } from 'node:util';

export interface DemoOptions {
  outDir: string;
  days: number;
  granularity: 'PT15M' | 'PT1H' | 'P1D';
  thresholdPercent: number;
  seed: number;
  sites: number;
  /** Exit after printing the results instead of serving the editor and dashboard until Ctrl-C. */
  once: boolean;
}

export const USAGE = `usage: npm run demo -- [--out DIR] [--days N] [--granularity PT15M|PT1H|P1D]
                       [--threshold-percent P] [--seed N] [--sites N] [--once]

Starts the local EcoStruxure simulator and a Node-RED with the EcoStruxure nodes, deploys the demo flows
and runs the three jobs users build flows for:
  1. every site's emissions for the last N days (default 7) as spreadsheet rows (CSV + table),
  2. the sites whose latest interval (of --granularity) is more than P % (default 25) above their
     grid's global rate,
  3. the active Energy Hub alarms.

Options:
  --out DIR               folder for the CSV file, created if missing (default demo-output)
  --days N                whole number of days, 1 to 366 (default 7)
  --granularity G         PT15M, PT1H or P1D (default PT1H)
  --threshold-percent P   percent above the grid's rate, 0 to 1000, decimals allowed (default 25)
  --seed N                simulator seed, 1 to 2147483647 (default 42)
  --sites N               number of simulated sites, 1 to 500 (default 25)
  --once                  exit after the results instead of serving the editor and dashboard

Then it serves the Node-RED editor and the dashboard until Ctrl-C.

Example: npm run demo -- --days 30 --granularity P1D --threshold-percent 50 --sites 40 --out reports`;

export class UsageError extends Error {}

interface NumberRule {
  min: number;
  max: number;
  /** Whether a fraction such as 12.5 is allowed. */
  decimals: boolean;
}

const RULES = {
  days: { min: 1, max: 366, decimals: false },
  'threshold-percent': { min: 0, max: 1000, decimals: true },
  seed: { min: 1, max: 2 ** 31 - 1, decimals: false },
  sites: { min: 1, max: 500, decimals: false },
} as const satisfies Record<string, NumberRule>;

/**
 * Plain decimal digits only: `Number()` would also take `1e1`, `0x7`, an empty string (as 0) or
 * whitespace, none of which a user means as a count of days.
 */
function numberOption(name: keyof typeof RULES, raw: string): number {
  const rule: NumberRule = RULES[name];
  const pattern = rule.decimals ? /^\d+(\.\d+)?$/ : /^\d+$/;
  const value = Number(raw);
  if (!pattern.test(raw) || value < rule.min || value > rule.max) {
    const kind = rule.decimals ? 'a decimal number' : 'a whole number';
    throw new UsageError(`--${name} must be ${kind} from ${rule.min} to ${rule.max}; got "${raw}".`);
  }
  return value;
}

const VALUE_OPTIONS = new Set([
  '--out',
  '--days',
  '--granularity',
  '--threshold-percent',
  '--seed',
  '--sites',
]);

/**
 * `--days -3` reads to Node's parser as an option `-3`; joined as `--days=-3`, the value reaches the range
 * check, which says what is wrong in the user's terms.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    const next = argv[i + 1];
    if (VALUE_OPTIONS.has(token) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${token}=${next}`);
      i += 1;
    } else joined.push(token);
  }
  return joined;
}

export function parseDemoArgs(argv: string[]): DemoOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      options: {
        out: { type: 'string', default: 'demo-output' },
        days: { type: 'string', default: '7' },
        granularity: { type: 'string', default: 'PT1H' },
        'threshold-percent': { type: 'string', default: '25' },
        seed: { type: 'string', default: '42' },
        sites: { type: 'string', default: '25' },
        once: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // Unknown options, a missing value, a stray argument: Node's message names the option.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const granularity = values.granularity;
  if (granularity !== 'PT15M' && granularity !== 'PT1H' && granularity !== 'P1D') {
    throw new UsageError(`--granularity must be PT15M, PT1H or P1D; got "${granularity}".`);
  }
  if (values.out.trim() === '') throw new UsageError('--out must name a folder; got an empty value.');
  return {
    outDir: values.out,
    days: numberOption('days', values.days),
    granularity,
    thresholdPercent: numberOption('threshold-percent', values['threshold-percent']),
    seed: numberOption('seed', values.seed),
    sites: numberOption('sites', values.sites),
    once: values.once,
  };
}
