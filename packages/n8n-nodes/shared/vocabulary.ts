import type { INodePropertyOptions } from 'n8n-workflow';

/** Core's form vocabulary as n8n options, so the forms never drift from what core accepts. */
export function toOptions(
  entries: ReadonlyArray<{ value: string; name: string; description?: string }>,
): INodePropertyOptions[] {
  return entries.map(({ value, name, description }) => ({ name, value, description }));
}
