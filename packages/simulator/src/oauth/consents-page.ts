/** The customer's consent dashboard: applications with access, and the history of revoked access. */
import type { ConsentRecord } from '../context.js';
import { CSRF_FIELD } from './customer-session.js';
import { escapeHtml, page } from './html.js';
import { PATHS } from './paths.js';

function scopesCell(record: ConsentRecord): string {
  return record.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ');
}

function activeRow(record: ConsentRecord, csrfToken: string): string {
  const action = PATHS.revokeConsent.replace(':id', encodeURIComponent(record.id));
  return `<tr><td>${escapeHtml(record.appName)}</td><td>${scopesCell(record)}</td><td>${escapeHtml(record.grantedAt)}</td>
<td><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrfToken)}"><button type="submit">Revoke access</button></form></td></tr>`;
}

function revokedRow(record: ConsentRecord): string {
  return `<tr><td>${escapeHtml(record.appName)}</td><td>${scopesCell(record)}</td><td>${escapeHtml(record.grantedAt)}</td>
<td>${escapeHtml(record.revokedAt ?? '')}</td><td>${escapeHtml(record.revokedReason ?? '')}</td></tr>`;
}

export function consentsPage(customer: string, records: readonly ConsentRecord[], csrfToken: string): string {
  const active = records.filter((record) => record.revokedAt === null);
  const revoked = records.filter((record) => record.revokedAt !== null);
  const activeTable = active.length
    ? `<table id="active"><thead><tr><th>Application</th><th>Scopes</th><th>Granted</th><th></th></tr></thead>
<tbody>${active.map((record) => activeRow(record, csrfToken)).join('\n')}</tbody></table>`
    : '<p id="active">No application has access to your data.</p>';
  const revokedTable = revoked.length
    ? `<table id="revoked"><thead><tr><th>Application</th><th>Scopes</th><th>Granted</th><th>Revoked</th><th>Reason</th></tr></thead>
<tbody>${revoked.map(revokedRow).join('\n')}</tbody></table>`
    : '<p id="revoked">Nothing was revoked yet.</p>';
  return page(
    'Your consents',
    `<h1>Applications with access to your data</h1>
<p>Signed in as <strong>${escapeHtml(customer)}</strong>. Revoking access invalidates the application's tokens at once.</p>
<h2>Authorized applications</h2>
${activeTable}
<h2>Revoked accesses</h2>
${revokedTable}`,
  );
}
