/** What the demo prints once the results are in: where to look next and how to sign in. */
import { DEMO_CREDENTIALS, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { DASHBOARD_PATH } from '../flows/dashboard.js';

export function whereToLook(nodeRedUrl: string, simulator: Pick<SimulatorHandle, 'urls'>): string {
  const demo = DEMO_CREDENTIALS;
  const rows: Array<[string, string]> = [
    ['Node-RED editor (the demo flows)', `${nodeRedUrl}/`],
    ['Dashboard', `${nodeRedUrl}${DASHBOARD_PATH}`],
    ['Simulator consent dashboard', simulator.urls.consents],
    ['  customer sign-in', `username=${demo.customer.username} password=${demo.customer.password}`],
    ['Carbon API personal access token', demo.personalAccessToken.value],
    [
      'Energy Hub access client',
      `client_id=${demo.accessClient.clientId} client_secret=${demo.accessClient.clientSecret}`,
    ],
    [
      'OAuth app (Authorize button)',
      `client_id=${demo.isvApp.clientId} client_secret=${demo.isvApp.clientSecret}`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    'Open:',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '(demo credentials: they only work against this simulator)',
  ].join('\n');
}
