import { type MergeSchema, mergeSchemaFromPaths, strategicMerge } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

const byName: MergeSchema = { fields: { l: { patchStrategy: 'merge', patchMergeKey: 'name' } } };
const set: MergeSchema = { fields: { l: { patchStrategy: 'merge' } } };
const names = (v: unknown): unknown => ((v as { l: { name: string }[] }).l ?? []).map((x) => x.name);

function merged(original: unknown, patch: unknown, schema?: MergeSchema): unknown {
  const r = strategicMerge(original, patch, schema);
  expect(r.diagnostics).toEqual([]);
  return r.merged;
}

describe('strategicMerge: objects, nulls and lists without a schema', () => {
  test('objects merge recursively and null deletes', () => {
    expect(merged({ a: { b: 1, c: 2 }, d: 3 }, { a: { b: null, e: 4 }, d: null })).toStrictEqual({
      a: { c: 2, e: 4 },
    });
  });
  test('with no schema every list is replaced', () => {
    expect(merged({ l: [{ name: 'a', v: 1 }] }, { l: [{ name: 'b' }] })).toStrictEqual({
      l: [{ name: 'b' }],
    });
  });
  test('a new member loses its null sub-members (IgnoreUnmatchedNulls)', () => {
    expect(merged({}, { a: { b: null, c: [{ d: null, e: 1 }] } })).toStrictEqual({ a: { c: [{ e: 1 }] } });
  });
  test('a replaced list keeps the patch as written', () => {
    expect(merged({ l: [1] }, { l: [{ a: null }] })).toStrictEqual({ l: [{ a: null }] });
  });
  test('patchStrategy replace on an object replaces it wholesale', () => {
    const schema: MergeSchema = { fields: { o: { patchStrategy: 'replace' } } };
    expect(merged({ o: { a: 1, b: 2 } }, { o: { b: 3 } }, schema)).toStrictEqual({ o: { b: 3 } });
  });
});

describe('strategicMerge: keyed lists (apimachinery mergeSortedSlice order)', () => {
  test('new patch items come before parent-only items', () => {
    const schema: MergeSchema = {
      fields: { httpUpgrade: { patchStrategy: 'merge', patchMergeKey: 'type' } },
    };
    expect(
      merged({ httpUpgrade: [{ type: 'websocket' }] }, { httpUpgrade: [{ type: 'spdy/3.1' }] }, schema),
    ).toStrictEqual({ httpUpgrade: [{ type: 'spdy/3.1' }, { type: 'websocket' }] });
  });
  test('a matched item merges key by key, and the parent order places parent-only items', () => {
    const out = merged(
      {
        l: [
          { name: 'a', x: 1 },
          { name: 'b', x: 2 },
          { name: 'c', x: 3 },
        ],
      },
      { l: [{ name: 'b', y: 9 }, { name: 'new' }] },
      byName,
    );
    expect(out).toStrictEqual({
      l: [{ name: 'a', x: 1 }, { name: 'b', x: 2, y: 9 }, { name: 'new' }, { name: 'c', x: 3 }],
    });
  });
  test('the patch may reorder the items it names', () => {
    expect(
      names(
        merged(
          { l: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
          { l: [{ name: 'c' }, { name: 'a' }] },
          byName,
        ),
      ),
    ).toEqual(['b', 'c', 'a']);
  });
  test('items schema applies inside matched items', () => {
    const schema = mergeSchemaFromPaths({
      '/l': { patchStrategy: 'merge', patchMergeKey: 'name' },
      '/l/*/ports': { patchStrategy: 'merge' },
    });
    expect(
      merged({ l: [{ name: 'a', ports: [80] }] }, { l: [{ name: 'a', ports: [443] }] }, schema),
    ).toStrictEqual({
      l: [{ name: 'a', ports: [443, 80] }],
    });
  });
  test('a patch item without the merge key is refused with a diagnostic', () => {
    const r = strategicMerge({ l: [{ name: 'a' }] }, { l: [{ other: 1 }] }, byName);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]?.code).toBe('GWP-MERGE-STRATEGIC-PATCH');
    expect(r.diagnostics[0]?.location?.pointer).toBe('/l');
  });
  test('mixed element types are refused', () => {
    expect(strategicMerge({ l: [1] }, { l: ['x'] }, set).ok).toBe(false);
  });
});

describe('strategicMerge: primitive lists with patchStrategy merge', () => {
  test('they merge as a set: new values first, then parent values placed by the parent order', () => {
    expect(merged({ l: ['a', 'b'] }, { l: ['c', 'b'] }, set)).toStrictEqual({ l: ['c', 'a', 'b'] });
    expect(merged({ l: ['a', 'b', 'c'] }, { l: ['b', 'b'] }, set)).toStrictEqual({ l: ['a', 'b', 'c'] });
  });
  test('$deleteFromPrimitiveList/<field> removes values', () => {
    expect(merged({ l: ['a', 'b', 'c'] }, { '$deleteFromPrimitiveList/l': ['b'] }, set)).toStrictEqual({
      l: ['a', 'c'],
    });
  });
  test('$deleteFromPrimitiveList works on a replace list too', () => {
    expect(merged({ l: ['a', 'b'] }, { '$deleteFromPrimitiveList/l': ['a'] })).toStrictEqual({ l: ['b'] });
  });
});

describe('strategicMerge: $patch directives', () => {
  test('$patch: replace in an object replaces it', () => {
    expect(merged({ o: { a: 1, b: 2 } }, { o: { $patch: 'replace', c: 3 } })).toStrictEqual({ o: { c: 3 } });
  });
  test('$patch: delete in an object empties it', () => {
    expect(merged({ o: { a: 1 }, k: 1 }, { o: { $patch: 'delete' } })).toStrictEqual({ o: {}, k: 1 });
  });
  test('$patch: replace as a list element replaces the keyed list', () => {
    expect(
      merged({ l: [{ name: 'a' }, { name: 'b' }] }, { l: [{ name: 'c' }, { $patch: 'replace' }] }, byName),
    ).toStrictEqual({
      l: [{ name: 'c' }],
    });
  });
  test('$patch: delete as a list element deletes the item with that key', () => {
    expect(
      names(merged({ l: [{ name: 'a' }, { name: 'b' }] }, { l: [{ name: 'a', $patch: 'delete' }] }, byName)),
    ).toEqual(['b']);
  });
  test('$patch: merge as a list element is refused, as in Kubernetes', () => {
    expect(strategicMerge({ l: [{ name: 'a' }] }, { l: [{ name: 'a', $patch: 'merge' }] }, byName).ok).toBe(
      false,
    );
  });
  test('an unknown $patch value is refused', () => {
    const r = strategicMerge({ o: {} }, { o: { $patch: 'frobnicate' } });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]?.location?.pointer).toBe('/o');
  });
  test('a new member holding $patch is dropped', () => {
    expect(merged({ k: 1 }, { o: { $patch: 'replace', a: 1 } })).toStrictEqual({ k: 1 });
  });
});

describe('strategicMerge: $retainKeys and $setElementOrder', () => {
  test('$retainKeys clears the members it does not name', () => {
    expect(merged({ o: { a: 1, b: 2, c: 3 } }, { o: { $retainKeys: ['a', 'd'], d: 4 } })).toStrictEqual({
      o: { a: 1, d: 4 },
    });
  });
  test('$retainKeys must name every member the patch sets', () => {
    expect(strategicMerge({ o: { a: 1 } }, { o: { $retainKeys: ['a'], b: 2 } }).ok).toBe(false);
  });
  test('$setElementOrder/<field> orders a keyed list', () => {
    const out = merged(
      { l: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      { '$setElementOrder/l': [{ name: 'c' }, { name: 'b' }, { name: 'a' }], l: [{ name: 'b', v: 1 }] },
      byName,
    );
    expect(out).toStrictEqual({ l: [{ name: 'c' }, { name: 'b', v: 1 }, { name: 'a' }] });
  });
  test('$setElementOrder/<field> orders a primitive set', () => {
    expect(merged({ l: ['a', 'b'] }, { '$setElementOrder/l': ['b', 'c', 'a'], l: ['c'] }, set)).toStrictEqual(
      {
        l: ['b', 'c', 'a'],
      },
    );
  });
  test('an order list that contradicts the patch list is refused', () => {
    const r = strategicMerge({ l: ['a'] }, { '$setElementOrder/l': ['a'], l: ['z'] }, set);
    expect(r.ok).toBe(false);
  });
});

describe('strategicMerge: top level and inputs', () => {
  test('a non-object patch replaces, a non-object original counts as {}', () => {
    expect(merged({ a: 1 }, [1])).toStrictEqual([1]);
    expect(merged('x', { a: 1, b: null })).toStrictEqual({ a: 1 });
  });
  test('inputs are not mutated and the result shares nothing with them', () => {
    const original = { l: [{ name: 'a', x: { y: 1 } }], o: { p: 1 } };
    const patch = { l: [{ name: 'a', z: 2 }], o: { q: 2 } };
    const before = structuredClone([original, patch]);
    const out = merged(original, patch, byName) as { l: { x: { y: number } }[] };
    (out.l[0] as { x: { y: number } }).x.y = 42;
    expect([original, patch]).toStrictEqual(before);
  });
});
