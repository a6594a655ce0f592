/** HTML for the consent and dashboard pages: escaping and one shared, dependency-free page layout. */
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every interpolated value goes through this: client names, scopes and state come from untrusted input. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
header{border-bottom:3px solid #3dcd58;margin-bottom:1.5rem}
h1{font-size:1.5rem}code{background:#f2f2f2;padding:0 .25rem}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}
button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem;cursor:pointer}
button.primary{background:#3dcd58;border:1px solid #2a9a40;color:#fff}
.error{border-left:4px solid #d0021b;padding-left:1rem}
`;

/** `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><p>EcoStruxure (simulator)</p></header>
${body}
</body>
</html>
`;
}

/**
 * No caching, no framing (the consent page must not be clickjacked), no scripts. `form-action` is left
 * out on purpose: browsers apply it to the redirect after the decision post, which leaves this origin.
 */
export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    )
    .type('text/html; charset=utf-8')
    .send(html);
}
