/**
 * Merge functions on objects handed in directly: any depth for the functions that have no
 * diagnostics (`jsonMerge`, `provenanceOf`), the loader's limit with a diagnostic for the others.
 * `JSON.parse` builds such objects from valid JSON.
 */
import { jsonMerge, mergePolicies, provenanceOf, strategicMerge } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { goMarshal } from '../../src/merge/go-marshal.js';

const DEPTH = 10_000;
const deep = (leaf: unknown): unknown =>
  JSON.parse(`${'{"a":'.repeat(DEPTH)}${JSON.stringify(leaf)}${'}'.repeat(DEPTH)}`);

/** The value at the end of the chain of `a` members, and how many there were. */
function bottom(v: unknown): [unknown, number] {
  let n = 0;
  let x = v;
  while (typeof x === 'object' && x !== null && 'a' in x) {
    x = (x as { a: unknown }).a;
    n += 1;
  }
  return [x, n];
}

/** A chain of `levels` objects each referencing the next twice: 2^levels values once expanded. */
function doubling(levels: number): unknown {
  let shared: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i += 1) shared = { a: shared, b: shared };
  return shared;
}

describe('jsonMerge', () => {
  test('merges 10,000 nested objects (it overflowed the stack)', () => {
    const merged = jsonMerge(deep(1), deep(2));

    expect(bottom(merged)).toEqual([2, DEPTH]);
  });

  test('a null at the bottom of 10,000 levels deletes there', () => {
    const merged = jsonMerge(deep({ keep: 1, drop: 2 }), deep({ drop: null }));

    expect(bottom(merged)).toEqual([{ keep: 1 }, DEPTH]);
  });

  test('a cycle or an exponential DAG is a programmer error, thrown at once (it hung or overflowed)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    expect(() => jsonMerge({}, cyclic)).toThrow(/GWP-API-BAD-ARGUMENT.*cycle/);
    expect(() => jsonMerge(doubling(40), {})).toThrow(/GWP-API-BAD-ARGUMENT.*excessive-aliasing/);
  });
});

describe('provenanceOf', () => {
  test('flattens 10,000 nested objects', () => {
    expect(provenanceOf(deep(1), 'ns/p')).toEqual({ [`/a`.repeat(DEPTH)]: 'ns/p' });
  });
});

describe('functions with diagnostics refuse what the loader refuses', () => {
  test('strategicMerge: GWP-MERGE-NOT-JSON, ok: false (it overflowed the stack; it documents it never throws)', () => {
    const r = strategicMerge(deep(1), deep(2));

    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.location?.pointer])).toEqual([
      ['GWP-MERGE-NOT-JSON', '/a'.repeat(128)],
      ['GWP-MERGE-NOT-JSON', '/a'.repeat(128)],
    ]);
  });

  test('goMarshal: a deep value in a raw JSON field is refused, value null', () => {
    const policy = {
      kind: 'EnvoyExtensionPolicy',
      metadata: { name: 'w' },
      spec: { wasm: [{ config: deep(1) }] },
    };

    const r = goMarshal(policy, 'EnvoyExtensionPolicy');

    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-MERGE-NOT-JSON']);
  });

  test('mergePolicies: deep, cyclic and exponentially shared policies give ok: false', () => {
    const cyclic: Record<string, unknown> = { kind: 'SecurityPolicy', metadata: { name: 'c' } };
    cyclic.spec = cyclic;
    const parent = { kind: 'SecurityPolicy', metadata: { name: 'p' }, spec: {} };

    for (const route of [
      { kind: 'SecurityPolicy', metadata: { name: 'r' }, spec: deep(1) },
      cyclic,
      { kind: 'SecurityPolicy', spec: doubling(40) },
    ]) {
      const r = mergePolicies(parent, route, 'JSONMerge');

      expect(r.ok).toBe(false);
      expect(r.diagnostics.map((d) => d.code)).toContain('GWP-MERGE-NOT-JSON');
    }
  });
});
