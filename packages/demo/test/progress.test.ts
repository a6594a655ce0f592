import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/output/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  let written = '';
  return {
    isTTY,
    write(chunk: string) {
      written += chunk;
      return true;
    },
    text: () => written,
  } as unknown as NodeJS.WriteStream & { text: () => string };
}

describe('createProgress', () => {
  it('prints steps of a fifth up to the total when the output is a file or a pipe', () => {
    const stream = fakeStream(false);
    const progress = createProgress('Fetching', stream);
    for (let completed = 1; completed <= 25; completed += 1) progress.update(completed, 25, 0);
    progress.done();
    expect(stream.text().trim().split('\n')).toEqual(
      [5, 10, 15, 20, 25].map((completed) => `Fetching: ${completed}/25`),
    );
  });

  it('prints every step of a short run, with the failed count', () => {
    const stream = fakeStream(false);
    const progress = createProgress('Fetching', stream);
    progress.update(1, 3, 0);
    progress.update(2, 3, 1);
    progress.update(3, 3, 1);
    expect(stream.text()).toBe('Fetching: 1/3\nFetching: 2/3 (1 failed)\nFetching: 3/3 (1 failed)\n');
  });

  it('rewrites one line on a terminal', () => {
    const stream = fakeStream(true);
    const progress = createProgress('Fetching', stream);
    progress.update(1, 2, 0);
    progress.update(2, 2, 0);
    progress.done();
    expect(stream.text()).toBe('\rFetching: 1/2\rFetching: 2/2\n');
  });
});
