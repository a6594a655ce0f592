/**
 * The two query dialects of the emissions endpoint (option `carbonDialect`). `contract` is
 * docs/api-contract.md §5; `sibling` is how the public sibling API on the same gateway (the energy and
 * sustainability scoring partner API) names and shapes the same things, so clients can be tried against
 * both guesses of what the real Carbon API does. The `variant` dialect has routes of its own (variant.ts).
 */
import type { CarbonDialect } from '../options.js';

export interface DialectSpec {
  /** Query parameters bounding the range: intervals starting in [from, to). */
  fromParameter: string;
  toParameter: string;
  /** `page`/`pageSize` and a `paging` envelope (contract), or the whole window in one bare array. */
  paged: boolean;
  /** Accept `2022-07-11` (midnight UTC) as well as a date-time with offset for the range parameters. */
  acceptsDateOnly: boolean;
}

export const DIALECTS: Readonly<Record<Exclude<CarbonDialect, 'variant'>, DialectSpec>> = {
  contract: { fromParameter: 'from', toParameter: 'to', paged: true, acceptsDateOnly: false },
  sibling: {
    fromParameter: 'updatedAt[gte]',
    toParameter: 'updatedAt[lt]',
    paged: false,
    acceptsDateOnly: true,
  },
};
