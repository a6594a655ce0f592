/**
 * The "Return All" switch and the "Limit" shown when it is off, as every Get Many operation offers them
 * (n8n's own convention), and how an operation reads them for core's `returnAll` / `limit`.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** `show` is the operation's own displayOptions.show (resource and operation). */
export function returnAllFields(show: Record<string, string[]>): INodeProperties[] {
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      displayOptions: { show },
      description: 'Whether to return all results or only up to a given limit',
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      displayOptions: { show: { ...show, returnAll: [false] } },
      description: 'Max number of results to return',
    },
  ];
}

/** The two fields as core's list operations take them: no limit when everything is asked for. */
export function readReturnAll(
  context: IExecuteFunctions,
  itemIndex: number,
): { returnAll: boolean; limit?: number } {
  const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
  return returnAll
    ? { returnAll }
    : { returnAll, limit: context.getNodeParameter('limit', itemIndex) as number };
}
