/**
 * The whole pipeline never throws on user input: the bundled example's objects, with any member
 * anywhere replaced by any JSON value (objects with their own `toString` or `valueOf` members
 * included), still load, resolve, merge, write status, explain and lint.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { explain, lint, loadManifests, policyStatus, simulate } from 'gateway-policy-sim';
import { expect } from 'vitest';
import { memberPaths } from '../_support/json-paths.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (f.endsWith('.yaml')) out.push(p);
  }
  return out;
}

/** The example's objects, as plain data. */
const OBJECTS: readonly Record<string, unknown>[] = yamlFiles(examples).flatMap((f) =>
  loadManifests({ file: f, text: readFileSync(f, 'utf8') }).resources.map(
    (r) => structuredClone(r.object) as Record<string, unknown>,
  ),
);

/** A copy of `v` with the value at `at` replaced. */
function replaced(v: unknown, at: readonly (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaced(x, rest, value) : x));
  const o = v as Record<string, unknown>;
  return { ...o, [head as string]: replaced(o[head as string], rest, value) };
}

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom({ toString: '' }, { valueOf: 1 }, { toString: { toString: 0 } }, [{ toString: [] }]),
);

/** Up to four replacements, each: an object (by position), a path inside it (by position), a value. */
const edits = fc.array(fc.tuple(fc.nat(), fc.nat(), junk), { minLength: 1, maxLength: 4 });

test.prop([edits], { numRuns: 60 })(
  'no stage throws on the example with any member replaced by any JSON value',
  (changes) => {
    const objects = OBJECTS.map((o) => o as unknown);
    for (const [which, where, value] of changes) {
      const i = which % objects.length;
      const all = memberPaths(objects[i]);
      if (all.length === 0) continue;
      objects[i] = replaced(objects[i], all[where % all.length]!, value);
    }
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
    for (const admission of ['reject', 'report'] as const) {
      const r = simulate({ file: 'edited.json', text }, { admission, topology: { enableLua: true } });
      expect(() => policyStatus(r.resolution)).not.toThrow();
      expect(() => explain(r.resolution)).not.toThrow();
      expect(() => lint(r.resolution)).not.toThrow();
    }
  },
);
