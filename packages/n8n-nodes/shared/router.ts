/**
 * The one router of the action nodes: the resource and operation the user picked select a mapping, which
 * runs once per input item against one core client.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { EcoStruxureClient } from './ecostruxure-core';
import { runPerItem } from './run-per-item';
import type { OperationResult } from './run-per-item';

export type Executor = (
  this: IExecuteFunctions,
  client: EcoStruxureClient,
  itemIndex: number,
) => Promise<OperationResult>;

/** resource -> operation -> mapping */
export type Executors = Record<string, Record<string, Executor>>;

/** The node's operation fields (one per resource), whose options name each action ("Get emissions"). */
export async function routeOperation(
  context: IExecuteFunctions,
  executors: Executors,
  operationFields: INodeProperties[],
  createClient: () => Promise<EcoStruxureClient>,
): Promise<INodeExecutionData[][]> {
  const resource = context.getNodeParameter('resource', 0) as string;
  const operation = context.getNodeParameter('operation', 0) as string;
  const executor = executors[resource]?.[operation];
  if (!executor) {
    throw new NodeOperationError(
      context.getNode(),
      `The operation "${operation}" of "${resource}" is not supported`,
      { description: 'Pick a resource and an operation from the lists in the node.' },
    );
  }
  const action = actionName(operationFields, resource, operation);
  const client = await createClient();
  return [
    await runPerItem(context, async (itemIndex) => await executor.call(context, client, itemIndex), action),
  ];
}

/** The action as the nodes panel lists it, e.g. "Get emissions"; falls back to the operation's value. */
function actionName(operationFields: INodeProperties[], resource: string, operation: string): string {
  const field = operationFields.find((property) =>
    property.displayOptions?.show?.resource?.includes(resource),
  );
  const option = field?.options?.find((choice) => 'value' in choice && choice.value === operation);
  const action = option && 'action' in option ? option.action : undefined;
  return action ?? operation;
}
