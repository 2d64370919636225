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
import { ruleGuards, ruleReads } from '../../src/admission/_internal/cel/rule-reads.js';
import { decodeSchemaNodes } from '../../src/admission/_internal/schema-node.js';
import type { RuleData } from '../../src/admission/crd-data.js';
import { CRD_DATA, narrowValueOf } from '../_support/crd-arbitrary.js';

const NODES = decodeSchemaNodes(CRD_DATA.nodes);
const compiler = new RuleCompiler(kubernetesCelEnv({ compile: (p) => RE2JS.compile(p) }));

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

function guardAbsent(value: unknown, guard: readonly string[]): boolean {
  let v = value;
  for (let i = 0; i < guard.length; i++) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const f = guard[i] as string;
    if (!Object.hasOwn(v, f)) return i === guard.length - 1;
    v = (v as Record<string, unknown>)[f];
  }
  return false;
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
      const reads = ruleReads(expr);
      const keyOf = reads === undefined ? undefined : projectionKey(reads);
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
