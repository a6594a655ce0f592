/**
 * The flows the Node-RED benchmarks deploy: our Get Emissions node, and the flow users build today for
 * the same calls (a change node for the Authorization header, a Function node for paging, the core
 * `http request` node). Both end in the same sink, a disabled debug node, whose incoming messages the
 * runtime counts.
 */
import type { FlowNode } from './runtime.js';

export const TAB_ID = 'b0e1d2c3a4f50001';
export const ACCOUNT_ID = 'b0e1d2c3a4f50002';
export const OUR_NODE_ID = 'b0e1d2c3a4f50003';
export const OUR_SINK_ID = 'b0e1d2c3a4f50004';
export const AUTH_ID = 'b0e1d2c3a4f50005';
export const PAGING_ID = 'b0e1d2c3a4f50006';
export const REQUEST_ID = 'b0e1d2c3a4f50007';
export const FLOW_SINK_ID = 'b0e1d2c3a4f50008';

const tab: FlowNode = { id: TAB_ID, type: 'tab', label: 'bench' };

const sink = (id: string): FlowNode => ({
  id,
  type: 'debug',
  z: TAB_ID,
  name: 'rows',
  active: false,
  tosidebar: true,
  complete: 'payload',
  wires: [],
});

/** Our nodes: an account with a personal access token and Get Emissions over msg.payload's sites. */
export function ourFlow(options: {
  simulatorUrl: string;
  token: string;
  range: 'latest' | 'custom';
  output: 'page' | 'row' | 'message';
}): FlowNode[] {
  return [
    tab,
    {
      id: ACCOUNT_ID,
      type: 'ecostruxure-account',
      name: 'Simulator',
      authType: 'personalAccessToken',
      baseUrl: options.simulatorUrl,
      credentials: { token: options.token },
    },
    {
      id: OUR_NODE_ID,
      type: 'ecostruxure-emissions',
      z: TAB_ID,
      account: ACCOUNT_ID,
      siteId: 'payload',
      siteIdType: 'msg',
      range: options.range,
      from: 'from',
      fromType: 'msg',
      to: 'to',
      toType: 'msg',
      granularity: 'PT15M',
      output: options.output,
      wires: [[OUR_SINK_ID]],
    },
    sink(OUR_SINK_ID),
  ];
}

/**
 * The Function node users write for paging: the first message (msg.payload = site IDs, msg.from, msg.to)
 * asks for every site's first page; each answer becomes one message of rows, and asks for the site's
 * next page while there is one. Its rows carry what ours carry except the site's name and country (the
 * hand-built flow does not look the sites up). Each request starts with empty headers: the change node
 * after it adds the Authorization header.
 */
const pagingFunction = (carbonApi: string): string => `
const base = ${JSON.stringify(carbonApi)};
const pageUrl = (siteId, from, to, page) =>
  base + '/sites/' + encodeURIComponent(siteId) + '/carbon-emissions?from=' + encodeURIComponent(from) +
  '&to=' + encodeURIComponent(to) + '&granularity=PT15M&page=' + page + '&pageSize=1000';
if (msg.statusCode === undefined) {
  for (const siteId of msg.payload) {
    node.send([{ url: pageUrl(siteId, msg.from, msg.to, 1), method: 'GET', headers: {}, siteId, from: msg.from, to: msg.to }, null]);
  }
  return null;
}
if (msg.statusCode !== 200) {
  node.error('HTTP ' + msg.statusCode + ' for ' + msg.url, msg);
  return null;
}
const body = msg.payload;
const byKey = {};
for (const series of body.timeseries) byKey[series.key] = series.values;
const co2 = byKey.co2Emission || [];
const rows = co2.map((point, index) => ({
  siteId: body.siteId,
  timestamp: point.date,
  granularity: body.granularity,
  kgCO2e: point.value,
  kWh: byKey.activeEnergy ? byKey.activeEnergy[index].value : null,
  gCO2ePerKWh: byKey.emissionFactor ? byKey.emissionFactor[index].value : null,
  estimated: point.isEstimated,
  method: body.method,
}));
const next = body.paging.page < body.paging.totalPages
  ? { url: pageUrl(msg.siteId, msg.from, msg.to, body.paging.page + 1), method: 'GET', headers: {}, siteId: msg.siteId, from: msg.from, to: msg.to }
  : null;
return [next, { payload: rows, siteId: body.siteId }];
`;

/**
 * What users build today: Function (paging) → change node (Authorization header) → http request → back to
 * the Function; rows to the sink. The message enters at the Function node. The header is set on every
 * request because the http request node replaces msg.headers with the response's.
 */
export function handBuiltFlow(options: { carbonApi: string; token: string }): FlowNode[] {
  return [
    tab,
    {
      id: AUTH_ID,
      type: 'change',
      z: TAB_ID,
      name: 'Authorization header',
      rules: [{ t: 'set', p: 'headers.Authorization', pt: 'msg', to: `Bearer ${options.token}`, tot: 'str' }],
      wires: [[REQUEST_ID]],
    },
    {
      id: PAGING_ID,
      type: 'function',
      z: TAB_ID,
      name: 'paging',
      func: pagingFunction(options.carbonApi),
      outputs: 2,
      wires: [[AUTH_ID], [FLOW_SINK_ID]],
    },
    {
      id: REQUEST_ID,
      type: 'http request',
      z: TAB_ID,
      name: 'Carbon API',
      method: 'use',
      ret: 'obj',
      paytoqs: 'ignore',
      url: '',
      persist: true,
      wires: [[PAGING_ID]],
    },
    sink(FLOW_SINK_ID),
  ];
}
