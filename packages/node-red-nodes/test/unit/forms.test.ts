/**
 * The editor forms offer exactly the values core accepts: a preset, granularity or metric added to or
 * removed from core shows up here as a failing test, not as a form that drifted.
 */
import {
  DEFAULT_SCOPES,
  GRANULARITY_CHOICES,
  RANGE_PRESETS,
  THRESHOLD_METRIC_CHOICES,
} from '@ecostruxure-connector/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../support/paths.js';

function optionsOf(node: string, select: string): string[] {
  const html = readFileSync(join(packageRoot, 'src', 'nodes', `${node}.html`), 'utf8');
  const block = new RegExp(`<select id="node-input-${select}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  if (!block) throw new Error(`${node}.html has no ${select} select`);
  return [...block.matchAll(/<option\s+value="([^"]*)"/g)].map((match) => match[1]!);
}

describe('editor forms match core', () => {
  it('Get Emissions offers every range preset and granularity', () => {
    expect(optionsOf('ecostruxure-emissions', 'range')).toEqual(RANGE_PRESETS.map((choice) => choice.value));
    expect(optionsOf('ecostruxure-emissions', 'granularity')).toEqual(
      GRANULARITY_CHOICES.map((choice) => choice.value),
    );
  });

  it('Emission threshold offers every metric', () => {
    expect(optionsOf('ecostruxure-threshold', 'metric')).toEqual(
      THRESHOLD_METRIC_CHOICES.map((choice) => choice.value),
    );
  });

  it("the account form shows core's default scopes for each kind, which the runtime falls back to", () => {
    const html = readFileSync(join(packageRoot, 'src', 'nodes', 'ecostruxure-account.html'), 'utf8');
    const shown = /authType === 'clientCredentials'\s*\?\s*'([^']*)'\s*:\s*'([^']*)'/.exec(html);
    expect(shown?.slice(1)).toEqual([DEFAULT_SCOPES.clientCredentials, DEFAULT_SCOPES.authorizationCode]);
  });

  it('every node has a message catalog in each language, with the same keys', () => {
    const keys = (lang: string, node: string): string[] => {
      const flatten = (value: unknown, prefix = ''): string[] =>
        typeof value === 'object' && value !== null
          ? Object.entries(value).flatMap(([key, inner]) => flatten(inner, `${prefix}${key}.`))
          : [prefix];
      return flatten(
        JSON.parse(readFileSync(join(packageRoot, 'src', 'locales', lang, `${node}.json`), 'utf8')),
      ).sort();
    };
    const nodes = Object.keys(
      (
        JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
          'node-red': { nodes: object };
        }
      )['node-red'].nodes,
    );
    for (const node of nodes) expect(keys('de', node), node).toEqual(keys('en-US', node));
  });
});
