/** What the n8n demo prints once the results are in: where to look next and how to sign in. */
import { DEMO_CREDENTIALS, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { Owner } from '@ecostruxure-connector/n8n-host';

export function whereToLookInN8n(
  editorUrl: string,
  owner: Owner,
  simulator: Pick<SimulatorHandle, 'urls'>,
  chatWebhookUrl: string,
): string {
  const customer = DEMO_CREDENTIALS.customer;
  const rows: Array<[string, string]> = [
    ['n8n editor (the templates and credentials)', `${editorUrl}/`],
    ['  owner sign-in', `email=${owner.email} password=${owner.password}`],
    ['Simulator consent dashboard', simulator.urls.consents],
    ['  customer sign-in', `username=${customer.username} password=${customer.password}`],
    ['Chat webhook stand-in (messages print here)', chatWebhookUrl],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    'Open:',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    'The credentials in n8n point at this simulator; the OAuth2 one is already connected with the demo',
    "customer's consent. (Demo accounts: they only work against this simulator and this n8n.)",
  ].join('\n');
}
