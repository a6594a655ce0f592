#!/usr/bin/env node
// Adds up the vitest JSON reports every package writes to test-results/vitest*.json (vitest.json from
// `npm test`, vitest-registry.json from the registry suite when it ran) and prints one
// plain closing line "N passed, N failed", with each failed test named just above it (CI shows the end of
// the output, and a failure that only flakes under load must be identifiable from it). Exits non-zero when anything failed or a package that has
// tests wrote no report (a crashed test run must not look green).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaceDirs = ['packages', '.'].flatMap((parent) =>
  parent === '.'
    ? ['bench'].map((name) => join(root, name))
    : readdirSync(join(root, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(root, parent, entry.name)),
);
const reportOf = (dir) => join(dir, 'test-results', 'vitest.json');
/** The package's report and any other suite's report that the same run wrote beside it. */
const reportsOf = (dir) =>
  readdirSync(join(dir, 'test-results'))
    .filter((name) => /^vitest.*\.json$/.test(name))
    .map((name) => join(dir, 'test-results', name));

if (process.argv.includes('--clean')) {
  for (const dir of workspaceDirs) rmSync(join(dir, 'test-results'), { recursive: true, force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
const failures = [];
const firstLine = (text) =>
  String(text ?? '')
    .split('\n')
    .find((line) => line.trim()) ?? '';
for (const dir of workspaceDirs) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const hasTests = Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test);
  if (!hasTests) continue;
  if (!existsSync(reportOf(dir))) {
    missing.push(dir.slice(root.length));
    continue;
  }
  for (const path of reportsOf(dir)) addReport(JSON.parse(readFileSync(path, 'utf8')));
}

function addReport(report) {
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A test file that failed to load has no tests in it: count it, or a broken import would pass.
  for (const file of report.testResults ?? []) {
    const where = relative(root, file.name);
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      failed += 1;
      failures.push(`${where}: ${firstLine(file.message)}`);
    }
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed')
        failures.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
}
for (const failure of failures) console.log(`FAILED ${failure.slice(0, 600)}`);
for (const dir of missing) console.error(`test-summary: ${dir} has a test script but wrote no report`);
failed += missing.length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
