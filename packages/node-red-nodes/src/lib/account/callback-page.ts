/** The page the customer's browser lands on after the consent page: it says what happened, in plain words. */
import type { HttpResponse } from '../node-red.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

export interface CallbackPage {
  ok: boolean;
  title: string;
  lines: string[];
}

export function renderCallbackPage(page: CallbackPage): string {
  const colour = page.ok ? '#3c763d' : '#a94442';
  const lines = page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5}h1{color:${colour}}</style>
</head><body data-outcome="${page.ok ? 'authorized' : 'failed'}">
<h1>${escapeHtml(page.title)}</h1>
${lines}
</body></html>`;
}

/**
 * The page carries the authorization's outcome (and its URL the code): no script, no framing by another
 * site (clickjacking the consent flow), not cached, and no referrer leaves it.
 */
const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function sendCallbackPage(res: HttpResponse, ok: boolean, html: string): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.set(name, value);
  res
    .status(ok ? 200 : 400)
    .type('text/html')
    .send(html);
}
