/**
 * The Carbon Emission Data API's site paths below its base URL, built here only: the site reader, the
 * emission pages and the operations' raw output all take them from here (the global rates' path is the
 * dialect's). Each comes with its route, the
 * template with `{siteId}`, which names the request in errors and warnings.
 */
import { encodePathSegment } from '../http/types.js';

export interface CarbonResource {
  /** What is sent, the site ID encoded, e.g. `/sites/site%2F1`. */
  path: string;
  /** The template, e.g. `/sites/{siteId}`. */
  route: string;
}

const site = (siteId: string): CarbonResource => ({
  path: `/sites/${encodePathSegment(siteId)}`,
  route: '/sites/{siteId}',
});

export const CARBON_RESOURCES = {
  sites: (): CarbonResource => ({ path: '/sites', route: '/sites' }),
  site,
  siteEmissions: (siteId: string): CarbonResource => ({
    path: `${site(siteId).path}/carbon-emissions`,
    route: `${site(siteId).route}/carbon-emissions`,
  }),
} as const;
