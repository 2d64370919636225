/**
 * `x-kubernetes-validations` as the API server runs them on create (apiextensions-apiserver v0.36
 * `schema/cel` Validator): at every node that has rules, each rule is evaluated with `self` bound
 * to the node's value; rules under `allOf` too; then properties, map values and list items.
 * Transition rules (`oldSelf`) do not run on create. `message`, `messageExpression`, `fieldPath`
 * and `reason` shape the error as the API server shapes it.
 *
 * @packageDocumentation
 */
import { type CelEnv, isCelError, parse, plan } from '@bufbuild/cel';
import type { RuleData } from '../../crd-data.js';
import { type FieldError, type FieldErrorType, OMIT } from '../field-error.js';
import type { Loc } from '../location.js';
import type { SchemaNode } from '../schema-node.js';
import { celMember } from './cel-values.js';
import type { RuleEvaluator, RuleProgram } from './rule-memo.js';
import type { CelExpr } from './rule-reads.js';

/** A rule the simulator could not evaluate, and why. */
export interface UncheckedRule {
  readonly rule: string;
  readonly message: string;
  readonly reason: string;
  readonly path: Loc;
}

/** A compiled expression (its program and parsed form), or why it could not be compiled. */
type Compiled =
  | { readonly ok: true; readonly run: RuleProgram; readonly expr: CelExpr }
  | { readonly ok: false; readonly reason: string };

/** Compiles rules once per CRD set (keyed by expression text) and evaluates them. */
export class RuleCompiler {
  readonly #env: CelEnv;
  readonly #cache = new Map<string, Compiled>();
  readonly #transition = new Map<string, boolean>();

  constructor(env: CelEnv) {
    this.#env = env;
  }

  /**
   * The compiled form of an expression (compiled on first use, then cached).
   *
   * @param expression - CEL text
   * @returns the program or the reason it cannot run here
   */
  compile(expression: string): Compiled {
    let hit = this.#cache.get(expression);
    if (hit === undefined) {
      try {
        const expr = parse(expression).expr;
        const run = plan(this.#env, expr) as RuleProgram;
        hit = { ok: true, run, expr };
      } catch (e) {
        hit = {
          ok: false,
          reason: `the expression does not parse here: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
      this.#cache.set(expression, hit);
    }
    return hit;
  }

  /**
   * Whether a rule reads `oldSelf` (a transition rule: not evaluated on create), per rule text.
   *
   * @param expression - CEL text
   * @returns true for a transition rule
   */
  isTransition(expression: string): boolean {
    let hit = this.#transition.get(expression);
    if (hit === undefined) {
      hit = /\boldSelf\b/.test(expression);
      this.#transition.set(expression, hit);
    }
    return hit;
  }
}

/** `ruleErrorString`: the message when there is one, else the rule. */
function ruleErrorString(rule: RuleData): string {
  return rule.m !== undefined && rule.m !== '' ? rule.m.trim() : rule.r.trim();
}

/** cel-go's wording of a runtime error, where `@bufbuild/cel` words it differently. */
function celGoError(message: string): string {
  const noField = /^field not found: (.*)$/.exec(message);
  if (noField) return `no such key: ${noField[1]}`;
  if (message === 'int divide by zero') return 'division by zero';
  return message;
}

/** Errors our evaluator gives for a function or overload it does not have. */
function isMissingFunction(message: string): boolean {
  return (
    message.startsWith('unbound function') ||
    message.startsWith('no such overload') ||
    message.startsWith('no matching overload')
  );
}

/** `fieldPath` of a rule relative to the node (`.a.b`, `['key']`), as `ValidFieldPath` reads it. */
function ruleFieldPath(base: Loc, fieldPath: string): Loc {
  let p = base;
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/y;
  re.lastIndex = 0;
  while (re.lastIndex < fieldPath.length) {
    const m = re.exec(fieldPath);
    if (m === null) break;
    p = m[1] !== undefined ? p.property(m[1]) : p.key((m[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  return p;
}

const REASONS: Readonly<Record<string, FieldErrorType>> = {
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required',
  FieldValueDuplicate: 'Duplicate',
  FieldValueInvalid: 'Invalid',
};

/** What one walk collects. */
export interface RuleOutcome {
  readonly errors: FieldError[];
  readonly unchecked: UncheckedRule[];
}

/**
 * Evaluates every rule of a schema tree over a value. Rules come from `validation`; the value's
 * type (how `self` is built, whether the error shows the value) from `node`, the schema on the
 * structural spine: they differ under `allOf`, whose rules apply to the spine's node.
 *
 * @param compiler - the CRD set's compiler
 * @param evaluate - how a rule is evaluated (plainly, or through the CRD set's memo)
 * @param validation - the schema whose rules apply
 * @param node - the structural schema of `value`
 * @param value - the (pruned, defaulted) value
 * @param cel - the same value as CEL sees it (`celValueOf` of the root, walked alongside)
 * @param path - where the value is
 * @param out - receives errors and rules not checked
 */
export function evaluateRules(
  compiler: RuleCompiler,
  evaluate: RuleEvaluator,
  validation: SchemaNode,
  node: SchemaNode,
  value: unknown,
  cel: unknown,
  path: Loc,
  out: RuleOutcome,
): void {
  if (value === null || value === undefined || !validation.rulesBelow) return;
  if (validation.rules.length > 0)
    evaluateNode(compiler, evaluate, validation.rules, node, value, cel, path, out);
  for (const branch of validation.allOf)
    evaluateRules(compiler, evaluate, branch, node, value, cel, path, out);
  if (Array.isArray(value)) {
    const items = validation.items;
    const nodeItems = node.items;
    if (items && nodeItems) {
      for (let i = 0; i < value.length; i++) {
        evaluateRules(compiler, evaluate, items, nodeItems, value[i], celMember(cel, i), path.index(i), out);
      }
    }
  } else if (typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const additional = validation.additional;
    const nodeAdditional = node.additional;
    if (additional && nodeAdditional) {
      for (const [k, v] of Object.entries(rec)) {
        evaluateRules(compiler, evaluate, additional, nodeAdditional, v, celMember(cel, k), path.key(k), out);
      }
    }
    if (validation.properties) {
      for (const [k, v] of Object.entries(rec)) {
        const sub = validation.properties.get(k);
        const nodeSub = node.properties?.get(k);
        if (sub && nodeSub)
          evaluateRules(compiler, evaluate, sub, nodeSub, v, celMember(cel, k), path.property(k), out);
      }
    }
  }
}

function evaluateNode(
  compiler: RuleCompiler,
  evaluate: RuleEvaluator,
  rules: readonly RuleData[],
  node: SchemaNode,
  value: unknown,
  self: unknown,
  path: Loc,
  out: RuleOutcome,
): void {
  const typeValue = node.type;
  for (const rule of rules) {
    if (compiler.isTransition(rule.r)) continue;
    const compiled = compiler.compile(rule.r);
    if (!compiled.ok) {
      out.unchecked.push({ rule: rule.r, message: ruleErrorString(rule), reason: compiled.reason, path });
      continue;
    }
    const result = evaluate(rule, compiled.expr, compiled.run, node, value, self);
    if (isCelError(result)) {
      if (isMissingFunction(result.message)) {
        out.unchecked.push({ rule: rule.r, message: ruleErrorString(rule), reason: result.message, path });
        continue;
      }
      out.errors.push({
        type: 'Invalid',
        field: path.fieldPath(),
        value: typeValue,
        detail: `${celGoError(result.message)} evaluating rule: ${ruleErrorString(rule)}`,
        pointer: path.pointer(),
        source: 'rule',
        rule: { message: rule.m ?? '', rule: rule.r },
      });
      continue;
    }
    if (result === true) continue;
    const at = rule.fp !== undefined && rule.fp !== '' ? ruleFieldPath(path, rule.fp) : path;
    const detail = messageOf(compiler, rule, self);
    const type = rule.re !== undefined ? (REASONS[rule.re] ?? 'Invalid') : 'Invalid';
    const shown = node.type === 'object' || node.type === 'array' ? OMIT : value;
    out.errors.push({
      type,
      field: at.fieldPath(),
      value: shown,
      detail,
      pointer: at.pointer(),
      source: 'rule',
      rule: { message: rule.m ?? '', rule: rule.r },
    });
  }
}

/** The error detail: `messageExpression` when it gives a usable string, else `message`, else the rule. */
function messageOf(compiler: RuleCompiler, rule: RuleData, self: unknown): string {
  if (rule.me !== undefined) {
    const compiled = compiler.compile(rule.me);
    if (compiled.ok) {
      const v = compiled.run({ self });
      if (typeof v === 'string') {
        const trimmed = v.trim();
        if (
          trimmed !== '' &&
          !trimmed.includes('\n') &&
          new TextEncoder().encode(trimmed).length <= 5 * 1024
        ) {
          return trimmed;
        }
      }
    }
  }
  return rule.m !== undefined && rule.m !== '' ? rule.m.trim() : `failed rule: ${rule.r.trim()}`;
}
