/**
 * Runs one operation per input item, several items at once (core bounds how many requests are in flight),
 * and pairs every output item with the input item it came from. A failed item becomes an error item when
 * the node continues on failure; otherwise the first failure (in input order) stops the node. An item
 * over several sites whose operation went on past failed sites (only when continuing on failure) gives
 * the other sites' items plus one error item per failed site, as core reports it; a site that answered
 * with nothing to give (no data, no recognised series, no grid rate) gives one item saying why, so every
 * site asked for is in the output. Core's warnings become hints above the output (shared/warnings.ts).
 */
import type { IBinaryKeyData, IExecuteFunctions, INodeExecutionData, IDataObject } from 'n8n-workflow';

import { mapWithConcurrency } from './ecostruxure-core';
import type { ShapeWarning } from './ecostruxure-core';
import { errorItemJson, toNodeError } from './errors';
import { warningHints } from './warnings';

/**
 * Input items run at once: as many as the provider lets one client have requests in flight, so a sync of
 * one site per item keeps every slot busy. An item may send several requests; core's client bounds the
 * total again.
 */
const ITEMS_AT_ONCE = 10;

export interface OperationResult {
  items: object[];
  /** Sites that failed while the others succeeded (core's site failure reports). */
  failures?: object[];
  /** Files the items carry (a report's CSV), under n8n's binary property names. */
  binary?: IBinaryKeyData;
  /** Sites (timestamp null or absent) and intervals core skipped, with why. */
  skipped?: ReadonlyArray<{ siteId: string; reason: string; timestamp?: string | null }>;
  /** What core read leniently or could not check, naming where: shown as hints above the output. */
  warnings?: readonly ShapeWarning[];
}

/** One item per skipped site; a skipped interval of a site that has items is not a site left out. */
function skippedSiteItems(result: OperationResult): IDataObject[] {
  return (result.skipped ?? [])
    .filter((skip) => skip.timestamp === undefined || skip.timestamp === null)
    .map((skip) => ({ siteId: skip.siteId, skipped: true, reason: skip.reason }));
}

type Outcome = { ok: true; result: OperationResult } | { ok: false; error: unknown };

export async function runPerItem(
  context: IExecuteFunctions,
  operation: (itemIndex: number) => Promise<OperationResult>,
  /** What the user ran, named in errors ("Get emissions"). */
  action?: string,
): Promise<INodeExecutionData[]> {
  const inputs = context.getInputData();
  const outcomes = await mapWithConcurrency(
    inputs,
    ITEMS_AT_ONCE,
    async (_input, itemIndex): Promise<Outcome> => {
      try {
        return { ok: true, result: await operation(itemIndex) };
      } catch (error) {
        return { ok: false, error };
      }
    },
  );

  // Each distinct warning once over all items (a site asked for in 100 items is one hint, "100 times").
  const hints = warningHints(
    outcomes.flatMap((outcome) => (outcome.ok ? (outcome.result.warnings ?? []) : [])),
  );
  if (hints.length > 0) context.addExecutionHints(...hints);
  const output: INodeExecutionData[] = [];
  outcomes.forEach((outcome, itemIndex) => {
    if (outcome.ok) {
      for (const json of outcome.result.items) {
        const { binary } = outcome.result;
        output.push({
          json: json as IDataObject,
          ...(binary ? { binary } : {}),
          pairedItem: { item: itemIndex },
        });
      }
      for (const json of skippedSiteItems(outcome.result)) {
        output.push({ json, pairedItem: { item: itemIndex } });
      }
      for (const failure of outcome.result.failures ?? []) {
        output.push({ json: { error: failure as IDataObject }, pairedItem: { item: itemIndex } });
      }
      return;
    }
    const nodeError = toNodeError(context.getNode(), outcome.error, itemIndex, action);
    if (!context.continueOnFail()) throw nodeError;
    output.push({
      json: { error: errorItemJson(outcome.error, nodeError) },
      pairedItem: { item: itemIndex },
    });
  });
  return output;
}
