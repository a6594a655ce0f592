/**
 * The Node-RED part of the node reference, read from the built package: the node list in `package.json`,
 * each node's editor definition (its `registerType` call, run against a stub `RED`), its form's choices,
 * the English message catalogue and the help text the editor's sidebar shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { code, fieldTable, json, refusal, section } from './markdown.mjs';

/** Which core operation each node runs, to show that operation's example item and error. */
const CORE_OPERATIONS = {
  'ecostruxure-sites': ['listSites', 'getSite'],
  'ecostruxure-emissions': ['getEmissions'],
  'ecostruxure-global-rates': ['getGlobalRates'],
  'ecostruxure-grid-comparison': ['compareToGridRate'],
  'ecostruxure-report': ['getEmissionsReport'],
  'ecostruxure-watch-emissions': ['pollNewEmissions'],
  'energy-hub-query': ['runQuery'],
  'energy-hub-alarms': ['listAlarms', 'pollAlarms'],
  'ecostruxure-threshold': ['pollEmissionThreshold'],
  'ecostruxure-request': ['customRequest'],
};

const scriptsOf = (html, type, attribute) => [
  ...html.matchAll(new RegExp(`<script type="${type}"${attribute}>([\\s\\S]*?)</script>`, 'g')),
];

/** Runs the editor script with a `RED` that records `registerType`; the editor callbacks never run. */
function definitionsOf(html) {
  const definitions = {};
  const chain = new Proxy(function () {}, { get: () => chain, apply: () => chain });
  const RED = {
    nodes: { registerType: (type, definition) => (definitions[type] = definition) },
    validators: { number: () => 'number', regex: () => 'regex', typedInput: () => 'typedInput' },
    _: (key) => key,
    settings: {},
  };
  for (const [, source] of scriptsOf(html, 'text/javascript', '')) {
    vm.runInNewContext(source, { RED, $: chain, jQuery: chain, window: {}, document: chain });
  }
  return definitions;
}

/** The `<select>` choices of the form: field name to `[{value, key}]` (message catalogue keys). */
function formChoices(template) {
  const choices = {};
  for (const [, field, body] of template.matchAll(
    /<select id="node-(?:input|config-input)-([\w-]+)"[^>]*>([\s\S]*?)<\/select>/g,
  )) {
    choices[field] = [
      ...body.matchAll(/<option\s+value="([^"]*)"(?:\s+data-i18n="([^"]*)")?[^>]*>([^<]*)<\/option>/g),
    ].map(([, value, key, text]) => ({ value, key, text: text.trim() }));
  }
  return choices;
}

const lookup = (catalogue, key) => key?.split('.').reduce((node, part) => node?.[part], catalogue);

/** The help as the sidebar shows it: its own headings become Markdown ones, the rest stays HTML. */
function helpMarkdown(help) {
  return help
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => line.replace(/^<h3>(.*)<\/h3>$/, '\n##### $1\n'))
    .join('\n');
}

export function loadNodeRedPackage(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const nodes = [];
  for (const [type, file] of Object.entries(manifest['node-red'].nodes)) {
    const htmlPath = join(packageDir, file.replace(/\.js$/, '.html'));
    const html = readFileSync(htmlPath, 'utf8');
    const localePath = join(packageDir, 'dist', 'locales', 'en-US', `${type}.json`);
    const catalogue = JSON.parse(readFileSync(localePath, 'utf8'));
    const template = scriptsOf(html, 'text/html', ` data-template-name="${type}"`)[0]?.[1] ?? '';
    const help = scriptsOf(html, 'text/html', ` data-help-name="${type}"`)[0]?.[1] ?? '';
    nodes.push({
      type,
      file,
      definition: definitionsOf(html)[type],
      choices: formChoices(template),
      catalogue,
      help,
    });
  }
  return { name: manifest.name, nodeRedVersion: manifest['node-red'].version, nodes };
}

function fieldsOf(node) {
  const { definition, choices, catalogue, type } = node;
  const labels = lookup(catalogue, `${type}.label`) ?? {};
  const typed = (name) => `${name}Type` in definition.defaults;
  const rows = Object.entries(definition.defaults)
    .filter(([name]) => !(name.endsWith('Type') && name.slice(0, -4) in definition.defaults))
    .map(([name, spec]) => {
      const options = (choices[name] ?? [])
        .map(
          (choice) =>
            `${code(choice.value === '' ? '""' : choice.value)} (${lookup(catalogue, choice.key) ?? choice.text})`,
        )
        .join(', ');
      const notes = [
        spec.type ? `Config node of type ${code(spec.type)}` : '',
        spec.required ? 'Required' : '',
        typed(name)
          ? `Typed input (a value, or where to read it from); default kind ${code(definition.defaults[`${name}Type`].value)}`
          : '',
        options && `Choices: ${options}.`,
      ].filter(Boolean);
      return {
        field: `${labels[name] ?? name} (${code(name)})`,
        type: 'setting',
        default: spec.value === '' || spec.value === undefined ? '' : code(JSON.stringify(spec.value)),
        description: notes.map((note) => (/[.!?]$/.test(note) ? note : `${note}.`)).join(' '),
      };
    });
  for (const [name, spec] of Object.entries(definition.credentials ?? {})) {
    rows.push({
      field: `${labels[name] ?? name} (${code(name)})`,
      type: `credential (${spec.type})`,
      default: '',
      description:
        spec.type === 'password'
          ? 'Stored encrypted with the flows’ credentials; the editor never gets it back.'
          : 'Stored with the flows’ credentials.',
    });
  }
  return rows;
}

function examplesOf(type, examples) {
  const operations = CORE_OPERATIONS[type] ?? [];
  const lines = operations.length > 0 ? [section(4, 'Example output')] : [];
  for (const operation of operations) {
    const example = examples[operation];
    lines.push(
      `Example item (one item as core's ${code(operation)} returns it, against the simulator with ${code(JSON.stringify(example.params))}; the help above says how the node arranges items in ${code('msg.payload')}):`,
      '',
      json(example.item),
      '',
    );
    if (example.about) lines.push(example.about, '');
    if (example.error) lines.push(...refusal(example), '');
  }
  return lines;
}

export function renderNodeRed(pkg, examples) {
  const lines = [
    section(2, `Node-RED: ${code(pkg.name)}`),
    '',
    `Needs Node-RED ${code(pkg.nodeRedVersion)}.`,
    '',
  ];
  for (const node of pkg.nodes) {
    const { definition } = node;
    // A label function reads the node's catalogue through `this._`, as in the editor.
    const self = { _: (key) => lookup(node.catalogue, key) ?? key };
    const label = (value) => (typeof value === 'function' ? value.call(self) : value);
    const title = label(definition.paletteLabel) ?? label(definition.label) ?? node.type;
    const kind =
      definition.category === 'config'
        ? 'Configuration node'
        : `Palette category **${definition.category}**, ${definition.inputs} input, ${definition.outputs} output${definition.outputs === 1 ? '' : 's'}`;
    lines.push(section(3, `${title} (${code(node.type)})`), '', `${kind}.`, '');
    lines.push(fieldTable(fieldsOf(node), ['Property', 'Kind', 'Default', 'Notes']), '');
    lines.push(section(4, 'Help (as in the editor sidebar)'), helpMarkdown(node.help), '');
    lines.push(...examplesOf(node.type, examples));
  }
  return lines.join('\n');
}
