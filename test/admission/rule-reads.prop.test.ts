/**
 * Laws of the static look at CEL rules (`rule-reads.ts`) and of projection keys, over every rule
 * of the shipped CRDs: values with the same projection key get the same result from the rule
 * (evaluated plainly by `@bufbuild/cel`), and a rule whose guard field is absent is true. Values
 * are drawn from tiny domains so that keys repeat; examples pin what the look finds.
 */

import { isCelError, parse } from '@bufbuild/cel';
import { RE2JS } from '@bufbuild/re2';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { kubernetesCelEnv } from '../../src/admission/_internal/cel/cel-environment.js';
import { RuleCompiler } from '../../src/admission/_internal/cel/cel-rules.js';
import { celValueOf } from '../../src/admission/_internal/cel/cel-values.js';
import { projectionKey } from '../../src/admission/_internal/cel/projection-key.js';
import { guardAbsent, stringTester } from '../../src/admission/_internal/cel/rule-memo.js';
import {
  type ReadNode,
  readsAt,
  ruleGuards,
  ruleReads,
  settleStringTests,
} from '../../src/admission/_internal/cel/rule-reads.js';
import { decodeSchemaNodes } from '../../src/admission/_internal/schema-node.js';
import type { RuleData } from '../../src/admission/crd-data.js';
import { CRD_DATA, narrowValueOf } from '../_support/crd-arbitrary.js';

const NODES = decodeSchemaNodes(CRD_DATA.nodes);
const re2 = { compile: (p: string) => RE2JS.compile(p) };
const compiler = new RuleCompiler(kubernetesCelEnv(re2));
const tester = stringTester(re2);

/** Every (node, rule) of the shipped data that the simulator evaluates on create. */
const SITES: { readonly node: number; readonly rule: RuleData }[] = CRD_DATA.nodes.flatMap((n, node) =>
  (n.v ?? [])
    .filter((rule) => !compiler.isTransition(rule.r) && compiler.compile(rule.r).ok)
    .map((rule) => ({ node, rule })),
);

/** The rule's result on a value: true, false, or the error text. */
function resultOf(site: (typeof SITES)[number], value: unknown): unknown {
  const compiled = compiler.compile(site.rule.r);
  if (!compiled.ok) throw new Error(compiled.reason);
  const r = compiled.run({ self: celValueOf(value, NODES[site.node]) });
  return isCelError(r) ? `error: ${r.message}` : r;
}

describe('every rule of the shipped CRDs', () => {
  test('there are rules to check, and most of them have bounded reads', () => {
    expect(SITES.length).toBeGreaterThan(250);
    const bounded = SITES.filter((s) => ruleReads(parse(s.rule.r).expr) !== undefined);
    expect(bounded.length / SITES.length).toBeGreaterThan(0.8);
  });

  test.prop([fc.constantFrom(...SITES.keys()), fc.integer()], { numRuns: 600 })(
    'values with the same projection key get the same result, and an absent guard field means true',
    (i, seed) => {
      const site = SITES[i]!;
      const expr = parse(site.rule.r).expr;
      // As the memo keys it: a scalar's whole value where the rule reads all of self.
      const reads = settleStringTests(readsAt(expr, NODES[site.node]), NODES[site.node]);
      const keyOf = reads === undefined ? undefined : projectionKey(reads, tester);
      const guards = ruleGuards(expr);
      const values = fc.sample(narrowValueOf(site.node), { numRuns: 40, seed });
      const byKey = new Map<string, unknown>();
      for (const v of values) {
        const result = resultOf(site, v);
        for (const g of guards) if (guardAbsent(v, g)) expect(result, site.rule.r).toBe(true);
        if (keyOf === undefined) continue;
        const key = keyOf(v);
        if (key === undefined) continue;
        if (byKey.has(key)) expect(result, `${site.rule.r} on ${JSON.stringify(v)}`).toEqual(byKey.get(key));
        else byKey.set(key, result);
      }
    },
  );
});

/** Whether a settled read tree reads a string through tests somewhere. */
function hasTests(r: ReadNode | undefined): boolean {
  if (r === undefined) return false;
  return r.tests.size > 0 || [...r.fields.values(), ...r.indexes.values()].some(hasTests) || hasTests(r.each);
}

/** The arguments of every string test in a read tree. */
function testArgs(r: ReadNode | undefined): string[] {
  if (r === undefined) return [];
  return [
    ...[...r.tests.values()].map((t) => t.arg),
    ...[...r.fields.values(), ...r.indexes.values()].flatMap(testArgs),
    ...testArgs(r.each),
  ];
}

/** Every string leaf of a value replaced, in order, by the given strings (cycled). */
function respell(v: unknown, strings: readonly string[], at = { i: 0 }): unknown {
  if (typeof v === 'string') return strings[at.i++ % strings.length];
  if (Array.isArray(v)) return v.map((x) => respell(x, strings, at));
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, respell(x, strings, at)]));
  return v;
}

/** Each value respelled with its strings: values with the same key get the same result. */
function expectSameResultsBySameKey(
  site: (typeof SITES)[number],
  keyOf: (v: unknown) => string | undefined,
  values: readonly (readonly [unknown, readonly string[]])[],
): void {
  const byKey = new Map<string, unknown>();
  for (const [v0, strings] of values) {
    const v = respell(v0, strings);
    const result = resultOf(site, v);
    const key = keyOf(v);
    if (key === undefined) continue;
    if (byKey.has(key)) expect(result, `${site.rule.r} on ${JSON.stringify(v)}`).toEqual(byKey.get(key));
    else byKey.set(key, result);
  }
}

describe('rules that read strings through tests (startsWith, endsWith, contains, matches)', () => {
  const TESTED = SITES.filter((s) =>
    hasTests(settleStringTests(ruleReads(parse(s.rule.r).expr), NODES[s.node])),
  );

  test('there are such rules (the path rules of HTTPRoute and GRPCRoute among them)', () => {
    expect(TESTED.some((s) => s.rule.r.includes("self.value.startsWith('/')"))).toBe(true);
  });

  test.prop([fc.constantFrom(...TESTED.keys()), fc.integer()], { numRuns: 200 })(
    'strings with the same test answers get the same result',
    (i, seed) => {
      const site = TESTED[i]!;
      const expr = parse(site.rule.r).expr;
      const reads = settleStringTests(ruleReads(expr), NODES[site.node])!;
      const keyOf = projectionKey(reads, tester);
      // Strings made of the tests' own arguments and of characters that tell them apart.
      const pieces = [
        ...new Set([...testArgs(reads), '/', '.', '%', '2', 'f', 'F', '#', 'a', 'Z', '~', ' ', 'é']),
      ];
      const text = fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((a) => a.join(''));
      const values = fc.sample(
        fc.tuple(narrowValueOf(site.node), fc.array(text, { minLength: 4, maxLength: 4 })),
        { numRuns: 60, seed },
      );
      expectSameResultsBySameKey(site, keyOf, values);
    },
  );

  test('a path rule reads the path only through its tests; a byte string is read whole', () => {
    const r = ruleReads(
      parse("self.type == 'Exact' ? self.value.startsWith('/') && !self.value.contains('//') : true").expr,
    );
    const value = r?.fields.get('value');
    expect(value?.value).toBe(false);
    expect([...(value?.tests.keys() ?? [])]).toEqual(['startsWith:/', 'contains://']);
    const key = projectionKey(r!, tester);
    expect(key({ type: 'Exact', value: '/a/b' })).toBe(key({ type: 'Exact', value: '/c' }));
    expect(key({ type: 'Exact', value: '/a//b' })).not.toBe(key({ type: 'Exact', value: '/c' }));
    const bytesNode = decodeSchemaNodes([
      { t: 'string', f: 'byte' },
      { t: 'object', p: { value: 0 } },
    ])[1];
    expect(settleStringTests(r, bytesNode)?.fields.get('value')?.value).toBe(true);
  });
});

describe('rules that read strings only to compare them', () => {
  const COMPARING = SITES.filter((s) => readsAt(parse(s.rule.r).expr, NODES[s.node])?.equalityOnly === true);

  test('there are such rules (the parentRefs uniqueness rules among them)', () => {
    expect(COMPARING.some((s) => s.rule.r.includes('p1.sectionName == p2.sectionName'))).toBe(true);
  });

  test.prop([fc.constantFrom(...COMPARING.keys()), fc.integer()], { numRuns: 200 })(
    'values whose strings differ by a renaming that keeps the constants get the same result',
    (i, seed) => {
      const site = COMPARING[i]!;
      const expr = parse(site.rule.r).expr;
      const reads = settleStringTests(readsAt(expr, NODES[site.node]), NODES[site.node])!;
      const keyOf = projectionKey(reads, tester);
      // Strings from the rule's constants and a few others, so that equalities and constants recur.
      const pieces = [...new Set([...reads.constants, 'a', 'b', 'c', 'Gateway'])];
      const values = fc.sample(
        fc.tuple(
          narrowValueOf(site.node),
          fc.array(fc.constantFrom(...pieces), { minLength: 6, maxLength: 6 }),
        ),
        { numRuns: 60, seed },
      );
      expectSameResultsBySameKey(site, keyOf, values);
    },
  );
});

describe('what the static look finds', () => {
  const reads = (rule: string) => {
    const r = ruleReads(parse(rule).expr);
    return r === undefined
      ? undefined
      : JSON.stringify(r, (_, v) => (v instanceof Map ? Object.fromEntries(v) : v));
  };

  test('a targeting rule reads the presence of the list and the kind of each ref', () => {
    const r = ruleReads(
      parse("has(self.targetRefs) ? self.targetRefs.all(ref, ref.kind in ['Gateway']) : true").expr,
    );
    const refs = r?.fields.get('targetRefs');
    expect(refs?.presence).toBe(true);
    expect(refs?.value).toBe(false);
    expect([...(refs?.each?.fields.keys() ?? [])]).toEqual(['kind']);
    expect(refs?.each?.fields.get('kind')?.value).toBe(true);
  });

  test('a size and a constant index are read as such, not as whole values', () => {
    const r = ruleReads(parse('self.size() > 0 ? self[0].matches.size() : 0').expr);
    expect(r?.size).toBe(true);
    expect(r?.indexes.get(0)?.fields.get('matches')?.size).toBe(true);
    expect(r?.indexes.get(0)?.fields.get('matches')?.value).toBe(false);
  });

  test('the whole of self is read where self is a scalar, and only there', () => {
    const [object, string] = [NODES.find((n) => n.type === 'object'), NODES.find((n) => n.type === 'string')];
    const expr = parse("self != 'Replace'").expr;
    expect(readsAt(expr, string)?.value).toBe(true);
    expect(readsAt(expr, object)).toBeUndefined();
    // The rule only compares self with a constant: any other string is renamed.
    const key = projectionKey(readsAt(expr, string)!, tester);
    expect(key('JSONMerge')).toBe(key('StrategicMerge'));
    expect(key('JSONMerge')).not.toBe(key('Replace'));
  });

  test('a rule that only compares strings reads them up to a renaming that keeps its constants', () => {
    const unique = parse(
      "self.all(p1, self.exists_one(p2, p1.name == p2.name && (!has(p1.ns) || p1.ns == '') == (!has(p2.ns) || p2.ns == '')))",
    ).expr;
    const r = ruleReads(unique)!;
    expect(r.equalityOnly).toBe(true);
    expect([...r.constants]).toEqual(['']);
    const key = projectionKey(r, tester);
    expect(key([{ name: 'a' }, { name: 'b', ns: 'x' }])).toBe(key([{ name: 'c' }, { name: 'd', ns: 'y' }]));
    expect(key([{ name: 'a' }, { name: 'b' }])).not.toBe(key([{ name: 'a' }, { name: 'a' }]));
    expect(key([{ name: 'a', ns: '' }])).not.toBe(key([{ name: 'a', ns: 'x' }]));
    const [bytesNode, plainNode] = decodeSchemaNodes([
      { t: 'string', f: 'byte' },
      { t: 'object', p: { value: 0 } },
      { t: 'string' },
      { t: 'object', p: { value: 2 } },
    ]).filter((n) => n.type === 'object');
    const compares = ruleReads(parse("self.value == 'x'").expr);
    expect(settleStringTests(compares, plainNode)?.equalityOnly).toBe(true);
    // Base64 texts that differ can be the same bytes: no renaming.
    expect(settleStringTests(compares, bytesNode)?.equalityOnly).toBe(false);
    for (const other of [
      "self.all(p, p.name.startsWith('a'))",
      'self.all(p, size(p.name) > 1)',
      "self.all(p, p.name + 'x' == 'ax')",
    ])
      expect(ruleReads(parse(other).expr)?.equalityOnly).toBe(false);
  });

  test('the whole of self, an unknown identifier or a two-variable comprehension are not bounded', () => {
    expect(reads("self != 'Replace'")).toBeUndefined();
    expect(reads('type(self) == string')).toBeUndefined();
    expect(reads('self.all(k, v, v > 0)')).toBeUndefined();
    expect(reads("self.a == 'x'")).toBeDefined();
  });

  test('guards: has() conjuncts of a condition whose else is true, and !has() disjuncts', () => {
    const guards = (rule: string) => ruleGuards(parse(rule).expr);
    expect(guards('has(self.a.b) && self.c ? self.d : true')).toEqual([['a', 'b']]);
    expect(guards('!has(self.mergeType) || self.x == 1')).toEqual([['mergeType']]);
    expect(guards('has(self.a) ? self.a > 1 : false')).toEqual([]);
    expect(guards('has(self.a) || self.b')).toEqual([]);
  });
});
