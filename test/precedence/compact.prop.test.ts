/**
 * The compact data structures of the engine (`src/precedence/_internal/compact/`, and the counted
 * scope graph) behave as the plain structures they stand for.
 */
import { fc, test } from '@fast-check/vitest';
import type { Scope } from 'gateway-policy-sim';
import { expect } from 'vitest';
import { DenseTable } from '../../src/precedence/_internal/compact/dense-table.js';
import { FormMemo } from '../../src/precedence/_internal/compact/form-memo.js';
import { containerOf, keyOf, withKey } from '../../src/precedence/_internal/compact/scope-keys.js';
import { fitted, NONE, pushTo, rightSized } from '../../src/precedence/_internal/compact/small-lists.js';
import { CountedScopeGraph } from '../../src/precedence/_internal/counted-graph.js';
import { type Pass, targetScope, targetScopeKey } from '../../src/precedence/_internal/passes.js';
import { resourceScope, scope, scopeKey } from '../../src/precedence/scope.js';

const op = fc.oneof(
  fc.record({ op: fc.constant('set' as const), id: fc.nat(40), value: fc.string() }),
  fc.record({ op: fc.constant('delete' as const), id: fc.nat(40) }),
);

test.prop([fc.array(op, { maxLength: 60 })], { numRuns: 100 })(
  'a DenseTable answers every id as a Map would after the same sets and deletes',
  (ops) => {
    const table = new DenseTable<string>(41);
    const map = new Map<number, string>();
    for (const o of ops) {
      if (o.op === 'set') {
        table.set(o.id, o.value);
        map.set(o.id, o.value);
      } else {
        table.delete(o.id);
        map.delete(o.id);
      }
    }
    for (let id = 0; id <= 40; id++) expect(table.get(id)).toBe(map.get(id));
  },
);

test.prop([fc.array(fc.integer(), { maxLength: 30 })], { numRuns: 100 })(
  'a list built with pushTo from NONE and cut to size holds what push would, and NONE stays empty',
  (items) => {
    let list: number[] = NONE;
    for (const x of items) list = pushTo(list, x);
    expect(fitted(list)).toEqual(items);
    expect(rightSized([...items])).toEqual(items);
    expect(NONE).toEqual([]);
    expect(Object.isFrozen(NONE)).toBe(true);
  },
);

test.prop(
  [
    fc.array(
      fc.record({
        object: fc.nat(4),
        form: fc.nat(5),
        gateway: fc.option(fc.constantFrom('', 'a/gw', 'b/gw')),
        value: fc.option(fc.string()),
      }),
      { maxLength: 40 },
    ),
  ],
  { numRuns: 100 },
)('a FormMemo answers as a map keyed by object, form and Gateway', (writes) => {
  const objects = [{}, {}, {}, {}, {}];
  const memo = new FormMemo<string | null>(6);
  const reference = new Map<object, Map<string, string | null>>();
  const slot = (form: number, gateway: string | null): string =>
    gateway === null ? `${form}` : `${form}|${gateway}`;
  for (const w of writes) {
    const o = objects[w.object]!;
    memo.set(o, w.form, w.gateway ?? undefined, w.value);
    const m = reference.get(o) ?? new Map<string, string | null>();
    reference.set(o, m);
    m.set(slot(w.form, w.gateway), w.value);
  }
  for (const o of objects)
    for (let form = 0; form < 6; form++)
      for (const gateway of [null, '', 'a/gw', 'b/gw'])
        expect(memo.get(o, form, gateway ?? undefined)).toBe(reference.get(o)?.get(slot(form, gateway)));
});

const name = fc.constantFrom('a', 'b', 'c');
const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  name.map((n) => scope('Gateway', { kind: 'Gateway', namespace: 'ns', name: n })),
  fc
    .tuple(name, name)
    .map(([n, s]) => scope('GatewayListener', { kind: 'Gateway', namespace: 'ns', name: n, section: s })),
  name.map((n) => scope('ListenerSet', { kind: 'ListenerSet', namespace: 'ns', name: n })),
  fc
    .tuple(name, name)
    .map(([n, s]) =>
      scope('ListenerSetListener', { kind: 'ListenerSet', namespace: 'ns', name: n, section: s }),
    ),
  name.map((n) => scope('Route', { kind: 'HTTPRoute', namespace: 'ns', name: n })),
  fc
    .tuple(name, name)
    .map(([n, s]) => scope('RouteRule', { kind: 'HTTPRoute', namespace: 'ns', name: n, section: s })),
);

test.prop([scopeArb], { numRuns: 100 })(
  'keyOf and containerOf equal scopeKey and resourceScope, once per object',
  (s) => {
    expect(keyOf(s)).toBe(scopeKey(s));
    expect(keyOf(s)).toBe(keyOf(s));
    expect(containerOf(s)).toEqual(resourceScope(s));
    expect(containerOf(s)).toBe(containerOf(s));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  },
);

test.prop([fc.array(fc.tuple(scopeArb, scopeArb, fc.constantFrom(1, -1)), { maxLength: 40 })], {
  numRuns: 100,
})('a counted scope graph holds exactly the edges added more often than withdrawn', (edits) => {
  const graph = new CountedScopeGraph();
  const counts = new Map<string, { parent: Scope; child: Scope; n: number }>();
  for (const [parent, child, delta] of edits) {
    const k = `${scopeKey(parent)} > ${scopeKey(child)}`;
    const cur = counts.get(k);
    // Withdrawing what was never added is a no-op for both.
    if (delta < 0 && (cur === undefined || cur.n <= 0)) continue;
    graph.add(parent, child, delta);
    counts.set(k, { parent, child, n: (cur?.n ?? 0) + delta });
  }
  const expected = new Map<string, Set<string>>();
  for (const { parent, child, n } of counts.values()) {
    if (n <= 0) continue;
    const set = expected.get(scopeKey(parent)) ?? new Set<string>();
    set.add(scopeKey(child));
    expected.set(scopeKey(parent), set);
  }
  for (const [parent] of edits)
    expect(new Set(graph.directChildren(parent).keys())).toEqual(expected.get(scopeKey(parent)) ?? new Set());
});

test.prop(
  [
    fc.constantFrom(1, 2, 3, 4, 5, 6) as fc.Arbitrary<Pass>,
    fc.record({
      kind: fc.constantFrom('Gateway', 'ListenerSet', 'HTTPRoute', 'Service'),
      namespace: fc.constantFrom('ns', 'other'),
      name: fc.constantFrom('a', 'b'),
      sectionName: fc.option(fc.constantFrom('', 'x')),
    }),
  ],
  { numRuns: 100 },
)('the key a target names in a pass, built without the scope, is the scope key', (pass, t) => {
  const target = { ...t, group: '', refIndex: 0, selectorIndex: null };
  const key = targetScopeKey(pass, target);
  expect(key).toBe(scopeKey(targetScope(pass, target)));
  expect(keyOf(withKey(targetScope(pass, target), key))).toBe(key);
});
