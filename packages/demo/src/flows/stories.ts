/**
 * The three stories as Node-RED flows, one tab each. Each starts at an HTTP-in endpoint so the demo
 * (or anyone with curl) can run it and read its result; a Catch node answers with the error when a node
 * fails, so a caller never waits for a reply that will not come.
 */
import { EMISSION_ROW_COLUMNS } from '@ecostruxure-connector/core';
import { resolve } from 'node:path';
import type { DemoOptions } from '../args.js';
import type { FlowNode } from '../node-red/runtime.js';
import { CARBON_ACCOUNT_ID, ENERGY_HUB_CLIENT_ID } from './accounts.js';
import { allSitesNode, emissionsNode, flowNode, functionNode, grid, type Position } from './nodes.js';

export const STORY_PATHS = {
  emissions: '/demo/emissions',
  threshold: '/demo/threshold',
  alarms: '/demo/alarms',
} as const;

/** The Get Emissions node of story 1, whose status carries its progress. */
export const EMISSIONS_NODE_ID = 'demo.emissions.get';

export const csvFileName = (days: number): string => `emissions-last-${days}-days.csv`;

/** Node positions: a row from left to right, one step per node. */
const at = grid(100);

function httpEnds(tab: string, path: string, first: string, out: Position): FlowNode[] {
  return [
    {
      id: `${tab}.in`,
      type: 'http in',
      z: tab,
      name: `POST ${path}`,
      url: path,
      method: 'post',
      upload: false,
      ...at(0),
      wires: [[first]],
    },
    {
      id: `${tab}.out`,
      type: 'http response',
      z: tab,
      name: 'Result',
      statusCode: '',
      headers: {},
      ...out,
      wires: [],
    },
    {
      id: `${tab}.catch`,
      type: 'catch',
      z: tab,
      name: 'Any failure',
      scope: null,
      uncaught: false,
      ...at(0, 3),
      wires: [[`${tab}.error`]],
    },
    functionNode(
      tab,
      `${tab}.error`,
      'Answer with the error',
      'msg.statusCode = 502;\nmsg.payload = { error: msg.error.message };\nreturn msg;',
      at(1, 3),
      [[`${tab}.out`]],
    ),
  ];
}

function tab(id: string, label: string, info: string): FlowNode {
  return { id, type: 'tab', label, info, disabled: false };
}

function emissionsFlow(options: DemoOptions): FlowNode[] {
  const z = 'demo.emissions';
  return [
    tab(
      z,
      '1. Emissions to CSV',
      "Every site's emissions over the window posted to `/demo/emissions` ({from, to}), as spreadsheet rows in a CSV file.",
    ),
    ...httpEnds(z, STORY_PATHS.emissions, `${z}.window`, at(2, 2)),
    flowNode(
      z,
      `${z}.window`,
      'change',
      {
        name: 'Window from the request',
        rules: [
          { t: 'set', p: 'from', pt: 'msg', to: 'payload.from', tot: 'msg' },
          { t: 'set', p: 'to', pt: 'msg', to: 'payload.to', tot: 'msg' },
        ],
      },
      at(1),
      [[`${z}.sites`]],
    ),
    allSitesNode(z, `${z}.sites`, at(2), `${z}.ids`),
    functionNode(
      z,
      `${z}.ids`,
      'Their IDs',
      'msg.sites = msg.payload;\nmsg.payload = msg.payload.map((site) => site.id);\nreturn msg;',
      at(3),
      [[EMISSIONS_NODE_ID]],
    ),
    emissionsNode(z, EMISSIONS_NODE_ID, options.granularity, at(0, 1), `${z}.keep`),
    flowNode(
      z,
      `${z}.keep`,
      'change',
      {
        name: 'Keep the rows for the reply',
        rules: [{ t: 'set', p: 'rows', pt: 'msg', to: 'payload', tot: 'msg' }],
      },
      at(1, 1),
      [[`${z}.formulas`]],
    ),
    ...csvFile(z, options),
    functionNode(
      z,
      `${z}.reply`,
      'Sites, rows and window',
      'msg.payload = { sites: msg.sites, rows: msg.rows, window: msg.window, file: msg.filename, warnings: msg.warnings || [] };\nreturn msg;',
      at(1, 2),
      [[`${z}.out`]],
    ),
  ];
}

/** The rows, safe for a spreadsheet, written as one CSV file. */
function csvFile(z: string, options: DemoOptions): FlowNode[] {
  return [
    // Site names and other API text land in spreadsheets: text starting with =, +, - or @ would run as a
    // formula (CSV injection), so it gets a leading quote; numbers, negative ones included, stay numbers.
    functionNode(
      z,
      `${z}.formulas`,
      'Neutralise spreadsheet formulas',
      [
        'const guard = (value) => (typeof value === "string" && /^[=+\\-@\\t\\r]/.test(value) ? `\'${value}` : value);',
        'msg.payload = msg.payload.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, guard(value)])));',
        'return msg;',
      ],
      at(2, 1),
      [[`${z}.csv`]],
    ),
    flowNode(
      z,
      `${z}.csv`,
      'csv',
      {
        name: 'Rows to CSV',
        spec: 'rfc',
        sep: ',',
        hdrin: '',
        hdrout: 'all',
        multi: 'one',
        ret: '\\n',
        temp: EMISSION_ROW_COLUMNS.join(','),
        skip: '0',
        strings: true,
        include_empty_strings: '',
        include_null_values: '',
      },
      at(3, 1),
      [[`${z}.file`]],
    ),
    flowNode(
      z,
      `${z}.file`,
      'file',
      {
        name: csvFileName(options.days),
        filename: resolve(options.outDir, csvFileName(options.days)),
        filenameType: 'str',
        appendNewline: false,
        createDir: true,
        overwriteFile: 'true',
        encoding: 'utf8',
      },
      at(0, 2),
      [[`${z}.reply`]],
    ),
  ];
}

function thresholdFlow(options: DemoOptions): FlowNode[] {
  const z = 'demo.threshold';
  return [
    tab(
      z,
      '2. Sites above their grid rate',
      `Every site's latest ${options.granularity} interval against its grid's global rate; "above" marks the sites more than ${options.thresholdPercent} % over it.`,
    ),
    ...httpEnds(z, STORY_PATHS.threshold, `${z}.compare`, at(3)),
    {
      id: `${z}.compare`,
      type: 'ecostruxure-grid-comparison',
      z,
      name: '',
      account: CARBON_ACCOUNT_ID,
      siteIds: '',
      thresholdPercent: String(options.thresholdPercent),
      granularity: options.granularity,
      output: 'all',
      ...at(1),
      wires: [[`${z}.reply`]],
    },
    functionNode(
      z,
      `${z}.reply`,
      'Comparison and warnings',
      'msg.payload = { items: msg.payload, warnings: msg.warnings || [] };\nreturn msg;',
      at(2),
      [[`${z}.out`]],
    ),
  ];
}

function alarmsFlow(): FlowNode[] {
  const z = 'demo.alarms';
  return [
    tab(z, '3. Active Energy Hub alarms', 'The alarms active right now in the Energy Hub organization.'),
    ...httpEnds(z, STORY_PATHS.alarms, `${z}.fetch`, at(2)),
    {
      id: `${z}.fetch`,
      type: 'energy-hub-alarms',
      z,
      name: 'Active alarms',
      accessClient: ENERGY_HUB_CLIENT_ID,
      mode: 'fetch',
      interval: 60,
      active: 'true',
      priority: '',
      category: '',
      ...at(1),
      wires: [[`${z}.out`]],
    },
  ];
}

export function storyFlows(options: DemoOptions): FlowNode[] {
  return [...emissionsFlow(options), ...thresholdFlow(options), ...alarmsFlow()];
}
