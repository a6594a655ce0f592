/**
 * The READMEs quote benchmark figures; they must be the figures of the committed results, and say where
 * they come from. When `results/latest.*` is refreshed, this test names the sentences to update.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bench = join(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(bench, path), 'utf8');

interface Stack {
  id: string;
  ratio: number;
}
const results = JSON.parse(read('results/latest.json')) as { clientOverhead: { stacks: Stack[] } };
const ratioOf = (id: string): number => {
  const stack = results.clientOverhead.stacks.find((candidate) => candidate.id === id);
  if (!stack) throw new Error(`results/latest.json has no stack ${id}.`);
  return stack.ratio;
};
const oneDecimal = (value: number): string => value.toFixed(1);

describe('benchmark figures quoted in the READMEs', () => {
  const transport = ratioOf('axios-transport');
  const fullClient = ratioOf('axios-carbon-client');

  it('core README: the axios range and its two ends, with their source', () => {
    const readme = read('../packages/core/README.md');
    expect(readme).toContain(`axios costs\n${oneDecimal(transport)}-${oneDecimal(fullClient)}x`);
    expect(readme).toContain(
      `transport alone ${transport.toFixed(2)}, full carbon client ${fullClient.toFixed(2)}`,
    );
    expect(readme).toContain('`bench/results/latest.md`');
  });

  it('bench README: the axios figures, with their source', () => {
    const readme = read('README.md');
    expect(readme).toContain(
      `On axios the full client is ${oneDecimal(fullClient)}x the loop and the bare axios transport ${oneDecimal(transport)}x (\`results/latest.md\``,
    );
  });

  it('bench README: no wrapped line starts a stray numbered list', () => {
    // A sentence wrapped before "1." renders as a list item that restarts the text.
    const lines = read('README.md').split('\n');
    lines.forEach((line, index) => {
      if (/^\d+\. /.test(line) && !/^\d+\. /.test(lines[index - 2] ?? '') && lines[index - 1] === '') {
        expect(lines[index - 2] ?? '', `line ${index + 1} "${line}"`).toMatch(/[.:!?)`|]$|^#|^$/);
      }
    });
  });
});
