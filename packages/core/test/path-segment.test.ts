import { describe, expect, it } from 'vitest';
import { encodePathSegment } from '../src/http/types.js';

describe('encodePathSegment', () => {
  it.each([
    ['../x', '%2E%2E%2Fx'],
    ['a/b', 'a%2Fb'],
    ['site 1?x=#', 'site%201%3Fx%3D%23'],
    ['site-0001', 'site-0001'],
  ])('keeps %s inside one segment', (raw, encoded) => {
    expect(encodePathSegment(raw)).toBe(encoded);
    const url = new URL(`http://h/base/sites/${encodePathSegment(raw)}/carbon-emissions`);
    expect(url.pathname.split('/')).toHaveLength(5);
    expect(decodeURIComponent(url.pathname.split('/')[3] ?? '')).toBe(raw);
  });
});
