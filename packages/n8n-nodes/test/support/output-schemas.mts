/**
 * The output schemas the built package ships (`dist/nodes/<Node>/__schema__/v1.0.0/<resource>/<operation>.json`,
 * where n8n looks for them), and a strict check of real output items against them.
 */
import { Ajv } from 'ajv';
import type { AnySchemaObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { loadPackageTypes, PACKAGE_NAME } from '../engine/harness/package-types.mjs';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The node version n8n's editor asks for, padded as it pads it ("1" -> "1.0.0"). */
export const SCHEMA_VERSION = '1.0.0';

/** A GraphQL query's result has the shape of the query the user writes: no schema fits every query. */
export const OPERATIONS_WITHOUT_SCHEMA = ['energyHub:query/execute'];

const NODE_FOLDERS: Record<string, string> = {
  ecoStruxureCarbon: 'EcoStruxureCarbon',
  energyHub: 'EnergyHub',
};

export function shippedSchemaPath(nodeType: string, operationKey: string): string {
  const folder = NODE_FOLDERS[nodeType];
  if (!folder) throw new Error(`No action node ${nodeType}`);
  return join(packageDir, 'dist/nodes', folder, '__schema__', `v${SCHEMA_VERSION}`, `${operationKey}.json`);
}

export function readShippedSchema(nodeType: string, operationKey: string): AnySchemaObject {
  return JSON.parse(readFileSync(shippedSchemaPath(nodeType, operationKey), 'utf8')) as AnySchemaObject;
}

/** Every "resource/operation" the node's form offers, read from the built node's description. */
export function operationsOf(nodeType: string): string[] {
  const node = loadPackageTypes().nodeTypes.getByName(`${PACKAGE_NAME}.${nodeType}`) as INodeType;
  const properties: INodeProperties[] = node.description.properties;
  const keys: string[] = [];
  for (const field of properties.filter((property) => property.name === 'operation')) {
    const resources = (field.displayOptions?.show?.resource ?? []) as string[];
    for (const option of field.options ?? []) {
      if (!('value' in option)) continue;
      for (const resource of resources) keys.push(`${resource}/${String(option.value)}`);
    }
  }
  return keys;
}

/** The schema with every object closed, so that a field the schema does not declare is an error. */
function closed(schema: AnySchemaObject): AnySchemaObject {
  const copy: AnySchemaObject = { ...schema };
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties as Record<string, AnySchemaObject>).map(([key, value]) => [
        key,
        closed(value),
      ]),
    );
    copy.additionalProperties = false;
  }
  if (copy.items) copy.items = closed(copy.items as AnySchemaObject);
  return copy;
}

/** Declared fields no item has, at every object the items reach (an empty list reaches nothing). */
function unusedFields(schema: AnySchemaObject, values: unknown[], path: string): string[] {
  if (schema.items) {
    const elements = values.flatMap((value) => (Array.isArray(value) ? (value as unknown[]) : []));
    return unusedFields(schema.items as AnySchemaObject, elements, `${path}[]`);
  }
  const objects = values.filter(
    (value): value is Record<string, unknown> =>
      typeof value === 'object' && value !== null && !Array.isArray(value),
  );
  if (!schema.properties || objects.length === 0) return [];
  return Object.entries(schema.properties as Record<string, AnySchemaObject>).flatMap(([key, property]) => {
    const present = objects.filter((object) => key in object).map((object) => object[key]);
    if (present.length === 0) return [`${path}.${key}: declared, but no output has it`];
    return unusedFields(property, present, `${path}.${key}`);
  });
}

/** What is wrong between the schema and the items: empty when they match exactly. */
export function checkAgainstSchema(schema: AnySchemaObject, items: object[]): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(closed(schema));
  const problems = new Set<string>();
  for (const item of items) {
    if (validate(item)) continue;
    for (const error of validate.errors ?? []) {
      const field =
        error.params && 'additionalProperty' in error.params
          ? `.${String(error.params.additionalProperty)}`
          : '';
      problems.add(
        `${error.instancePath.replace(/\/\d+/g, '/[]')}${field}: ${error.message ?? 'does not match'}`,
      );
    }
  }
  return [...problems, ...unusedFields(schema, items, '')];
}
