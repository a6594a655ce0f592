/**
 * Changes a test makes to the generated emission data, through the control API: intervals a meter never
 * sent (gaps, which a report must count as missing) and intervals revised after they were first served
 * (a new value and a later `updatedAt`, which a sync must deliver again as an update). Without edits the
 * data is what the seed generates, unchanged.
 */

export interface EmissionGap {
  siteId: string;
  /** Start of the first missing interval, epoch ms, inclusive. */
  from: number;
  /** End, exclusive: every interval starting in [from, to) is missing, whatever the granularity. */
  to: number;
}

export interface EmissionRevision {
  siteId: string;
  /** Start of the revised interval, epoch ms. */
  start: number;
  /** Factor applied to the interval's energy and emissions (the factor stays the grid's). */
  scale: number;
  /** When the revision was made: the interval's new `updatedAt`. */
  revisedAt: number;
}

export interface EmissionEdits {
  addGap(gap: EmissionGap): void;
  revise(revision: EmissionRevision): void;
  clear(): { gaps: number; revisions: number };
  /** True when the interval starting at `start` is missing for the site. */
  isMissing(siteId: string, start: number): boolean;
  /** The revision of the interval starting at `start`, if any (the latest wins). */
  revisionOf(siteId: string, start: number): EmissionRevision | undefined;
}

export function createEmissionEdits(): EmissionEdits {
  let gaps: EmissionGap[] = [];
  let revisions = new Map<string, EmissionRevision>();
  const keyOf = (siteId: string, start: number) => `${siteId}@${start}`;
  return {
    addGap: (gap) => {
      gaps.push({ ...gap });
    },
    revise: (revision) => {
      revisions.set(keyOf(revision.siteId, revision.start), { ...revision });
    },
    clear: () => {
      const cleared = { gaps: gaps.length, revisions: revisions.size };
      gaps = [];
      revisions = new Map();
      return cleared;
    },
    isMissing: (siteId, start) =>
      gaps.length > 0 && gaps.some((gap) => gap.siteId === siteId && start >= gap.from && start < gap.to),
    revisionOf: (siteId, start) => (revisions.size === 0 ? undefined : revisions.get(keyOf(siteId, start))),
  };
}
