/**
 * Site names and countries for emission rows. A sync often asks for one site per call (n8n runs one call
 * per input item, a Node-RED flow one per message); listing every site again on each call would double its
 * requests and, under the provider's rate limit, halve its throughput. So one client keeps its site list
 * for a minute, calls at the same moment share one request, and a site missing from the kept list (added
 * since) fetches it again. A failed listing is never kept.
 */
import type { CarbonClient } from '../../carbon-api/carbon-client.js';
import type { Site } from '../../carbon-api/schemas.js';
import type { OperationContext } from '../helpers/types.js';

/** Long enough for a sync; short enough that a renamed site shows its new name in the next run. */
export const SITE_DIRECTORY_FRESH_MS = 60_000;

interface Listing {
  listedAt: number;
  sites: Promise<ReadonlyMap<string, Site>>;
}

const listings = new WeakMap<CarbonClient, Listing>();

export async function siteDirectory(
  carbon: CarbonClient,
  siteIds: readonly string[],
  context: OperationContext,
): Promise<ReadonlyMap<string, Site>> {
  const now = carbon.http.runtime.now();
  const kept = listings.get(carbon);
  if (kept !== undefined && now - kept.listedAt < SITE_DIRECTORY_FRESH_MS) {
    const sites = await untilAborted(kept.sites, context.signal);
    if (siteIds.every((id) => sites.has(id))) return sites;
  }
  return await untilAborted(list(carbon, now), context.signal);
}

function list(carbon: CarbonClient, now: number): Promise<ReadonlyMap<string, Site>> {
  // Without the caller's signal: other calls may be waiting on this request; each stops waiting on its own.
  const sites = carbon
    .listSites()
    .then((all): ReadonlyMap<string, Site> => new Map(all.map((site) => [site.id, site])));
  const listing: Listing = { listedAt: now, sites };
  listings.set(carbon, listing);
  sites.catch(() => {
    if (listings.get(carbon) === listing) listings.delete(carbon);
  });
  return sites;
}

/** The promise's outcome, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error as Error);
      },
    );
  });
}
