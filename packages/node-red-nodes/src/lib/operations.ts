/**
 * Core's operations, the one call each node maps its form onto. (Interim: typed from the planned core
 * surface until it is available; every node imports operations from here only.)
 */
import * as core from '@ecostruxure-connector/core';
import type { EcoStruxureClient } from './account/client.js';

export interface OperationContext {
  signal?: AbortSignal;
  onProgress?: (progress: { completed: number; total: number; failed: number }) => void;
}

export interface OperationResult {
  items: Record<string, unknown>[];
  warnings: { path: string; message: string }[];
  window?: unknown;
  events?: Record<string, unknown>[];
  state?: unknown;
}

export interface EmissionsPage {
  siteId: string;
  window: unknown;
  page: number;
  items: Record<string, unknown>[];
}

type Params = Record<string, unknown>;
type Operation = (
  client: EcoStruxureClient,
  params: Params,
  context?: OperationContext,
) => Promise<OperationResult>;
type Stream = (
  client: EcoStruxureClient,
  params: Params,
  context?: OperationContext,
) => AsyncIterable<EmissionsPage>;

const planned = core as unknown as Record<string, unknown>;

function operation(name: string): Operation {
  return (client, params, context) => {
    const implementation = planned[name] as Operation | undefined;
    if (!implementation) throw new Error(`${name} is not available in this build.`);
    return implementation(client, params, context);
  };
}

export const listSites = operation('listSites');
export const getSite = operation('getSite');
export const getEmissions = operation('getEmissions');
export const getGlobalRates = operation('getGlobalRates');
export const compareToGridRate = operation('compareToGridRate');
export const runQuery = operation('runQuery');
export const listAlarms = operation('listAlarms');
export const pollAlarms = operation('pollAlarms');
export const customRequest = operation('customRequest');

export const streamEmissions: Stream = (client, params, context) => {
  const implementation = planned.streamEmissions as Stream | undefined;
  if (!implementation) throw new Error('streamEmissions is not available in this build.');
  return implementation(client, params, context);
};
