/**
 * The one shape of both triggers' poll(): a manual run ("Fetch test event") answers with sample items; a
 * real one polls core from the saved state, saves the new state before anything is emitted (so an event
 * is reported once, even if n8n restarts right after), and emits the items or nothing. Core's warnings
 * come as items of type `warning`, each once while it persists (poll functions have no hints). Every
 * failure becomes a node error.
 */
import { deepCopy } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { freshWarnings } from './ecostruxure-core';
import type { ShapeWarning } from './ecostruxure-core';
import { toNodeError } from './errors';
import { warningItems } from './warnings';

export interface PollingTrigger<TClient, TState> {
  connect(): Promise<TClient>;
  /** Items shaped as the trigger emits them, for a manual run. */
  sample(client: TClient): Promise<readonly object[]>;
  poll(
    client: TClient,
    state: TState | undefined,
  ): Promise<{ items: readonly object[]; state: TState; warnings: readonly ShapeWarning[] }>;
}

export async function pollTrigger<TClient, TState>(
  context: IPollFunctions,
  trigger: PollingTrigger<TClient, TState>,
): Promise<INodeExecutionData[][] | null> {
  const staticData = context.getWorkflowStaticData('node');
  // n8n's static data is an observed proxy, which core's state handling cannot clone: a plain copy.
  const savedState = staticData.state === undefined ? undefined : (deepCopy(staticData.state) as TState);
  try {
    const client = await trigger.connect();
    if (context.getMode() === 'manual') {
      return [context.helpers.returnJsonArray((await trigger.sample(client)) as IDataObject[])];
    }
    const result = await trigger.poll(client, savedState);
    staticData.state = result.state as unknown as IDataObject;
    // The warnings this poll gave, so the next says only the new ones.
    const { fresh, said } = freshWarnings(result.warnings, staticData.warningsSaid);
    if (said.length > 0) staticData.warningsSaid = said;
    else delete staticData.warningsSaid;
    const items = [...(result.items as IDataObject[]), ...warningItems(fresh)];
    if (items.length === 0) return null;
    return [context.helpers.returnJsonArray(items)];
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
}
