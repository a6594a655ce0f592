/**
 * One version story: what the changelogs present as released has its tag, the version the packages carry
 * is the one the release workflow would publish, and a release's tag finds its changelog section. Run in the
 * release workflow too (`.ci/run`), with the tags fetched, so a tag pushed without its section fails there.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const PACKAGES = ['packages/n8n-nodes', 'packages/node-red-nodes'];

const versionOf = (dir: string): string =>
  (JSON.parse(read(`${dir}/package.json`)) as { version: string }).version;
/** The `## [x.y.z]` sections a changelog presents as released. */
const releasedSections = (changelog: string): string[] =>
  [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+[^\]]*)\]/gm)].map((match) => match[1]!);
const tags = (): string[] =>
  execFileSync('git', ['tag', '--list', 'v*'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('the version story', () => {
  it('both node packages carry the one version the release workflow publishes', () => {
    const workflow = read('.github/workflows/release.yml');
    expect(workflow).toContain('for package in packages/n8n-nodes packages/node-red-nodes');
    expect(new Set(PACKAGES.map(versionOf)).size).toBe(1);
  });

  it.each(PACKAGES)('%s: an [Unreleased] section first, and every released version has its tag', (dir) => {
    const changelog = read(`${dir}/CHANGELOG.md`);
    expect(changelog.indexOf('## [Unreleased]')).toBeGreaterThan(0);
    expect(changelog.indexOf('## [Unreleased]')).toBe(changelog.indexOf('## ['));
    const missing = releasedSections(changelog).filter((version) => !tags().includes(`v${version}`));
    expect(missing, `presented as released without a tag: ${missing.join(', ')}`).toEqual([]);
  });

  it.each(PACKAGES)('%s: a version not yet tagged is announced as unreleased, not as released', (dir) => {
    const version = versionOf(dir);
    const changelog = read(`${dir}/CHANGELOG.md`);
    if (tags().includes(`v${version}`)) expect(releasedSections(changelog)).toContain(version);
    else expect(changelog).toContain(`The first release will be ${version}`);
  });

  it('a release tag being built has its changelog sections', () => {
    const ref = process.env.GITHUB_REF_NAME;
    if (ref === undefined || !/^v\d/.test(ref)) return;
    for (const dir of PACKAGES) expect(releasedSections(read(`${dir}/CHANGELOG.md`))).toContain(ref.slice(1));
  });
});
