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
  /** Run the n8n package's templates in a real n8n instead of the Node-RED flows. */
  n8n: boolean;
}

export const USAGE = `usage: npm run demo -- [--out DIR] [--days N] [--granularity PT15M|PT1H|P1D]
                       [--threshold-percent P] [--seed N] [--sites N] [--once]
       npm run demo -- --n8n [--seed N] [--sites N] [--once]

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
  --n8n                   run the n8n package's templates in a real n8n instead (installed into
                          ~/.cache/ecostruxure-connector on first use, about 5 minutes); --out, --days,
                          --granularity and --threshold-percent belong to the Node-RED flows

Then it serves the Node-RED editor and the dashboard (or n8n) until Ctrl-C.

Examples: npm run demo -- --days 30 --granularity P1D --threshold-percent 50 --sites 40 --out reports
          npm run demo -- --n8n`;

export class UsageError extends Error {}

/** The Node-RED flows' options, with their defaults; the n8n templates carry their own settings. */
const FLOW_DEFAULTS = {
  out: 'demo-output',
  days: '7',
  granularity: 'PT1H',
  'threshold-percent': '25',
} as const;

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
        // No defaults here: --n8n needs to know which of them the user gave.
        out: { type: 'string' },
        days: { type: 'string' },
        granularity: { type: 'string' },
        'threshold-percent': { type: 'string' },
        seed: { type: 'string', default: '42' },
        sites: { type: 'string', default: '25' },
        once: { type: 'boolean', default: false },
        n8n: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // Unknown options, a missing value, a stray argument: Node's message names the option.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values.n8n) {
    const given = Object.keys(FLOW_DEFAULTS).filter(
      (name) => values[name as keyof typeof FLOW_DEFAULTS] !== undefined,
    );
    if (given.length > 0) {
      throw new UsageError(
        `--${given[0]} belongs to the Node-RED demo; with --n8n the templates run with their own settings. ` +
          `Leave out ${given.map((name) => `--${name}`).join(', ')}, or drop --n8n.`,
      );
    }
  }
  const out = values.out ?? FLOW_DEFAULTS.out;
  const days = values.days ?? FLOW_DEFAULTS.days;
  const granularity = values.granularity ?? FLOW_DEFAULTS.granularity;
  const thresholdPercent = values['threshold-percent'] ?? FLOW_DEFAULTS['threshold-percent'];
  if (granularity !== 'PT15M' && granularity !== 'PT1H' && granularity !== 'P1D') {
    throw new UsageError(`--granularity must be PT15M, PT1H or P1D; got "${granularity}".`);
  }
  if (out.trim() === '') throw new UsageError('--out must name a folder; got an empty value.');
  return {
    outDir: out,
    days: numberOption('days', days),
    granularity,
    thresholdPercent: numberOption('threshold-percent', thresholdPercent),
    seed: numberOption('seed', values.seed),
    sites: numberOption('sites', values.sites),
    once: values.once,
    n8n: values.n8n,
  };
}
