import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { carbonClient } from '../../../shared/client';
import { listSites } from '../../../shared/ecostruxure-core';
import { toNodeError } from '../../../shared/errors';

/** The site picker: sites whose name contains what the user typed. */
export async function searchSites(
  this: ILoadOptionsFunctions,
  filter?: string,
): Promise<INodeListSearchResult> {
  try {
    const client = await carbonClient(this, this.getNodeParameter('authentication', 'oAuth2') as string);
    const { items } = await listSites(client, {
      ...(filter ? { nameContains: filter } : {}),
      returnAll: false,
      limit: 100,
    });
    return {
      results: (items as Array<{ id: string; name?: string }>).map((site) => ({
        name: site.name ? `${site.name} (${site.id})` : site.id,
        value: site.id,
      })),
    };
  } catch (error) {
    throw toNodeError(this.getNode(), error);
  }
}
