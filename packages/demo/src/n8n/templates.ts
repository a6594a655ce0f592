/**
 * The n8n package's workflow templates, as a user imports them: node types renamed for an n8n that loads
 * the package from a folder (N8N_CUSTOM_EXTENSIONS reads them as `CUSTOM.<name>`), the user's own
 * credentials filled in, and the chat webhook pointed at the demo's stand-in.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WorkflowJson } from '@ecostruxure-connector/n8n-host';
import type { CredentialRefs } from './credentials.js';

const packageDir = dirname(createRequire(import.meta.url).resolve('n8n-nodes-ecostruxure/package.json'));

/** The built package n8n loads: its nodes and credentials. */
export const N8N_PACKAGE_DIST = join(packageDir, 'dist');

export type TemplateName = 'dailyEmissions' | 'gridRateAlert' | 'highPriorityAlarms';

export interface Template {
  name: TemplateName;
  file: string;
  /** The node the demo starts the run from, as the editor's "Execute workflow" button does. */
  trigger: string;
}

export const TEMPLATES: readonly Template[] = [
  { name: 'dailyEmissions', file: 'daily-emissions-to-spreadsheet.json', trigger: 'Every morning' },
  { name: 'gridRateAlert', file: 'grid-rate-alert.json', trigger: 'Every hour' },
  {
    name: 'highPriorityAlarms',
    file: 'high-priority-alarms-notification.json',
    trigger: 'New high-priority alarm',
  },
];

/** The placeholder the templates carry where the user's chat webhook goes. */
const PLACEHOLDER_URL = /^https:\/\/hooks\.example\.com\//;

export function readTemplate(template: Template): WorkflowJson {
  return JSON.parse(readFileSync(join(packageDir, 'templates', template.file), 'utf8')) as WorkflowJson;
}

export function prepareTemplate(
  workflow: WorkflowJson,
  settings: { credentials: CredentialRefs; chatWebhookUrl: string },
): WorkflowJson {
  const copy = structuredClone(workflow);
  for (const node of copy.nodes) {
    node.type = node.type.replace(/^n8n-nodes-ecostruxure\./, 'CUSTOM.');
    for (const type of Object.keys(node.credentials ?? {})) {
      const credential = settings.credentials[type];
      if (!credential) throw new Error(`The demo has no ${type} credential for the node "${node.name}"`);
      node.credentials = { ...node.credentials, [type]: credential };
    }
    const url = node.parameters.url;
    if (typeof url === 'string' && PLACEHOLDER_URL.test(url)) {
      node.parameters.url = settings.chatWebhookUrl;
    }
  }
  return copy;
}
