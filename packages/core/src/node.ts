// Node.js-only pieces (axios transport, timers): never imported by the n8n bundle.
export {};
