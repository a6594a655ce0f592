/**
 * The demo's flows as data: every wire and config reference resolves, and the function nodes' code (run
 * here as Node-RED's function node runs it, a body taking `msg`) does what the CSV and chart rely on.
 */
import { simulatorUrls } from '@ecostruxure-connector/simulator';
import { describe, expect, it } from 'vitest';
import type { DemoOptions } from '../src/args.js';
import { demoFlows } from '../src/flows/index.js';
import type { FlowNode } from '../src/node-red/runtime.js';

const options: DemoOptions = {
  outDir: 'demo-output',
  days: 7,
  granularity: 'PT1H',
  thresholdPercent: 25,
  seed: 42,
  sites: 25,
  once: true,
  n8n: false,
};
const flows = demoFlows(simulatorUrls('http://127.0.0.1:4010'), options);
const byId = new Map(flows.map((node) => [node.id, node]));

type FunctionBody = (msg: Record<string, unknown>, env?: { get(name: string): unknown }) => unknown;

function functionNamed(name: string): FunctionBody {
  const node = flows.find((candidate) => candidate.type === 'function' && candidate.name === name);
  if (!node) throw new Error(`No function node named "${name}"`);
  return new Function('msg', 'env', node.func as string) as FunctionBody;
}

describe('the demo flows', () => {
  it('give every node its own ID (Node-RED keeps only one of two nodes sharing an ID)', () => {
    const ids = flows.map((node) => node.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('wire only to nodes that exist, and every node sits on one of the four tabs', () => {
    const tabs = flows.filter((node) => node.type === 'tab').map((node) => node.id);
    expect(tabs).toEqual(['demo.emissions', 'demo.threshold', 'demo.alarms', 'demo.dashboard']);
    for (const node of flows) {
      for (const target of ((node.wires as string[][] | undefined) ?? []).flat()) {
        expect(byId.has(target), `${node.id} wires to ${target}`).toBe(true);
      }
      if (node.z !== undefined) expect(tabs).toContain(node.z);
    }
  });

  it('point every EcoStruxure node at the simulator account or access client', () => {
    const users = flows.filter((node: FlowNode) => 'account' in node || 'accessClient' in node);
    expect(users.length).toBeGreaterThanOrEqual(7);
    for (const node of users) {
      const config = byId.get((node.account ?? node.accessClient) as string);
      expect(config?.type).toMatch(/^(ecostruxure-account|energy-hub-access-client)$/);
    }
    expect(byId.get('demo.carbon-account')).toMatchObject({
      authType: 'personalAccessToken',
      baseUrl: 'http://127.0.0.1:4010',
    });
  });

  it('neutralise text a spreadsheet would run as a formula before the CSV, and leave numbers alone', () => {
    const guard = functionNamed('Neutralise spreadsheet formulas');
    const out = guard({
      payload: [
        { siteName: '=HYPERLINK("http://evil.test","x")', kgCO2e: -1.5, estimated: true },
        { siteName: '@SUM(A1)', kgCO2e: 2, estimated: false },
        { siteName: '-2+3', kgCO2e: 0, estimated: false },
        { siteName: 'Lyon, "Part-Dieu"', kgCO2e: null, estimated: false },
      ],
    }) as { payload: object[] };
    expect(out.payload).toEqual([
      { siteName: `'=HYPERLINK("http://evil.test","x")`, kgCO2e: -1.5, estimated: true },
      { siteName: `'@SUM(A1)`, kgCO2e: 2, estimated: false },
      { siteName: `'-2+3`, kgCO2e: 0, estimated: false },
      { siteName: 'Lyon, "Part-Dieu"', kgCO2e: null, estimated: false },
    ]);
  });

  it("draw the site's intensity, its grid's global rate and the threshold above it", () => {
    const chartSeries = functionNamed('Chart series');
    const env = { get: (name: string) => (name === 'THRESHOLD_PERCENT' ? 25 : undefined) };
    const rows = [
      { timestamp: '2026-12-01T00:00:00.000Z', gCO2ePerKWh: 60 },
      { timestamp: '2026-12-01T01:00:00.000Z', gCO2ePerKWh: null },
      { timestamp: '2026-12-01T02:00:00.000Z', gCO2ePerKWh: 40 },
    ];
    const [chart, summary] = chartSeries(
      {
        site: 'site-0003',
        countryIsoCode: 'NO',
        rows,
        // A zone's rate and the country's own: the country's is the one to draw.
        payload: [
          { countryIsoCode: 'NO', zone: 'NO1', value: 10 },
          { countryIsoCode: 'NO', value: 40 },
        ],
      },
      env,
    ) as [{ payload: Array<{ series: string; x: number; y: number }> }, { payload: string }];
    expect(chart.payload).toEqual([
      { series: 'site-0003 gCO2e/kWh', x: Date.parse(rows[0]!.timestamp), y: 60 },
      { series: 'NO grid rate', x: Date.parse(rows[0]!.timestamp), y: 40 },
      { series: 'threshold +25 %', x: Date.parse(rows[0]!.timestamp), y: 50 },
      { series: 'site-0003 gCO2e/kWh', x: Date.parse(rows[2]!.timestamp), y: 40 },
      { series: 'NO grid rate', x: Date.parse(rows[2]!.timestamp), y: 40 },
      { series: 'threshold +25 %', x: Date.parse(rows[2]!.timestamp), y: 50 },
    ]);
    expect(summary.payload).toBe(
      'site-0003: 2 hourly intervals, grid rate 40 gCO2e/kWh (NO), 1 above the threshold',
    );
  });
});
