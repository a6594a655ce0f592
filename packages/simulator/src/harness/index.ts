/**
 * `@ecostruxure-connector/simulator/harness`: what the proof suites of core, the n8n engine and Node-RED
 * share (canary secrets, the fault matrix's rows, the generated sections of the proof documents). Test
 * code only: the simulator itself never imports it.
 */
export * from './canary.js';
export * from './faults.js';
export * from './proof-docs.js';
