/**
 * docs/api-contract.md marks what it knows: every fact is `[doc:<seed>]`, `[sibling]`, `[ours:<id>]` or
 * `[simulator-only]`, and each `[ours]` choice is tolerated both ways or mapped to an option of the
 * contract's options table (contract-choices.ts). A new guess added without either fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_CHOICES } from './contract-choices.js';

const contract = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'api-contract.md'), 'utf8');
const SEEDS = [
  '000_0d3c405709384324.txt',
  '001_caa76f81a264bdd4.txt',
  '002_3334bb1935d44e87.txt',
  '003_5be02048cd0c8c01.txt',
];
const MARK = /\[(?:doc:[^\]\s]+|help:energy-hub|sibling|ours:[a-z-]+|simulator-only)\]/;

const oursIds = new Set([...contract.matchAll(/\[ours:([a-z-]+)\]/g)].map((match) => match[1] as string));

function section(title: RegExp): string {
  const start = contract.search(title);
  if (start < 0) throw new Error(`No section ${String(title)} in the contract.`);
  const headingEnd = contract.indexOf('\n', start);
  const rest = contract.slice(headingEnd);
  const end = rest.search(/^#{1,3} /m);
  return end < 0 ? rest : rest.slice(0, end);
}

const optionsTable = section(/^### Options that adapt to the real API/m);

/** The bullets of §1..§6 with their continuation lines, each with its parent bullet (if nested). */
function bullets(): { text: string; parent: string | undefined }[] {
  const body = contract.slice(contract.search(/^## 1\. /m), contract.search(/^## 7\. /m));
  const found: { text: string; parent: string | undefined; indent: number }[] = [];
  let inCode = false;
  for (const line of body.split('\n')) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    if (inCode) continue;
    const bullet = /^(\s*)- /.exec(line);
    if (bullet) {
      const indent = bullet[1]?.length ?? 0;
      const parent = [...found].reverse().find((candidate) => candidate.indent < indent);
      found.push({ text: line, parent: parent?.text, indent });
    } else if (/^\s+\S/.test(line) && found.length > 0) {
      const last = found[found.length - 1] as { text: string };
      last.text += `\n${line}`;
    }
  }
  return found;
}

describe('docs/api-contract.md marks', () => {
  it('has [ours] choices, each tolerated both ways or mapped to an option of the options table', () => {
    expect(oursIds.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const id of oursIds) {
      const handling = CONTRACT_CHOICES[id];
      if (handling === undefined) {
        problems.push(`[ours:${id}] is neither tolerated nor configurable: add it to contract-choices.ts`);
      } else if ('tolerated' in handling) {
        if (handling.tolerated.trim() === '') problems.push(`[ours:${id}] says tolerated without how`);
      } else if (handling.options.length === 0) {
        problems.push(`[ours:${id}] maps to no option`);
      } else {
        for (const option of handling.options) {
          if (!optionsTable.includes(`\`${option}\``)) {
            problems.push(`[ours:${id}] maps to ${option}, which the options table does not list`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps no mapping for a choice the contract no longer makes', () => {
    expect(Object.keys(CONTRACT_CHOICES).filter((id) => !oursIds.has(id))).toEqual([]);
  });

  it('names an existing seed in every [doc] mark', () => {
    // From §1 on: §0 explains the marks with a placeholder.
    const body = contract.slice(contract.search(/^## 1\. /m));
    const cited = [...body.matchAll(/\[doc:([^\]]+)\]/g)].map((match) => match[1]);
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter((name) => !SEEDS.includes(name ?? ''))).toEqual([]);
    // Each seed is cited at least once: nothing the user gave was left out.
    expect(SEEDS.filter((seed) => !cited.includes(seed))).toEqual([]);
  });

  it('cites seed 002 only for what it says: alarm and organization values come from the help pages', () => {
    // Each stretch of text from a [doc:002] mark to the next mark is what the mark vouches for.
    const cited = [...contract.matchAll(/\[doc:002_3334bb1935d44e87\.txt\]([^[]*)/g)].map(
      (match) => match[1],
    );
    expect(cited.length).toBeGreaterThan(3);
    expect(cited.filter((text) => /priority|category|Region|Building/.test(text ?? ''))).toEqual([]);
  });

  it('marks every fact of §1-§6 (a bullet, or the simulator-only bullet it belongs to)', () => {
    const unmarked = bullets().filter(
      (bullet) =>
        !MARK.test(bullet.text) && !(bullet.parent !== undefined && /\[simulator-only\]/.test(bullet.parent)),
    );
    expect(unmarked.map((bullet) => bullet.text.split('\n')[0])).toEqual([]);
    // Every row of the OAuth endpoint table carries a mark too.
    const rows = section(/^## 1\. /m)
      .split('\n')
      .filter((line) => /^\| `?[a-z]/.test(line) && !/^\| what/.test(line));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.filter((row) => !MARK.test(row))).toEqual([]);
  });

  it('lists every option that adapts to the real API', () => {
    for (const option of [
      '`endpoints`',
      'energyHubGraphql',
      '`carbonDialect.fromParameter`',
      '`carbonDialect.toParameter`',
      '`carbonDialect.granularityParameter`',
      '`carbonDialect.granularityValues`',
      '`carbonDialect.pageParameter`',
      '`carbonDialect.pageSizeParameter`',
      '`carbonDialect.pageSize`',
      '`carbonDialect.maxRangeDays`',
      '`clientAuthentication`',
      '`basicCredentialsEncoding`',
      '`placement`',
      '`queryParameter`',
      '`headerName`',
      "`output: 'raw'`",
      '`carbonCredentials`',
      '`carbonDialect`',
    ]) {
      expect(optionsTable, option).toContain(option);
    }
  });

  it('marks the consent JSON API and the control API as simulator only', () => {
    const jsonApi = bullets().find((bullet) => /JSON API/.test(bullet.text) && /consents/.test(bullet.text));
    expect(jsonApi?.text).toMatch(/^- \[simulator-only\]/);
    expect(contract).toMatch(/^## 7\. Simulator control API — base `\/_sim` \[simulator-only\]$/m);
  });
});
