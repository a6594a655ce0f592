/**
 * The nodes both the story tabs and the dashboard are built from: one node on a tab at a grid position,
 * function nodes, and the two EcoStruxure nodes every flow here starts with (all sites, their emissions).
 */
import type { FlowNode } from '../node-red/runtime.js';
import { CARBON_ACCOUNT_ID } from './accounts.js';

export interface Position {
  x: number;
  y: number;
}

/** Positions on a tab: columns left to right, rows top to bottom, starting at `top`. */
export const grid =
  (top: number) =>
  (column: number, row = 0): Position => ({ x: 150 + column * 260, y: top + row * 70 });

/** A node on tab `z`; `wires` has one list of target IDs per output. */
export function flowNode(
  z: string,
  id: string,
  type: string,
  settings: Record<string, unknown>,
  position: Position,
  wires: string[][],
): FlowNode {
  return { id, type, z, ...settings, ...position, wires };
}

/** A function node with one output per list in `wires`; `func` line by line. */
export function functionNode(
  z: string,
  id: string,
  name: string,
  func: string | readonly string[],
  position: Position,
  wires: string[][],
): FlowNode {
  const code = typeof func === 'string' ? func : func.join('\n');
  return flowNode(z, id, 'function', { name, outputs: wires.length, func: code }, position, wires);
}

/** List Sites: every site of the carbon account, as one message. */
export function allSitesNode(z: string, id: string, position: Position, next: string): FlowNode {
  return flowNode(
    z,
    id,
    'ecostruxure-sites',
    {
      name: 'All sites',
      account: CARBON_ACCOUNT_ID,
      operation: 'list',
      siteId: '',
      siteIdType: 'str',
      nameContains: '',
      countryIsoCode: '',
      output: 'message',
    },
    position,
    [[next]],
  );
}

/** Get Emissions of the site ID(s) in msg.payload from msg.from to msg.to, as one message. */
export function emissionsNode(
  z: string,
  id: string,
  granularity: string,
  position: Position,
  next: string,
): FlowNode {
  return flowNode(
    z,
    id,
    'ecostruxure-emissions',
    {
      name: '',
      account: CARBON_ACCOUNT_ID,
      siteId: 'payload',
      siteIdType: 'msg',
      range: 'custom',
      from: 'from',
      fromType: 'msg',
      to: 'to',
      toType: 'msg',
      granularity,
      output: 'message',
    },
    position,
    [[next]],
  );
}
