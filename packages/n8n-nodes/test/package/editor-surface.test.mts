/**
 * What a person sees of the package in n8n's editor before running anything: the nodes panel entry, the
 * Docs link, and the credential forms. n8n builds these from the node and credential descriptions with
 * rules of its own, reproduced here where they decide what shows:
 *  - the nodes panel merges "X" and "X Trigger" into one entry that shows the trigger's description;
 *  - the Docs link is the node's `documentationUrl` as is, or else the codex link with `?utm_...` appended
 *    (after any `#anchor`, which then never reaches its section);
 *  - a credential with a visible field whose value is an expression is not tested on save, and the
 *    expression shows raw.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ICredentialType, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { loadPackageTypes } from '../engine/harness/package-types.mjs';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const { nodeTypes, credentialTypes } = loadPackageTypes();
const describe_ = (name: string) =>
  (nodeTypes.getByName(`n8n-nodes-ecostruxure.${name}`) as { description: INodeTypeDescription }).description;

/** GitHub's anchor of a README heading. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
const readmeAnchors = [...readme.matchAll(/^#{2,3} (.+)$/gm)].map((match) => anchorOf(match[1] ?? ''));

describe('the nodes panel and node details', () => {
  it.each([
    ['ecoStruxureCarbon', 'ecoStruxureCarbonTrigger'],
    ['energyHub', 'energyHubTrigger'],
  ])(
    'shows for the merged %s entry a trigger description that names what the action node does',
    (action, trigger) => {
      expect(describe_(trigger).description).toContain(describe_(action).description);
    },
  );

  it.each(['ecoStruxureCarbon', 'ecoStruxureCarbonTrigger', 'energyHub', 'energyHubTrigger'])(
    "links %s's Docs to its own README section, a link n8n uses as is",
    (name) => {
      const url = new URL(describe_(name).documentationUrl ?? '');
      expect(url.protocol).toBe('https:');
      expect(readmeAnchors).toContain(url.hash.slice(1));
      expect(url.hash.slice(1)).toBe(anchorOf(describe_(name).displayName));
    },
  );

  it('gets alarms newest first unless the user picks otherwise', () => {
    const options = describe_('energyHub').properties.find(
      (property) => property.name === 'options' && property.displayOptions?.show?.resource?.includes('alarm'),
    );
    const sort = (options?.options as INodeProperties[] | undefined)?.find(
      (option) => option.name === 'sort',
    );
    expect(sort?.default).toBe('newestFirst');
  });
});

describe('the credential forms', () => {
  const visible = (credential: ICredentialType) =>
    credential.properties.filter((property) => !['hidden', 'notice'].includes(property.type));

  it.each([...credentialTypes.keys()])('%s shows no expression in a visible field', (name) => {
    const credential = credentialTypes.get(name) as ICredentialType;
    const expressions = visible(credential)
      .filter((property) => typeof property.default === 'string' && property.default.startsWith('='))
      .map((property) => property.displayName);
    expect(expressions).toEqual([]);
  });

  it.each(['ecoStruxureClientCredentialsOAuth2Api', 'energyHubOAuth2Api'])(
    "%s hides n8n's OAuth2 body properties, which these token endpoints do not take",
    (name) => {
      const credential = credentialTypes.get(name) as ICredentialType;
      const hidden = credential.properties
        .filter((property) => property.type === 'hidden')
        .map((property) => property.name);
      expect(hidden).toEqual(
        expect.arrayContaining(['sendAdditionalBodyProperties', 'additionalBodyProperties']),
      );
    },
  );

  it.each([...credentialTypes.keys()])('%s tests itself', (name) => {
    expect(credentialTypes.get(name)?.test).toBeDefined();
  });
});
