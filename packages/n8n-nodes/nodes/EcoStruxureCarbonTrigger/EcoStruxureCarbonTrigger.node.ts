import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { carbonClient } from '../../shared/client';
import { GRANULARITIES, pollEmissionThreshold, pollNewEmissions } from '../../shared/ecostruxure-core';
import { toNodeError } from '../../shared/errors';
import { toOptions } from '../../shared/vocabulary';

const onThreshold = { event: ['thresholdCrossed'] };

export class EcoStruxureCarbonTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EcoStruxure Carbon Trigger',
		name: 'ecoStruxureCarbonTrigger',
		icon: { light: 'file:../../icons/ecostruxure.svg', dark: 'file:../../icons/ecostruxure.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			"Starts the workflow when a site's emissions cross a threshold, or when new emission data arrives",
		defaults: { name: 'EcoStruxure Carbon Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'ecoStruxureOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'ecoStruxureClientCredentialsOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['clientCredentials'] } },
			},
			{
				name: 'ecoStruxurePersonalAccessTokenApi',
				required: true,
				displayOptions: { show: { authentication: ['personalAccessToken'] } },
			},
			{
				name: 'ecoStruxureApiKeyApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'Client Credentials', value: 'clientCredentials' },
					{ name: 'OAuth2 (Customer Consent)', value: 'oAuth2' },
					{ name: 'Personal Access Token', value: 'personalAccessToken' },
				],
				default: 'oAuth2',
			},
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Emissions Cross a Threshold',
						value: 'thresholdCrossed',
						description: 'Once when a site goes above the threshold, and once when it is back below',
					},
					{
						name: 'New Emission Data',
						value: 'newEmissionData',
						description: 'Each new interval of emission data of the chosen sites',
					},
				],
				default: 'thresholdCrossed',
			},
			{
				displayName: 'Site IDs',
				name: 'siteIds',
				type: 'string',
				default: '',
				placeholder: 'site-0001, site-0002',
				description: 'Comma-separated site IDs; leave empty to watch every site (threshold only)',
			},
			{
				displayName: 'Metric',
				name: 'metric',
				type: 'options',
				displayOptions: { show: onThreshold },
				options: [
					{
						name: 'Carbon Intensity (gCO2e/kWh)',
						value: 'intensity',
						description: 'Emissions per unit of energy used',
					},
					{
						name: 'Emissions (kgCO2e)',
						value: 'kgCO2e',
						description: 'Emissions of the interval',
					},
					{
						name: 'Percent Above Grid Rate',
						value: 'percentAboveGlobalRate',
						description: "How far the site's intensity runs above its country's grid rate",
					},
				],
				default: 'percentAboveGlobalRate',
			},
			{
				displayName: 'Above',
				name: 'above',
				type: 'number',
				default: 0,
				displayOptions: { show: onThreshold },
				description: 'The threshold: the trigger fires when the metric goes above this value',
			},
			{
				displayName: 'Hysteresis',
				name: 'hysteresis',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				displayOptions: { show: onThreshold },
				description:
					'How far below the threshold the metric must drop before the site counts as back below, so a value hovering at the threshold fires once',
			},
			{
				displayName: 'Granularity',
				name: 'granularity',
				type: 'options',
				options: toOptions(GRANULARITIES),
				default: 'PT1H',
				description: 'Length of the intervals watched',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		// A manual run shows what the trigger emits without moving the saved state forward.
		const manual = this.getMode() === 'manual';
		const event = this.getNodeParameter('event') as string;
		const siteIds = this.getNodeParameter('siteIds') as string;
		const granularity = this.getNodeParameter('granularity') as string;
		const state = manual ? undefined : (staticData.state as IDataObject | undefined);
		try {
			const client = await carbonClient(this, this.getNodeParameter('authentication') as string);
			const result =
				event === 'newEmissionData'
					? await pollNewEmissions(client, { siteIds, granularity, state })
					: await pollEmissionThreshold(client, {
							...(siteIds.trim() === '' ? {} : { siteIds }),
							metric: this.getNodeParameter('metric') as string,
							above: this.getNodeParameter('above') as number,
							hysteresis: this.getNodeParameter('hysteresis') as number,
							granularity,
							state,
						});
			if (!manual) staticData.state = result.state as IDataObject;
			const items = manual && result.items.length === 0 ? result.sample ?? [] : result.items;
			if (items.length === 0) return null;
			return [this.helpers.returnJsonArray(items as IDataObject[])];
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	}
}
