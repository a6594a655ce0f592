// Runs one leg of n8n's community package scanner and prints its result as JSON:
//   node scan.mjs <directory> tarball|sources
// A process of its own, as the scanner runs in n8n's pipeline: its n8n-nodes-base rules switch to a
// test mode under NODE_ENV=test (every file becomes "Test.node.ts"), which a test runner sets.
import process from 'node:process';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

/** The two legs of the scanner's analyzePackageByName. */
const LEGS = {
  /** The published tarball: its compiled JavaScript and its manifest. */
  tarball: ['**/*.js', 'package.json'],
  /** The sources the provenance points at: what `n8n-node lint` covers. */
  sources: SOURCE_FILE_PATTERNS,
};

const [directory, leg] = process.argv.slice(2);
if (!directory || !(leg in LEGS)) throw new Error('usage: node scan.mjs <directory> tarball|sources');
const { passed, message, details } = await analyzePackage(directory, LEGS[leg]);
process.stdout.write(JSON.stringify({ passed, message, details }));
