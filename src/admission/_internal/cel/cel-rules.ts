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
import { ExprSchema } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { create } from '@bufbuild/protobuf';
import type { RuleData } from '../../crd-data.js';
import { type FieldError, type FieldErrorType, OMIT } from '../field-error.js';
import type { Loc, WalkPath } from '../location.js';
import type { SchemaNode } from '../schema-node.js';
import { celMember } from './cel-values.js';
import { unescapeSelections } from './escaped-names.js';
import { decodeRuleAst } from './rule-asts.js';
import type { CelExpr } from './rule-reads.js';

/** A compiled rule's program. */
export type RuleProgram = (bindings: Record<string, unknown>) => unknown;

/** A rule the simulator could not evaluate, and why. */
export interface UncheckedRule {
  readonly rule: string;
  readonly message: string;
  readonly reason: string;
  readonly path: Loc;
}

/** A compiled expression (its program and parsed form), or why it could not be compiled. */
export type Compiled =
  | { readonly ok: true; readonly run: RuleProgram; readonly expr: CelExpr }
  | { readonly ok: false; readonly reason: string };

/**
 * Compiles rules once per CRD set (keyed by expression text) and evaluates them. Parsed forms
 * shipped with the set (`rule-asts.ts`) are decoded instead of parsing the text.
 */
export class RuleCompiler {
  readonly #env: CelEnv;
  readonly #asts: Readonly<Record<string, string>> | undefined;
  readonly #cache = new Map<string, Compiled>();
  readonly #lists = new Map<string, Compiled>();
  readonly #transition = new Map<string, boolean>();

  /**
   * @param env - the CEL environment
   * @param asts - parsed forms by rule text (`CrdSetData.asts`); without them every text is parsed
   */
  constructor(env: CelEnv, asts?: Readonly<Record<string, string>>) {
    this.#env = env;
    this.#asts = asts;
  }

  /** The parsed expression: the shipped form when there is one that decodes, else the text parsed. */
  #parse(expression: string): CelExpr {
    const stored =
      this.#asts !== undefined && Object.hasOwn(this.#asts, expression) ? this.#asts[expression] : undefined;
    const decoded = stored === undefined ? undefined : decodeRuleAst(stored);
    return unescapeSelections(decoded ?? (parse(expression).expr as CelExpr));
  }

  /**
   * One program for several expressions: a CEL list of their results, planned from their parsed
   * forms (nothing parsed again); cached by the texts.
   *
   * @param expressions - CEL texts, each compiling
   * @returns the program, or the reason it cannot be made
   */
  compileList(expressions: readonly string[]): Compiled {
    const key = expressions.join('\n,\n');
    let hit = this.#lists.get(key);
    if (hit === undefined) {
      const elements: CelExpr[] = [];
      for (const e of expressions) {
        const c = this.compile(e);
        if (!c.ok) return c;
        elements.push(c.expr);
      }
      try {
        const expr = create(ExprSchema, { exprKind: { case: 'listExpr', value: { elements } } });
        hit = { ok: true, run: plan(this.#env, expr) as RuleProgram, expr };
      } catch (e) {
        hit = { ok: false, reason: e instanceof Error ? e.message : String(e) };
      }
      this.#lists.set(key, hit);
    }
    return hit;
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
        const expr = this.#parse(expression);
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
 * How the rules of one node are evaluated: plainly (`evaluateNodePlainly`) or through a CRD
 * set's memo (`RuleMemo.evaluateNode`). Either records what `recordRuleResult` makes of each
 * rule's result.
 */
export type NodeRulesEvaluator = (
  compiler: RuleCompiler,
  rules: readonly RuleData[],
  node: SchemaNode,
  value: unknown,
  self: unknown,
  path: WalkPath,
  out: RuleOutcome,
) => void;

/**
 * Evaluates every rule of a schema tree over a value. Rules come from `validation`; the value's
 * type (how `self` is built, whether the error shows the value) from `node`, the schema on the
 * structural spine: they differ under `allOf`, whose rules apply to the spine's node. Subtrees
 * without rules are not visited.
 *
 * @param compiler - the CRD set's compiler
 * @param evaluateNode - how the rules of one node are evaluated
 * @param validation - the schema whose rules apply
 * @param node - the structural schema of `value`
 * @param value - the (pruned, defaulted) value
 * @param cel - the same value as CEL sees it (converted from the root, walked alongside)
 * @param path - where the value is
 * @param out - receives errors and rules not checked
 */
export function evaluateRules(
  compiler: RuleCompiler,
  evaluateNode: NodeRulesEvaluator,
  validation: SchemaNode,
  node: SchemaNode,
  value: unknown,
  cel: unknown,
  path: WalkPath,
  out: RuleOutcome,
): void {
  if (value === null || value === undefined || !validation.rulesBelow) return;
  if (validation.rules.length > 0) evaluateNode(compiler, validation.rules, node, value, cel, path, out);
  for (const branch of validation.allOf)
    evaluateRules(compiler, evaluateNode, branch, node, value, cel, path, out);
  if (Array.isArray(value)) {
    const items = validation.items;
    const nodeItems = node.items;
    if (items?.rulesBelow && nodeItems) {
      for (let i = 0; i < value.length; i++) {
        path.push(i, 'index');
        evaluateRules(compiler, evaluateNode, items, nodeItems, value[i], celMember(cel, i), path, out);
        path.pop();
      }
    }
  } else if (typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const additional = validation.additional || undefined;
    const nodeAdditional = node.additional;
    // `for … in` with own keys only: the order of `Object.keys`, without the array.
    if (additional?.rulesBelow && nodeAdditional) {
      for (const k in rec) {
        if (!Object.hasOwn(rec, k)) continue;
        path.push(k, 'key');
        evaluateRules(
          compiler,
          evaluateNode,
          additional,
          nodeAdditional,
          rec[k],
          celMember(cel, k),
          path,
          out,
        );
        path.pop();
      }
    }
    const props = validation.properties;
    if (props) {
      for (const k in rec) {
        if (!Object.hasOwn(rec, k)) continue;
        const sub = props.get(k);
        if (sub === undefined || !sub.rulesBelow) continue;
        const nodeSub = node.properties?.get(k);
        if (nodeSub) {
          path.push(k, 'property');
          evaluateRules(compiler, evaluateNode, sub, nodeSub, rec[k], celMember(cel, k), path, out);
          path.pop();
        }
      }
    }
  }
}

/**
 * Records a rule that cannot be evaluated here (it does not compile).
 *
 * @param rule - the rule
 * @param reason - why
 * @param path - where its node is
 * @param out - receives it
 */
export function recordUnchecked(rule: RuleData, reason: string, path: Loc, out: RuleOutcome): void {
  out.unchecked.push({ rule: rule.r, message: ruleErrorString(rule), reason, path });
}

/**
 * Records what a rule's result means: nothing for `true`, the API server's error for `false` or a
 * runtime error, a rule not checked for a function the evaluator does not have.
 *
 * @param compiler - the compiler (for `messageExpression`)
 * @param rule - the rule
 * @param node - the structural schema of the value
 * @param value - the value
 * @param self - the value as CEL sees it
 * @param path - where the value is
 * @param result - the rule's CEL result
 * @param out - receives the error or the rule not checked
 */
export function recordRuleResult(
  compiler: RuleCompiler,
  rule: RuleData,
  node: SchemaNode,
  value: unknown,
  self: unknown,
  path: Loc,
  result: unknown,
  out: RuleOutcome,
): void {
  if (result === true) return;
  if (isCelError(result)) {
    if (isMissingFunction(result.message)) {
      recordUnchecked(rule, result.message, path, out);
      return;
    }
    out.errors.push({
      type: 'Invalid',
      field: path.fieldPath(),
      value: node.type,
      detail: `${celGoError(result.message)} evaluating rule: ${ruleErrorString(rule)}`,
      pointer: path.pointer(),
      source: 'rule',
      rule: { message: rule.m ?? '', rule: rule.r },
    });
    return;
  }
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

/**
 * The plain evaluation of a node's rules: every rule run on `self`, every time (the reference).
 */
export const evaluateNodePlainly: NodeRulesEvaluator = (compiler, rules, node, value, self, path, out) => {
  for (const rule of rules) {
    if (compiler.isTransition(rule.r)) continue;
    const compiled = compiler.compile(rule.r);
    if (!compiled.ok) {
      recordUnchecked(rule, compiled.reason, path.loc(), out);
      continue;
    }
    recordRuleResult(compiler, rule, node, value, self, path.loc(), compiled.run({ self }), out);
  }
};

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
