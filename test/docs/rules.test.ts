/**
 * docs/rules.md is the index of the rules the engine follows: every rule cited in `src/` has an
 * entry, every entry names files and tests that exist, and a file it names cites its rule. With
 * the specification beside the project (`../shared/docs/eg-semantics.md`), every rule it numbers
 * has an entry too.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = /\bR(\d+)\.(\d+)\b/g;

interface Entry {
  readonly id: string;
  readonly code: readonly string[] | 'not modelled';
  readonly tests: readonly { readonly file: string; readonly title?: string }[];
}

function entries(): Entry[] {
  const text = readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
  const out: Entry[] = [];
  for (const section of text.split(/^### /m).slice(1)) {
    const id = /^(R\d+\.\d+)\b/.exec(section)?.[1];
    if (id === undefined) continue;
    const codeLine = /^- Code: (.*)$/m.exec(section)?.[1] ?? '';
    const testLine = /^- Tests: (.*)$/m.exec(section)?.[1] ?? '';
    const code = codeLine.startsWith('not modelled')
      ? 'not modelled'
      : [...codeLine.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!);
    const tests = [...testLine.matchAll(/`([^`\s]+\.ts)`(?: — "([^"]+)")?/g)].map((m) =>
      m[2] === undefined ? { file: m[1]! } : { file: m[1]!, title: m[2] },
    );
    out.push({ id, code, tests });
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function rulesIn(text: string): Set<string> {
  return new Set([...text.matchAll(RULE)].map((m) => `R${m[1]}.${m[2]}`));
}

const index = entries();
const byId = new Map(index.map((e) => [e.id, e]));

describe('docs/rules.md', () => {
  test('has one entry per rule, each naming code (or saying it is not modelled) and tests', () => {
    expect(index.length).toBeGreaterThan(60);
    expect(new Set(index.map((e) => e.id)).size).toBe(index.length);
    for (const e of index) {
      if (e.code === 'not modelled') continue;
      expect(e.code.length, `${e.id} names no file`).toBeGreaterThan(0);
      expect(e.tests.length, `${e.id} names no test`).toBeGreaterThan(0);
    }
  });

  test('every file an entry names exists, and at least one of them cites the rule', () => {
    const problems: string[] = [];
    for (const e of index) {
      if (e.code === 'not modelled') continue;
      let cited = false;
      for (const f of e.code) {
        const p = path.join(root, f);
        if (!existsSync(p)) problems.push(`${e.id}: ${f} does not exist`);
        else if (rulesIn(readFileSync(p, 'utf8')).has(e.id)) cited = true;
      }
      if (!cited) problems.push(`${e.id}: none of ${e.code.join(', ')} cites it`);
    }
    expect(problems).toEqual([]);
  });

  test('every test an entry names exists: the file, and the test title in it', () => {
    const problems: string[] = [];
    for (const e of index) {
      for (const t of e.tests) {
        const p = path.join(root, t.file);
        if (!existsSync(p)) problems.push(`${e.id}: ${t.file} does not exist`);
        else if (t.title !== undefined && !readFileSync(p, 'utf8').includes(t.title))
          problems.push(`${e.id}: no test "${t.title}" in ${t.file}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every rule cited in src/ (tags, explain reasons, lint findings) has an entry', () => {
    const missing = new Set<string>();
    for (const f of sources(path.join(root, 'src'))) {
      for (const id of rulesIn(readFileSync(f, 'utf8'))) {
        if (!byId.has(id)) missing.add(`${id} (${path.relative(root, f)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  const spec = path.resolve(root, '../shared/docs/eg-semantics.md');
  test.skipIf(!existsSync(spec))('every rule the specification numbers has an entry', () => {
    const numbered = new Set(
      [...readFileSync(spec, 'utf8').matchAll(/^(?:\* )?\*\*(R\d+\.\d+)\b/gm)].map((m) => m[1]!),
    );
    expect(numbered.size).toBeGreaterThan(60);
    expect([...numbered].filter((id) => !byId.has(id))).toEqual([]);
  });
  if (!existsSync(spec))
    console.warn(`[rules] ${spec} is absent: the check against the specification is skipped`);
});
