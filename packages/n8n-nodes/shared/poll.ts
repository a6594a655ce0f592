/**
 * The one shape of both triggers' poll(): a manual run ("Fetch test event") answers with sample items; a
 * real one polls core from the saved state, saves the new state before anything is emitted (so an event
 * is reported once, even if n8n restarts right after), and emits the items or nothing. Every failure
 * becomes a node error.
 */
import { deepCopy } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { toNodeError } from './errors';

export interface PollingTrigger<TClient, TState> {
  connect(): Promise<TClient>;
  /** Items shaped as the trigger emits them, for a manual run. */
  sample(client: TClient): Promise<readonly object[]>;
  poll(client: TClient, state: TState | undefined): Promise<{ items: readonly object[]; state: TState }>;
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
    if (result.items.length === 0) return null;
    return [context.helpers.returnJsonArray(result.items as IDataObject[])];
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
}
