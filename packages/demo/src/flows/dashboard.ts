/**
 * The dashboard (Node-RED Dashboard 2.0): pick a site and a range; the chart shows the site's carbon
 * intensity against its grid's global rate and the threshold line, and a table lists the active Energy
 * Hub alarms. Everything is fetched by our nodes; the function nodes only reshape data for the widgets.
 */
import type { DemoOptions } from '../args.js';
import type { FlowNode } from '../node-red/runtime.js';
import { CARBON_ACCOUNT_ID, ENERGY_HUB_CLIENT_ID } from './accounts.js';
import { allSitesNode, emissionsNode, functionNode, grid } from './nodes.js';

export const DASHBOARD_PATH = '/dashboard/emissions';
export const CHART_NODE_ID = 'demo.dashboard.chart';
export const SITE_PICKER_ID = 'demo.dashboard.site';
export const RANGE_PICKER_ID = 'demo.dashboard.range';

const z = 'demo.dashboard';
const at = grid(80);

export const RANGES = [
  { value: 'last24Hours', label: 'Last 24 hours', hours: 24 },
  { value: 'last7Days', label: 'Last 7 days', hours: 7 * 24 },
  { value: 'last30Days', label: 'Last 30 days', hours: 30 * 24 },
];

const DEFAULT_RANGE = 'last7Days';

/** Widgets need a width and height in grid units; 0 means "fit the group". */
function widget(id: string, type: string, group: string, order: number, props: object): FlowNode {
  return { id, type, z, group, order, width: 0, height: 0, className: '', ...props };
}

function layout(): FlowNode[] {
  const group = (id: string, name: string, order: number, width: number): FlowNode => ({
    id,
    type: 'ui-group',
    name,
    page: `${z}.page`,
    width,
    height: 1,
    order,
    showTitle: true,
    className: '',
    visible: 'true',
    disabled: 'false',
    groupType: 'default',
  });
  return [
    {
      id: `${z}.base`,
      type: 'ui-base',
      name: 'EcoStruxure demo',
      path: '/dashboard',
      includeClientData: true,
      acceptsClientConfig: ['ui-notification', 'ui-control'],
      showPathInSidebar: false,
      headerContent: 'page',
      // One page: no navigation drawer to cover it.
      navigationStyle: 'none',
      titleBarStyle: 'default',
    },
    {
      id: `${z}.theme`,
      type: 'ui-theme',
      name: 'Default',
      colors: {
        surface: '#3dcd58',
        primary: '#3dcd58',
        bgPage: '#f4f6f4',
        groupBg: '#ffffff',
        groupOutline: '#d9d9e0',
      },
      sizes: {
        density: 'default',
        pagePadding: '12px',
        groupGap: '12px',
        groupBorderRadius: '4px',
        widgetGap: '12px',
      },
    },
    {
      id: `${z}.page`,
      type: 'ui-page',
      name: 'Emissions and alarms',
      ui: `${z}.base`,
      path: '/emissions',
      icon: 'leaf',
      layout: 'grid',
      theme: `${z}.theme`,
      order: 1,
      className: '',
      visible: 'true',
      disabled: 'false',
    },
    group(`${z}.group-controls`, 'Site and range', 1, 12),
    group(`${z}.group-emissions`, 'Carbon intensity against the grid', 2, 12),
    group(`${z}.group-alarms`, 'Active Energy Hub alarms', 3, 12),
  ];
}

/** Fills the site picker from the Carbon API and draws the first site once the flows start. */
function sitePicker(): FlowNode[] {
  return [
    {
      id: `${z}.start`,
      type: 'inject',
      z,
      name: 'On start',
      props: [],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: '0.5',
      topic: '',
      ...at(0),
      wires: [[`${z}.sites`]],
    },
    allSitesNode(z, `${z}.sites`, at(1), `${z}.choices`),
    functionNode(
      z,
      `${z}.choices`,
      'Site choices',
      [
        'const options = msg.payload.map((site) => ({ value: site.id, label: `${site.id}  ${site.name || ""}` }));',
        'const first = options[0] && options[0].value;',
        'return [{ options, payload: first }, { topic: "site", payload: first }];',
      ],
      at(2),
      [[SITE_PICKER_ID], [`${z}.request`]],
    ),
    widget(SITE_PICKER_ID, 'ui-dropdown', `${z}.group-controls`, 1, {
      name: 'Site',
      label: 'Site',
      tooltip: '',
      passthru: false,
      multiple: false,
      chips: false,
      clearable: false,
      options: [],
      payload: '',
      topic: 'site',
      topicType: 'str',
      typeIsComboBox: false,
      msgTrigger: 'onChange',
      width: 6,
      height: 1,
      ...at(3),
      wires: [[`${z}.request`]],
    }),
    widget(RANGE_PICKER_ID, 'ui-dropdown', `${z}.group-controls`, 2, {
      name: 'Range',
      label: 'Range',
      tooltip: '',
      passthru: false,
      multiple: false,
      chips: false,
      clearable: false,
      options: RANGES.map(({ value, label }) => ({ value, label, type: 'str' })),
      payload: '',
      topic: 'range',
      topicType: 'str',
      typeIsComboBox: false,
      msgTrigger: 'onChange',
      width: 6,
      height: 1,
      ...at(3, 1),
      wires: [[`${z}.request`]],
    }),
    {
      id: `${z}.range-default`,
      type: 'inject',
      z,
      name: 'Default range',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: '0.1',
      topic: '',
      payload: DEFAULT_RANGE,
      payloadType: 'str',
      ...at(2, 1),
      wires: [[RANGE_PICKER_ID]],
    },
  ];
}

/** The chosen site's emissions, its grid's global rate, and the series the chart draws. */
function emissionsChart(): FlowNode[] {
  const hoursByRange = Object.fromEntries(RANGES.map(({ value, hours }) => [value, hours]));
  return [
    functionNode(
      z,
      `${z}.request`,
      'Chosen site and range',
      [
        `const HOURS = ${JSON.stringify(hoursByRange)};`,
        'if (msg.topic === "site" || msg.topic === "range") flow.set(msg.topic, msg.payload);',
        'const site = flow.get("site");',
        `const range = flow.get("range") || ${JSON.stringify(DEFAULT_RANGE)};`,
        'if (!site) return null;',
        '// Whole hours up to the start of the current one, the intervals the API has closed.',
        'const to = new Date(); to.setUTCMinutes(0, 0, 0);',
        'const from = new Date(to.getTime() - HOURS[range] * 3600000);',
        'return { payload: site, site, range, from: from.toISOString(), to: to.toISOString() };',
      ],
      at(0, 2),
      [[`${z}.emissions`]],
    ),
    emissionsNode(z, `${z}.emissions`, 'PT1H', at(1, 2), `${z}.country`),
    functionNode(
      z,
      `${z}.country`,
      "The site's country",
      [
        'msg.rows = msg.payload;',
        'const first = msg.rows.find((row) => row.countryIsoCode);',
        'if (!first) { node.warn(`No emissions for ${msg.site} in this range`); return null; }',
        'msg.countryIsoCode = first.countryIsoCode;',
        'return msg;',
      ],
      at(2, 2),
      [[`${z}.rate`]],
    ),
    {
      id: `${z}.rate`,
      type: 'ecostruxure-global-rates',
      z,
      name: "Grid's global rate",
      account: CARBON_ACCOUNT_ID,
      countryIsoCode: '',
      year: '',
      ...at(3, 2),
      wires: [[`${z}.series`]],
    },
    functionNode(
      z,
      `${z}.series`,
      'Chart series',
      [
        'const THRESHOLD_PERCENT = Number(env.get("THRESHOLD_PERCENT"));',
        'const rate = msg.payload.find((r) => !r.zone || r.zone === msg.countryIsoCode) || msg.payload[0];',
        'const points = [];',
        'let above = 0;',
        'for (const row of msg.rows) {',
        '  if (row.gCO2ePerKWh === null || row.gCO2ePerKWh === undefined) continue;',
        '  const x = Date.parse(row.timestamp);',
        '  points.push({ series: `${msg.site} gCO2e/kWh`, x, y: row.gCO2ePerKWh });',
        '  if (rate) {',
        '    const limit = rate.value * (1 + THRESHOLD_PERCENT / 100);',
        '    points.push({ series: `${msg.countryIsoCode} grid rate`, x, y: rate.value });',
        '    points.push({ series: `threshold +${THRESHOLD_PERCENT} %`, x, y: limit });',
        '    if (row.gCO2ePerKWh > limit) above += 1;',
        '  }',
        '}',
        'const intervals = points.filter((p) => p.series.startsWith(msg.site)).length;',
        'const summary = rate',
        '  ? `${msg.site}: ${intervals} hourly intervals, grid rate ${rate.value} gCO2e/kWh (${msg.countryIsoCode}), ${above} above the threshold`',
        '  : `${msg.site}: ${intervals} hourly intervals, no global rate for ${msg.countryIsoCode}`;',
        'return [{ payload: points, site: msg.site }, { payload: summary }];',
      ],
      at(0, 3),
      [[CHART_NODE_ID], [`${z}.summary`]],
    ),
    ...chartWidgets(),
  ];
}

/** The chart and the summary line above it. */
function chartWidgets(): FlowNode[] {
  return [
    widget(CHART_NODE_ID, 'ui-chart', `${z}.group-emissions`, 2, {
      name: 'Intensity against the grid',
      label: 'gCO2e/kWh, hourly',
      chartType: 'line',
      category: 'series',
      categoryType: 'property',
      xAxisLabel: '',
      xAxisProperty: 'x',
      xAxisPropertyType: 'property',
      xAxisType: 'time',
      xAxisFormat: '',
      xAxisFormatType: 'auto',
      xmin: '',
      xmax: '',
      yAxisLabel: 'gCO2e/kWh',
      yAxisProperty: 'y',
      yAxisPropertyType: 'property',
      ymin: '',
      ymax: '',
      bins: 10,
      action: 'replace',
      stackSeries: false,
      pointShape: 'false',
      pointRadius: 2,
      showLegend: true,
      removeOlder: '0',
      removeOlderUnit: '3600',
      removeOlderPoints: '',
      colors: [
        '#3dcd58',
        '#0d74ce',
        '#e47f00',
        '#2CA02C',
        '#A347E1',
        '#D62728',
        '#FF9896',
        '#9467BD',
        '#C5B0D5',
      ],
      textColor: ['#666666'],
      textColorDefault: true,
      gridColor: ['#e5e5e5'],
      gridColorDefault: true,
      width: 12,
      height: 8,
      interpolation: 'linear',
      ...at(1, 3),
      wires: [[]],
    }),
    widget(`${z}.summary`, 'ui-text', `${z}.group-emissions`, 1, {
      name: 'Summary',
      label: '',
      format: '{{msg.payload}}',
      layout: 'row-left',
      style: false,
      font: '',
      fontSize: 16,
      color: '#717171',
      wrapText: true,
      value: 'payload',
      valueType: 'msg',
      width: 12,
      height: 1,
      ...at(1, 4),
      wires: [],
    }),
  ];
}

function alarmsTable(): FlowNode[] {
  return [
    {
      id: `${z}.alarms-tick`,
      type: 'inject',
      z,
      name: 'On start, then every minute',
      props: [],
      repeat: '60',
      crontab: '',
      once: true,
      onceDelay: '0.5',
      topic: '',
      ...at(0, 5),
      wires: [[`${z}.alarms-fetch`]],
    },
    {
      id: `${z}.alarms-fetch`,
      type: 'energy-hub-alarms',
      z,
      name: 'Active alarms',
      accessClient: ENERGY_HUB_CLIENT_ID,
      mode: 'fetch',
      interval: 60,
      active: 'true',
      priority: '',
      category: '',
      ...at(1, 5),
      wires: [[`${z}.alarms-rows`]],
    },
    {
      id: `${z}.alarms-rows`,
      type: 'function',
      z,
      name: 'Table rows, most urgent first',
      outputs: 1,
      func: [
        'const ORDER = { high: 0, medium: 1, low: 2 };',
        'msg.payload = msg.payload',
        '  .slice()',
        '  .sort((a, b) => (ORDER[a.priority] ?? 9) - (ORDER[b.priority] ?? 9) || String(b.startTime).localeCompare(String(a.startTime)))',
        '  .map((alarm) => ({',
        '    priority: alarm.priority,',
        '    started: alarm.startTime,',
        '    category: alarm.category,',
        '    type: alarm.type,',
        '    where: (alarm.thing && alarm.thing.name) || "",',
        '    source: alarm.source,',
        '    acknowledged: alarm.acknowledged ? "yes" : "no",',
        '  }));',
        'return msg;',
      ].join('\n'),
      ...at(2, 5),
      wires: [[`${z}.alarms-table`]],
    },
    widget(`${z}.alarms-table`, 'ui-table', `${z}.group-alarms`, 1, {
      name: 'Active alarms',
      label: '',
      maxrows: 10,
      passthru: false,
      autocols: true,
      showSearch: true,
      deselect: true,
      selectionType: 'none',
      columns: [],
      mobileBreakpoint: 'sm',
      mobileBreakpointType: 'defaults',
      action: 'replace',
      width: 12,
      ...at(3, 5),
      wires: [],
    }),
  ];
}

export function dashboardFlow(options: DemoOptions): FlowNode[] {
  return [
    {
      id: z,
      type: 'tab',
      label: 'Dashboard',
      disabled: false,
      info: `The dashboard at ${DASHBOARD_PATH}: a site's hourly carbon intensity against its grid's global rate and the +${options.thresholdPercent} % threshold, and the active Energy Hub alarms.`,
      env: [{ name: 'THRESHOLD_PERCENT', value: String(options.thresholdPercent), type: 'num' }],
    },
    ...layout(),
    ...sitePicker(),
    ...emissionsChart(),
    ...alarmsTable(),
  ];
}
