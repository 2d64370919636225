import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeDocuments } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { egTestData } from '../_support/eg-testdata.js';

const dir = egTestData('utils-merge');
const present = existsSync(dir);
if (!present) console.warn(`[test/merge] ${dir} is absent: the utils-merge fixture suite is skipped`);

const cases = present
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.in.yaml'))
      .map((f) => f.slice(0, -'.in.yaml'.length))
      .sort()
  : [];
const types = [
  ['StrategicMerge', 'strategicmerge'],
  ['JSONMerge', 'jsonmerge'],
] as const;

describe.skipIf(!present)("Envoy Gateway's utils-merge fixtures (TestMergePolicy)", () => {
  test('there are four fixture sets', () => {
    expect(cases).toHaveLength(4);
  });

  for (const name of cases) {
    for (const [type, suffix] of types) {
      test(`${name} ${type} reproduces ${name}.${suffix}.out.yaml exactly`, () => {
        const read = (ext: string) => readFileSync(path.join(dir, `${name}.${ext}`), 'utf8');
        const parentText = read('in.yaml');
        const patchText = read('patch.yaml');
        const parent = parse(parentText) as unknown;
        const patch = parse(patchText) as unknown;
        const parentBefore = structuredClone(parent);
        const patchBefore = structuredClone(patch);

        const fromText = mergeDocuments(parentText, patchText, type, {
          parentFile: `${name}.in.yaml`,
          patchFile: `${name}.patch.yaml`,
        });
        const fromObjects = mergeDocuments(parent, patch, type);

        expect(fromText.ok).toBe(true);
        expect(fromText.merged).toStrictEqual(parse(read(`${suffix}.out.yaml`)));
        expect(fromObjects.merged).toStrictEqual(fromText.merged);
        expect(fromText.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(parent).toStrictEqual(parentBefore);
        expect(patch).toStrictEqual(patchBefore);
      });
    }
  }
});
