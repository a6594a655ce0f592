/**
 * The n8n part of the node reference, read from the built package: the node classes' descriptions (what
 * n8n itself shows in its forms) and the credential classes, as the package's `n8n` field lists them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { code, fieldTable, json, refusal, section } from './markdown.mjs';

/** Which core operation each n8n operation runs, to show that operation's example item and error. */
const CORE_OPERATION = {
  'ecoStruxureCarbon.site.getAll': 'listSites',
  'ecoStruxureCarbon.site.get': 'getSite',
  'ecoStruxureCarbon.emission.get': 'getEmissions',
  'ecoStruxureCarbon.emission.compareToGridRate': 'compareToGridRate',
  'ecoStruxureCarbon.emission.getReport': 'getEmissionsReport',
  'ecoStruxureCarbon.globalRate.get': 'getGlobalRates',
  'energyHub.alarm.getAll': 'listAlarms',
  'energyHub.organization.getTree': 'getOrganization',
  'energyHub.thing.get': 'getThing',
  'energyHub.thing.getAll': 'listThings',
  'energyHub.query.execute': 'runQuery',
};

/** The triggers' events come from core's polling operations. */
const TRIGGER_OPERATIONS = {
  ecoStruxureCarbonTrigger: {
    operation: 'pollEmissionThreshold',
    note: 'for **Emissions Cross a Threshold**; **New Emission Data** gives emission rows as Emission → Get does, each interval once with `change: "new"` and a revised one again with `change: "updated"` (same `key`).',
  },
  energyHubTrigger: {
    operation: 'pollAlarms',
    note: 'for **New Alarm**; **Alarm State Changed** gives the same shape with `event` `acknowledged` or `cleared`.',
  },
};

function loadClasses(packageDir, files) {
  const require = createRequire(join(packageDir, 'package.json'));
  return files.map((file) => {
    const exported = require(join(packageDir, file));
    const Class = Object.values(exported)[0];
    return new Class();
  });
}

export function loadN8nPackage(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return {
    name: manifest.name,
    nodes: loadClasses(packageDir, manifest.n8n.nodes).map((node) => node.description),
    credentials: loadClasses(packageDir, manifest.n8n.credentials),
  };
}

const isShownFor = (property, conditions) =>
  Object.entries(property.displayOptions?.show ?? {}).every(
    ([name, values]) => !(name in conditions) || values.includes(conditions[name]),
  );

/** "Name (`name`)" with the choices a field offers and its condition, e.g. "when Range is Custom". */
function fieldRows(properties, conditions, namesOf) {
  const rows = [];
  for (const property of properties) {
    if (
      ['resource', 'operation', 'authentication', 'notice'].includes(property.name) ||
      property.type === 'notice'
    )
      continue;
    if (!isShownFor(property, conditions)) continue;
    const extra = Object.entries(property.displayOptions?.show ?? {})
      .filter(([name]) => !(name in conditions))
      .map(
        ([name, values]) =>
          `Shown when ${namesOf(name)} is ${values.map((value) => code(value)).join(' or ')}`,
      );
    if (property.type === 'collection' || property.type === 'fixedCollection') {
      for (const option of property.options ?? []) {
        rows.push(fieldRow(option, `${property.displayName} → `, extra));
      }
    } else {
      rows.push(fieldRow(property, '', extra));
    }
  }
  return rows;
}

const sentence = (text) => (text && !/[.!?]$/.test(text) ? `${text}.` : text);

function fieldRow(property, prefix, notes) {
  const choices =
    property.type === 'options' || property.type === 'multiOptions'
      ? (property.options ?? []).map((option) => `${code(option.value)} (${option.name})`).join(', ')
      : '';
  const description = [
    sentence(property.description),
    choices && `Choices: ${choices}.`,
    ...notes.map(sentence),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    field: `${prefix}${property.displayName} (${code(property.name)})`,
    type: property.type,
    default:
      property.default === undefined || property.default === '' ? '' : code(JSON.stringify(property.default)),
    description,
  };
}

function credentialNames(node, credentials) {
  return (node.credentials ?? []).map((entry) => {
    const credential = credentials.find((candidate) => candidate.name === entry.name);
    const when = entry.displayOptions?.show?.authentication;
    return `**${credential?.displayName ?? entry.name}** (${code(entry.name)})${when ? ` for Authentication ${when.map(code).join(', ')}` : ''}`;
  });
}

function exampleOf(operation, examples) {
  const example = examples[operation];
  if (!example) return [];
  const lines = [
    `Example output item (one item as core's ${code(operation)} returns it, against the simulator with ${code(JSON.stringify(example.params))}):`,
    '',
    json(example.item),
  ];
  if (example.about) lines.push('', example.about);
  if (example.error) lines.push('', ...refusal(example));
  return lines;
}

function renderOperations(node, examples, namesOf) {
  const resourceProperty = node.properties.find((property) => property.name === 'resource');
  const lines = [];
  for (const resource of resourceProperty.options) {
    const operationProperty = node.properties.find(
      (property) =>
        property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value),
    );
    for (const operation of operationProperty.options) {
      const conditions = { resource: resource.value, operation: operation.value };
      lines.push(
        section(4, `${resource.name} → ${operation.name}`),
        `${operation.action ?? operation.description ?? ''} (${code(`resource: ${resource.value}`)}, ${code(`operation: ${operation.value}`)})`,
        '',
        fieldTable(fieldRows(node.properties, conditions, namesOf)),
        '',
        ...exampleOf(CORE_OPERATION[`${node.name}.${resource.value}.${operation.value}`], examples),
        '',
      );
    }
  }
  return lines;
}

export function renderN8n(pkg, examples) {
  const lines = [section(2, `n8n: ${code(pkg.name)}`), ''];
  lines.push(section(3, 'Credentials'), '');
  lines.push(
    fieldTable(
      pkg.credentials.map((credential) => ({
        field: `**${credential.displayName}** (${code(credential.name)})`,
        type: credential.extends?.join(', ') ?? 'generic',
        default: '',
        description: credential.properties
          .filter((property) => property.type !== 'hidden' && property.type !== 'notice')
          .map(
            (property) =>
              `${property.displayName}${property.default && typeof property.default === 'string' && !property.typeOptions?.password ? ` (default ${code(property.default)})` : ''}`,
          )
          .join('; '),
      })),
      ['Credential', 'Kind', '', 'Fields'],
    ),
    '',
  );
  for (const node of pkg.nodes) {
    const namesOf = (name) => node.properties.find((property) => property.name === name)?.displayName ?? name;
    lines.push(section(3, `${node.displayName} (${code(node.name)})`), '', node.description, '');
    const facts = [
      node.polling ? 'A polling trigger (set how often under Poll Times)' : 'A regular node',
      node.usableAsTool ? 'usable as an AI agent tool' : '',
    ].filter(Boolean);
    lines.push(`${facts.join(', ')}. Credentials: ${credentialNames(node, pkg.credentials).join('; ')}.`, '');
    if (node.properties.some((property) => property.name === 'resource')) {
      lines.push(...renderOperations(node, examples, namesOf));
    } else {
      lines.push(fieldTable(fieldRows(node.properties, {}, namesOf)), '');
      const trigger = TRIGGER_OPERATIONS[node.name];
      if (trigger)
        lines.push(`Example event ${trigger.note}`, '', ...exampleOf(trigger.operation, examples), '');
    }
  }
  return lines.join('\n');
}
