/**
 * n8n's own verification gate: `@n8n/scan-community-package` lints a package's attested sources and its
 * published tarball before n8n lists it as verified (and only verified packages install on n8n Cloud).
 * Both legs run here exactly as the scanner runs them, with every rule of its configuration: the freshly
 * packed tarball's compiled `.js` and package.json, and the sources it reads from the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type PackedPackage } from '../e2e/package-tarball.mjs';

interface ScanResult {
  passed: boolean;
  message?: string;
  details?: string;
}

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** One leg of the scanner, in a process of its own (see scan.mjs). */
function scan(directory: string, leg: 'tarball' | 'sources'): ScanResult {
  const env = { ...process.env };
  delete env.NODE_ENV;
  const output = execFileSync(process.execPath, [join(packageDir, 'test/package/scan.mjs'), directory, leg], {
    cwd: packageDir,
    env,
    encoding: 'utf8',
  });
  return JSON.parse(output) as ScanResult;
}

/** The scanner's findings, readable in a failed assertion. */
function findings(result: ScanResult): string {
  return result.passed ? 'passed' : `${result.message ?? ''}\n${result.details ?? ''}`;
}

describe("n8n's community package scanner", () => {
  let packed: PackedPackage;
  beforeAll(() => {
    packed = packPackage();
  });
  afterAll(() => packed?.remove());

  it('passes the packed tarball: the bundled core, every node and credential, and package.json', () => {
    expect(packed.files).toContain('dist/shared/ecostruxure-core.js');
    expect(findings(scan(packed.directory, 'tarball'))).toBe('passed');
  });

  it('passes the sources it reads from the repository', () => {
    expect(findings(scan(packageDir, 'sources'))).toBe('passed');
  });

  it('is a live gate: a hardcoded secret in a shipped file fails it', () => {
    const fixture = mkdtempSync(join(tmpdir(), 'n8n-scan-fixture-'));
    try {
      writeFileSync(
        join(fixture, 'package.json'),
        JSON.stringify({ name: 'n8n-nodes-fixture', version: '1.0.0' }),
      );
      writeFileSync(
        join(fixture, 'index.js'),
        "exports.settings = { apiKey: 'a81f2c9d0e4b7a6f5c3d2e1f0a9b8c7d' };\n",
      );
      const result = scan(fixture, 'tarball');
      expect(result.passed).toBe(false);
      expect(result.details).toContain('@n8n/community-nodes/no-hardcoded-secrets');
    } finally {
      rmSync(fixture, { recursive: true, force: true });
    }
  });
});
