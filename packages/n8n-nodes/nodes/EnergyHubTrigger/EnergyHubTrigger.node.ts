import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { energyHubClient } from '../../shared/client';
import { ALARM_PRIORITIES, pollAlarms } from '../../shared/ecostruxure-core';
import { toNodeError } from '../../shared/errors';
import { toOptions } from '../../shared/vocabulary';

/** Which of core's alarm events each choice of the trigger lets through. */
const EVENT_KINDS: Record<string, string[]> = {
	newAlarm: ['new'],
	alarmStateChanged: ['acknowledged', 'cleared'],
};

export class EnergyHubTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Energy Hub Trigger',
		name: 'energyHubTrigger',
		icon: { light: 'file:../../icons/energy-hub.svg', dark: 'file:../../icons/energy-hub.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when Energy Hub raises an alarm or an alarm is acknowledged or cleared',
		defaults: { name: 'Energy Hub Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'energyHubOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Alarm State Changed',
						value: 'alarmStateChanged',
						description: 'An alarm was acknowledged or cleared',
					},
					{ name: 'New Alarm', value: 'newAlarm', description: 'An alarm started' },
				],
				default: 'newAlarm',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Priority',
						name: 'priority',
						type: 'options',
						options: toOptions(ALARM_PRIORITIES),
						default: '',
						description: 'Only alarms of this priority',
					},
					{
						displayName: 'Thing ID',
						name: 'thingId',
						type: 'string',
						default: '',
						description: 'Only alarms of this thing and the things below it',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		const kinds = EVENT_KINDS[this.getNodeParameter('event') as string] ?? [];
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		try {
			const client = await energyHubClient(this);
			const result = await pollAlarms(client, {
				...filters,
				state: manual ? undefined : (staticData.state as IDataObject | undefined),
			});
			if (!manual) staticData.state = result.state as IDataObject;
			const matching = (result.items as Array<{ event?: string }>).filter((item) =>
				kinds.includes(String(item.event)),
			);
			const items = manual && matching.length === 0 ? (result.sample ?? []) : matching;
			if (items.length === 0) return null;
			return [this.helpers.returnJsonArray(items as IDataObject[])];
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	}
}
