/** What the README tells a newcomer to type must work on a machine with nothing but Node.js and npm. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('simulator README', () => {
  it('names `source scripts/toolchain.sh` before any pnpm command, which needs it on an older Node', () => {
    const firstPnpm = readme.search(/\bpnpm (--filter|run|exec|install)\b/);
    const toolchain = readme.indexOf('source scripts/toolchain.sh');
    expect(toolchain).toBeGreaterThan(-1);
    if (firstPnpm !== -1) expect(toolchain).toBeLessThan(firstPnpm);
  });

  it('starts the simulator with the npm script the root README gives', () => {
    const commandLine = readme.slice(readme.indexOf('## Command line'));
    expect(commandLine).toMatch(/```sh\nnpm run simulator -- --port 4010/);
  });

  it('documents the customer sign-in form fields headless flows fill', () => {
    for (const field of [
      'name="csrf_token"',
      'name="username"',
      'name="password"',
      'decideConsentAsCustomer',
    ]) {
      expect(readme).toContain(field);
    }
  });
});
