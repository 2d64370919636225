/**
 * Rule results kept across objects. A rule whose reads of `self` are bounded (`rule-reads.ts`)
 * gives the same result on every value with the same projection (`projection-key.ts`), so a
 * projection seen passing before passes again without evaluation. Kept per node first: the
 * projection onto what all the node's rules read, seen with all of them passing, passes them all
 * with one look-up; then per rule. Guards (`has(self.x) ? … : true`) answer without a key when
 * the guarded field is absent. Only passes are kept: a failure or an error is evaluated every
 * time, so its message is always the evaluator's. A table that does not pay (values that do not
 * recur) is switched off.
 *
 * Every distinct projection is still evaluated by `@bufbuild/cel`; the plain evaluation
 * (`evaluateNodePlainly`) is the reference the fast path is checked against
 * (`test/admission/admission-fast-path.prop.test.ts`).
 *
 * @packageDocumentation
 */

import { type CelList, isCelList } from '@bufbuild/cel';
import type { RuleData } from '../../crd-data.js';
import type { WalkPath } from '../location.js';
import type { SchemaNode } from '../schema-node.js';
import type { Re2 } from './cel-environment.js';
import {
  type Compiled,
  type NodeRulesEvaluator,
  type RuleCompiler,
  type RuleOutcome,
  type RuleProgram,
  recordRuleResult,
  recordUnchecked,
} from './cel-rules.js';
import { lazyCelValue } from './lazy-cel-values.js';
import { type ProjectionTokens, projectionTokens, type StringTester, Tokens } from './projection-key.js';
import { ProjectionTrie } from './projection-trie.js';
import {
  type Guard,
  type ReadNode,
  type RuleReads,
  readsAt,
  ruleGuards,
  settleStringTests,
  unionOfReads,
} from './rule-reads.js';

/** Kept passes per table are bounded: the table is cleared when it is full. */
const TABLE_LIMIT = 8192;

/**
 * A table that does not pay is switched off: after this many look-ups, if fewer than one in
 * eight found a kept pass (the rules read values that do not recur, such as a route's paths).
 */
const PROBE_LOOKUPS = 512;
const PROBE_HITS = PROBE_LOOKUPS / 8;

/** Several rules of a node are evaluated by one program after this many evaluations of the node. */
const COMBINE_AFTER = 64;

/** Kept passes, by projection (token sequences). */
interface PassTable {
  readonly keys: ProjectionTrie;
  lookups: number;
  hits: number;
  /** Switched off: evaluated without a key. */
  off: boolean;
}

function passTable(): PassTable {
  return { keys: new ProjectionTrie(TABLE_LIMIT), lookups: 0, hits: 0, off: false };
}

/** One rule at one node: compiled, looked at, with its table. */
interface RuleSite {
  readonly rule: RuleData;
  readonly compiled: Compiled;
  /** The projection onto what the rule reads, or undefined (unbounded). */
  readonly key: ProjectionTokens | undefined;
  readonly guards: readonly Guard[];
  readonly table: PassTable;
}

/** The rules of one node (transition rules left out), what they read together, and its table. */
interface NodeSites {
  readonly sites: readonly RuleSite[];
  /** The projection onto what every compiled rule reads, or undefined (one is unbounded, or none compiles). */
  readonly union: ProjectionTokens | undefined;
  readonly table: PassTable;
  /** How often several of its rules had to be evaluated (a combined program pays off after a while). */
  evaluations: number;
}

/** Whether the last field of a guard is absent from an object at the path before it. */
export function guardAbsent(value: unknown, guard: Guard): boolean {
  let v = value;
  for (let i = 0; i < guard.length; i++) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const f = guard[i] as string;
    if (!Object.hasOwn(v, f)) return i === guard.length - 1;
    v = (v as Record<string, unknown>)[f];
  }
  return false;
}

/** A read tree's text, to share one tree among the rules that read the same. */
function readsSignature(r: ReadNode): string {
  let s = `${r.value ? 'v' : ''}${r.presence ? 'p' : ''}${r.size ? 's' : ''}`;
  for (const [f, sub] of r.fields) s += `.${JSON.stringify(f)}(${readsSignature(sub)})`;
  for (const [i, sub] of r.indexes) s += `[${i}](${readsSignature(sub)})`;
  if (r.each !== undefined) s += `*(${readsSignature(r.each)})`;
  for (const k of r.tests.keys()) s += `?${JSON.stringify(k)}`;
  if (r.equalityOnly) s += `=${JSON.stringify([...r.constants])}`;
  return s;
}

/** Looks a projection up in a table; switches the table off when it does not pay. */
function lookUp(table: PassTable, key: Tokens): boolean {
  table.lookups++;
  if (table.keys.has(key.items, key.n)) {
    table.hits++;
    return true;
  }
  if (table.lookups === PROBE_LOOKUPS && table.hits < PROBE_HITS) {
    table.off = true;
    table.keys.clear();
  }
  return false;
}

function keep(table: PassTable, key: readonly unknown[]): void {
  if (table.off) return;
  table.keys.add(key, key.length);
}

/**
 * String tests answered as the CEL environment answers them: `@bufbuild/cel`'s string methods are
 * `String.prototype.startsWith`, `endsWith` and `includes`; `matches` runs the set's RE2 (a
 * pattern that does not compile is an error whatever the string).
 */
export function stringTester(re2: Re2): StringTester {
  return (t, s) => {
    switch (t.fn) {
      case 'startsWith':
        return s.startsWith(t.arg) ? 't' : 'f';
      case 'endsWith':
        return s.endsWith(t.arg) ? 't' : 'f';
      case 'contains':
        return s.includes(t.arg) ? 't' : 'f';
      case 'matches': {
        let m: { test(text: string): boolean };
        try {
          m = re2.compile(t.arg);
        } catch {
          return 'e';
        }
        return m.test(s) ? 't' : 'f';
      }
    }
  };
}

/** `self` for a node's rules, converted (lazily, `lazy-cel-values.ts`) when a rule is first run. */
class Self {
  readonly #value: unknown;
  readonly #node: SchemaNode;
  #cel: unknown;
  #converted = false;

  constructor(value: unknown, node: SchemaNode) {
    this.#value = value;
    this.#node = node;
  }

  value(): unknown {
    if (!this.#converted) {
      this.#cel = lazyCelValue(this.#value, this.#node);
      this.#converted = true;
    }
    return this.#cel;
  }
}

/** The memo of one CRD set: rule sites per node, and the passes they keep. */
export class RuleMemo {
  readonly #nodes = new Map<readonly RuleData[], Map<SchemaNode, NodeSites>>();
  /**
   * Projections by read signature: rules that read the same share one, hence one projection per
   * value.
   */
  readonly #keys = new Map<string, ProjectionTokens>();
  /** The last projection made (rules at one node that read the same share it), and its tokens. */
  #lastValue: unknown;
  #lastKeyFn: ProjectionTokens | undefined;
  #lastOk = false;
  readonly #tokens = new Tokens();
  readonly #tester: StringTester;

  /** @param re2 - the CRD set's regular expressions, as the CEL environment runs `matches` */
  constructor(re2: Re2) {
    this.#tester = stringTester(re2);
  }

  #keyOf(reads: RuleReads): ProjectionTokens | undefined {
    if (reads === undefined) return undefined;
    const signature = readsSignature(reads);
    let hit = this.#keys.get(signature);
    if (hit === undefined) {
      hit = projectionTokens(reads, this.#tester);
      this.#keys.set(signature, hit);
    }
    return hit;
  }

  #sites(compiler: RuleCompiler, rules: readonly RuleData[], node: SchemaNode): NodeSites {
    let byNode = this.#nodes.get(rules);
    if (byNode === undefined) {
      byNode = new Map();
      this.#nodes.set(rules, byNode);
    }
    let hit = byNode.get(node);
    if (hit === undefined) {
      const sites: RuleSite[] = [];
      const reads: RuleReads[] = [];
      for (const rule of rules) {
        if (compiler.isTransition(rule.r)) continue;
        const compiled = compiler.compile(rule.r);
        const r = compiled.ok ? settleStringTests(readsAt(compiled.expr, node), node) : undefined;
        if (compiled.ok) reads.push(r);
        const guards = compiled.ok ? ruleGuards(compiled.expr) : [];
        sites.push({ rule, compiled, key: this.#keyOf(r), guards, table: passTable() });
      }
      const union = reads.length === 0 ? undefined : unionOfReads(reads);
      hit = { sites, union: this.#keyOf(union), table: passTable(), evaluations: 0 };
      byNode.set(node, hit);
    }
    return hit;
  }

  /** The projection of a value into the memo's token buffer; false when none is made. */
  #key(keyFn: ProjectionTokens, value: unknown): boolean {
    if (value !== this.#lastValue || keyFn !== this.#lastKeyFn) {
      this.#lastValue = value;
      this.#lastKeyFn = keyFn;
      this.#lastOk = keyFn(value, this.#tokens);
    }
    return this.#lastOk;
  }

  /**
   * Whether a rule is answered without evaluation: its guard field is absent, or its projection
   * was seen passing. Otherwise its projection (to keep when it passes), or null when it has none.
   */
  #answered(site: RuleSite, value: unknown): true | unknown[] | null {
    for (const g of site.guards) if (guardAbsent(value, g)) return true;
    const { key: keyFn, table } = site;
    if (keyFn === undefined || table.off) return null;
    if (!this.#key(keyFn, value)) return null;
    return lookUp(table, this.#tokens) ? true : this.#tokens.copy();
  }

  /**
   * One program for several rules of a node (a CEL list of their expressions), compiled once the
   * node has been evaluated often enough to pay for it; undefined when it is not worth it yet.
   */
  #combined(compiler: RuleCompiler, at: NodeSites, pending: readonly RuleSite[]): RuleProgram | undefined {
    if (++at.evaluations < COMBINE_AFTER) return undefined;
    const c = compiler.compileList(pending.map((s) => s.rule.r));
    return c.ok ? c.run : undefined;
  }

  /** The evaluator of a node's rules that consults the memo (bound to this memo). */
  readonly evaluateNode: NodeRulesEvaluator = (
    compiler: RuleCompiler,
    rules: readonly RuleData[],
    node: SchemaNode,
    value: unknown,
    _self: unknown,
    path: WalkPath,
    out: RuleOutcome,
  ) => {
    const at = this.#sites(compiler, rules, node);
    const { sites, union, table } = at;
    let nodeKey: unknown[] | undefined;
    if (union !== undefined && !table.off && this.#key(union, value)) {
      if (lookUp(table, this.#tokens)) {
        // Every compiled rule passed on this projection; those that do not compile are reported.
        for (const s of sites)
          if (!s.compiled.ok) recordUnchecked(s.rule, s.compiled.reason, path.loc(), out);
        return;
      }
      nodeKey = this.#tokens.copy();
    }
    const pending: RuleSite[] = [];
    const keys: (unknown[] | null)[] = [];
    for (const s of sites) {
      if (!s.compiled.ok) continue;
      const answer = this.#answered(s, value);
      if (answer === true) continue;
      pending.push(s);
      keys.push(answer);
    }
    const self = new Self(value, node);
    // Several rules left: one program for all of them; when every one is true, they all pass.
    const combined = pending.length >= 2 ? this.#combined(compiler, at, pending) : undefined;
    const all = combined?.({ self: self.value() });
    let allTrue = isCelList(all) && all.size === pending.length;
    for (let i = 0; allTrue && i < pending.length; i++) allTrue = (all as CelList).get(i) === true;
    let passed = true;
    for (const s of sites) {
      const c = s.compiled;
      if (!c.ok) {
        recordUnchecked(s.rule, c.reason, path.loc(), out);
        continue;
      }
      const i = pending.indexOf(s);
      if (i === -1) continue;
      const result = allTrue ? true : c.run({ self: self.value() });
      const key = keys[i];
      if (result === true) {
        if (key !== null && key !== undefined) keep(s.table, key);
        continue;
      }
      passed = false;
      recordRuleResult(compiler, s.rule, node, value, self.value(), path.loc(), result, out);
    }
    if (passed && nodeKey !== undefined) keep(table, nodeKey);
  };
}
