/**
 * Rule results kept across objects: a rule whose reads of `self` are bounded (`rule-reads.ts`)
 * gives the same result on every value with the same projection (`projection-key.ts`), so a
 * projection seen passing before passes again without evaluation. Guards (`has(self.x) ? … :
 * true`) answer without even a key when the guarded field is absent. Only passes are kept: a
 * failure or an error is evaluated every time, so its message is always the evaluator's.
 *
 * Every distinct projection is still evaluated by `@bufbuild/cel`; the plain evaluation
 * (`evaluatePlainly`) is the reference the fast path is checked against
 * (`test/admission/admission-fast-path.prop.test.ts`).
 *
 * @packageDocumentation
 */
import type { RuleData } from '../../crd-data.js';
import type { SchemaNode } from '../schema-node.js';
import { projectionKey } from './projection-key.js';
import {
  type CelExpr,
  type Guard,
  type ReadNode,
  type RuleReads,
  ruleGuards,
  ruleReads,
} from './rule-reads.js';

/** A compiled rule's program. */
export type RuleProgram = (bindings: Record<string, unknown>) => unknown;

/** How a rule is evaluated at a node: the program, the rule, the value and its CEL form. */
export type RuleEvaluator = (
  rule: RuleData,
  expr: CelExpr,
  run: RuleProgram,
  node: SchemaNode,
  value: unknown,
  self: unknown,
) => unknown;

/**
 * The plain evaluation: the program run on `self`, every time.
 *
 * @returns the rule's CEL result
 */
export const evaluatePlainly: RuleEvaluator = (_rule, _expr, run, _node, _value, self) => run({ self });

/** Kept passes per (node, rule) are bounded: the table is cleared when it is full. */
const TABLE_LIMIT = 8192;

/**
 * A table that does not pay is switched off: after this many look-ups, if fewer than one in
 * eight found a kept pass (the rule reads values that do not recur, such as a route's paths).
 */
const PROBE_LOOKUPS = 512;
const PROBE_HITS = PROBE_LOOKUPS / 8;

/** What the static look found in one expression. */
interface RulePlan {
  /** What the rule reads, shared by every rule that reads the same (one key per value for all). */
  readonly reads: RuleReads;
  readonly guards: readonly Guard[];
}

/** The passes kept for one rule at one schema node. */
interface PassTable {
  readonly keys: Set<string>;
  lookups: number;
  hits: number;
  /** Switched off: the rule is evaluated without a key. */
  off: boolean;
}

/** Whether the last field of a guard is absent from an object at the path before it. */
function guardAbsent(value: unknown, guard: Guard): boolean {
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
  return s;
}

/** The memo of one CRD set: plans per expression, kept passes per schema node and rule. */
export class RuleMemo {
  readonly #plans = new Map<string, RulePlan>();
  readonly #trees = new Map<string, ReadNode>();
  readonly #passes = new Map<SchemaNode, Map<RuleData, PassTable>>();
  /** The last key made: rules at one node that read the same share it. */
  #lastValue: unknown;
  #lastReads: ReadNode | undefined;
  #lastKey: string | undefined;

  #plan(rule: RuleData, expr: CelExpr): RulePlan {
    let plan = this.#plans.get(rule.r);
    if (plan === undefined) {
      let reads = ruleReads(expr);
      if (reads !== undefined) {
        const signature = readsSignature(reads);
        const shared = this.#trees.get(signature);
        if (shared === undefined) this.#trees.set(signature, reads);
        else reads = shared;
      }
      plan = { reads, guards: ruleGuards(expr) };
      this.#plans.set(rule.r, plan);
    }
    return plan;
  }

  #table(node: SchemaNode, rule: RuleData): PassTable {
    let byRule = this.#passes.get(node);
    if (byRule === undefined) {
      byRule = new Map();
      this.#passes.set(node, byRule);
    }
    let table = byRule.get(rule);
    if (table === undefined) {
      table = { keys: new Set(), lookups: 0, hits: 0, off: false };
      byRule.set(rule, table);
    }
    return table;
  }

  #key(reads: ReadNode, value: unknown): string | undefined {
    if (value !== this.#lastValue || reads !== this.#lastReads) {
      this.#lastValue = value;
      this.#lastReads = reads;
      this.#lastKey = projectionKey(reads, value);
    }
    return this.#lastKey;
  }

  /** The evaluator that consults the memo (bound to this memo). */
  readonly evaluate: RuleEvaluator = (rule, expr, run, node, value, self) => {
    const plan = this.#plan(rule, expr);
    for (const g of plan.guards) if (guardAbsent(value, g)) return true;
    if (plan.reads === undefined) return run({ self });
    const table = this.#table(node, rule);
    if (table.off) return run({ self });
    const key = this.#key(plan.reads, value);
    if (key === undefined) return run({ self });
    table.lookups++;
    if (table.keys.has(key)) {
      table.hits++;
      return true;
    }
    if (table.lookups === PROBE_LOOKUPS && table.hits < PROBE_HITS) {
      table.off = true;
      table.keys.clear();
    }
    const result = run({ self });
    if (result === true && !table.off) {
      if (table.keys.size >= TABLE_LIMIT) table.keys.clear();
      table.keys.add(key);
    }
    return result;
  };
}
