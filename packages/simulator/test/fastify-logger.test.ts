import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';

describe('the logger option', () => {
  it('logs requests without the API key from the query string', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    // Fastify's logger (pino) writes to stdout; capture it for the duration of one request.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const sim = await startSimulator({ port: 0, logger: true });
      await fetch(`${sim.urls.carbonApi}/sites?apikey=demo-api-key&x=1`);
      await sim.close();
    } finally {
      process.stdout.write = write;
    }
    const log = lines.join('');
    expect(log).toContain('/ecostruxure/carbon-emission/v1/sites?apikey=[REDACTED]&x=1');
    expect(log).not.toContain('demo-api-key');
  });
});
