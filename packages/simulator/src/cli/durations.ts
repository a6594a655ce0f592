/** Human-friendly durations for CLI flags: `500ms`, `30s`, `10m`, `2h`, `1d`, optionally signed (`-5m`). */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export const DURATION_HELP = 'a number with a unit: ms, s, m, h or d (e.g. 500ms, 30s, 10m)';

/**
 * Parses a duration into milliseconds, or returns undefined. A unit is required (except for 0) because a
 * bare number is ambiguous between seconds and milliseconds, and guessing wrong is off by 1000x.
 */
export function parseDuration(
  text: string,
  { signed = false }: { signed?: boolean } = {},
): number | undefined {
  const trimmed = text.trim();
  if (/^[+-]?0+$/.test(trimmed)) return 0;
  const match = /^([+-])?(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(trimmed);
  if (!match) return undefined;
  const [, sign, amount, unit] = match as unknown as [string, string | undefined, string, string];
  if (sign === '-' && !signed) return undefined;
  const ms = Math.round(Number(amount) * (UNIT_MS[unit] ?? Number.NaN));
  if (!Number.isSafeInteger(ms)) return undefined;
  return sign === '-' ? -ms : ms;
}
