import fc from 'fast-check';
import { jsonMerge, type MergeSchema, strategicMerge } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import {
  canonical,
  jsonObject,
  jsonValue,
  noNullArrayObject,
  noNullArrayValue,
  PROTO_KEYS,
} from './arbitraries.js';

const numRuns = 200;
const schema: MergeSchema = { fields: { l: { patchStrategy: 'merge', patchMergeKey: 'name' } } };
const item = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd', 'e', '__proto__'),
  v: fc.integer({ min: 0, max: 5 }),
});
/** A keyed list whose names are unique (what a valid parent holds). */
const uniqueList = fc.uniqueArray(item, { selector: (x) => x.name, maxLength: 5 });
const names = (v: unknown): string[] => ((v as { l: { name: string }[] }).l ?? []).map((x) => x.name);

describe('strategicMerge laws', () => {
  test('strategic merge with no schema equals JSON merge on inputs whose arrays hold no nulls', () => {
    fc.assert(
      fc.property(noNullArrayValue, noNullArrayObject, (t, p) => {
        const r = strategicMerge(t, p);
        expect(r.ok).toBe(true);
        expect(canonical(r.merged)).toBe(canonical(jsonMerge(t, p)));
      }),
      { numRuns },
    );
  });

  test('a merged keyed list holds each key once', () => {
    fc.assert(
      fc.property(uniqueList, fc.array(item, { maxLength: 5 }), (parent, patch) => {
        const r = strategicMerge({ l: parent }, { l: patch }, schema);
        const ns = names(r.merged);
        expect(new Set(ns).size).toBe(ns.length);
        expect(new Set(ns)).toEqual(new Set([...parent, ...patch].map((x) => x.name)));
      }),
      { numRuns },
    );
  });

  test("the parent's items that the patch does not name keep their relative order", () => {
    fc.assert(
      fc.property(uniqueList, fc.array(item, { maxLength: 5 }), (parent, patch) => {
        const inPatch = new Set<string>(patch.map((x) => x.name));
        const parentOnly: string[] = parent.map((x) => x.name).filter((n) => !inPatch.has(n));
        const out = names(strategicMerge({ l: parent }, { l: patch }, schema).merged).filter((n) =>
          parentOnly.includes(n),
        );
        expect(out).toEqual(parentOnly);
      }),
      { numRuns },
    );
  });

  test("the patch's items keep the patch's relative order", () => {
    fc.assert(
      fc.property(uniqueList, uniqueList, (parent, patch) => {
        const inPatch: string[] = patch.map((x) => x.name);
        const out = names(strategicMerge({ l: parent }, { l: patch }, schema).merged).filter((n) =>
          inPatch.includes(n),
        );
        expect(out).toEqual(inPatch);
      }),
      { numRuns },
    );
  });

  test('strategicMerge mutates neither input', () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, uniqueList, fc.array(item, { maxLength: 4 }), (t, p, pl, ql) => {
        const original = { t, l: pl };
        const patch = { t: p, l: ql };
        const before = canonical([original, patch]);
        strategicMerge(original, patch, schema);
        expect(canonical([original, patch])).toBe(before);
      }),
      { numRuns },
    );
  });

  test('__proto__, constructor and prototype keys never reach Object.prototype and stay plain data', () => {
    fc.assert(
      fc.property(jsonObject, fc.constantFrom(...PROTO_KEYS), (t, k) => {
        const target = JSON.parse(`{"${k}":{"polluted":1},"x":${JSON.stringify(t)}}`);
        const patch = Object.fromEntries([[k, { polluted: 2, prototype: { polluted: 3 } }]]);
        const r = strategicMerge(target, patch, schema);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        const out = r.merged as Record<string, unknown>;
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
        expect(canonical(out[k])).toBe(canonical({ polluted: 2, prototype: { polluted: 3 } }));
      }),
      { numRuns },
    );
  });
});
