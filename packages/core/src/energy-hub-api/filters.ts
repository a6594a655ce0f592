/** Alarm and thing filters as GraphQL variables: checked values only, blanks left out. */
import { parseInstant } from '../seams/validate.js';
import type { AlarmFilter, ThingFilter } from './types.js';

const CONCEPT_PREFIX = 'urn:se:eedm:concept:';

export function alarmFilterVariables(filter: AlarmFilter): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  if (filter.active !== undefined) variables.active = filter.active;
  if (filter.acknowledged !== undefined) variables.acknowledged = filter.acknowledged;
  if (filter.priority !== undefined && filter.priority.length > 0) variables.priority = [...filter.priority];
  if (filter.category !== undefined && filter.category.length > 0) variables.category = [...filter.category];
  if (filter.thingId !== undefined && filter.thingId !== '') variables.thingId = filter.thingId;
  if (filter.startedAfter !== undefined && filter.startedAfter !== '') {
    variables.startedAfter = parseInstant('startedAfter', filter.startedAfter).toISOString();
  }
  if (filter.startedBefore !== undefined && filter.startedBefore !== '') {
    variables.startedBefore = parseInstant('startedBefore', filter.startedBefore).toISOString();
  }
  return variables;
}

/**
 * A concept may be given as its level alone, as the documents name it (`Site`, `Production Line`):
 * users rarely know the URN, whose level is written without spaces.
 */
export function conceptUrn(concept: string): string {
  return concept.includes(':') ? concept : `${CONCEPT_PREFIX}${concept.replace(/\s+/g, '')}`;
}

export function thingFilterVariables(filter: ThingFilter): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  if (filter.concept !== undefined && filter.concept !== '') variables.concept = conceptUrn(filter.concept);
  if (filter.parentId !== undefined && filter.parentId !== '') variables.parentId = filter.parentId;
  if (filter.nameContains !== undefined && filter.nameContains !== '')
    variables.nameContains = filter.nameContains;
  return variables;
}
