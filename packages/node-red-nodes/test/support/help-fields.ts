/**
 * The field lists a node's help documents, read from the help HTML the package ships: each element
 * marked `data-fields="<message property>[]"` (or without `[]` for an object) lists, in its `<code>`
 * elements, fields that property really has, as names (`siteId`), paths (`postalAddress.countryIsoCode`)
 * or object shapes (`{siteId, message, code}`). Tests hold these lists against the nodes' real output,
 * so the help cannot drift from what a flow receives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir } from './paths.js';

export interface DocumentedFields {
  /** The message property, e.g. `payload`; `each` when the help speaks of its items. */
  property: string;
  each: boolean;
  fields: string[];
}

const FIELD = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

export function helpOf(type: string): string {
  const html = readFileSync(join(distDir, `${type}.html`), 'utf8');
  const help = new RegExp(`<script type="text/html" data-help-name="${type}">([\\s\\S]*?)</script>`).exec(
    html,
  );
  if (!help) throw new Error(`${type}.html has no help`);
  return help[1]!;
}

function fieldsIn(code: string): string[] {
  const text = code.replace(/\s+/g, ' ').trim();
  if (!text.startsWith('{')) return FIELD.test(text) ? [text] : [];
  return text
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((part) => part.split(':')[0]!.trim())
    .filter((name) => FIELD.test(name));
}

export function documentedFields(type: string): DocumentedFields[] {
  const lists: DocumentedFields[] = [];
  const marked = /<(\w+)[^>]*\sdata-fields="([^"]+)"[^>]*>([\s\S]*?)<\/\1\s*>/g;
  for (const [, , target, body] of helpOf(type).matchAll(marked)) {
    const codes = [...body!.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((match) => match[1]!);
    lists.push({
      property: target!.replace(/\[\]$/, ''),
      each: target!.endsWith('[]'),
      fields: codes.flatMap(fieldsIn),
    });
  }
  return lists;
}

function valueAt(item: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      item,
    );
}

/** The documented fields a message lacks, as `property[index].field` (empty when the help is right). */
export function missingFields(msg: Record<string, unknown>, lists: DocumentedFields[]): string[] {
  const missing: string[] = [];
  for (const list of lists) {
    const value = msg[list.property];
    const items = list.each ? (Array.isArray(value) ? value : []) : [value];
    if (items.length === 0) missing.push(`${list.property}: no items to check`);
    for (const [index, item] of items.entries()) {
      for (const field of list.fields) {
        if (valueAt(item, field) === undefined) missing.push(`${list.property}[${index}].${field}`);
      }
    }
  }
  return [...new Set(missing.map((entry) => entry.replace(/\[\d+\]/, '[]')))];
}
