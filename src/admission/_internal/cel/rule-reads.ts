/**
 * What a CEL rule reads of `self`, found by a static look at its parsed expression: the paths it
 * selects (`self.a.b`, `self[0]`, the elements a macro iterates over), and how it uses each one
 * (its whole value, only whether it is set, only its size). The rule's result is a function of
 * those reads alone, so two values that agree on them give the same result
 * (`projection-key.ts` turns the reads of a value into a key).
 *
 * When the look cannot bound what a rule reads (an identifier other than `self` and the macros'
 * variables, a two-variable comprehension, the whole of `self` used as a value), there is no read
 * tree and the rule is always evaluated.
 *
 * @packageDocumentation
 */
import type { parse } from '@bufbuild/cel';
import type { SchemaNode } from '../schema-node.js';

/** A parsed CEL expression (`@bufbuild/cel`'s AST node). */
export type CelExpr = ReturnType<typeof parse>['expr'];

/** The reads below one path of `self`. */
export interface ReadNode {
  /** The whole value is read (everything below is then implied). */
  value: boolean;
  /** Whether the value is set is tested (`has()`): absent, null and other values differ. */
  presence: boolean;
  /** Its size is read (`size()`): a list's length, a map's number of keys, else the value. */
  size: boolean;
  /** Fields selected (`.name`, or `['name']` with a constant). */
  readonly fields: Map<string, ReadNode>;
  /** List items selected by a constant index (`[0]`). */
  readonly indexes: Map<number, ReadNode>;
  /** Every item, when a macro iterates over the value (`all`, `exists`, `map`, …). */
  each: ReadNode | undefined;
  /**
   * String tests with a constant argument (`startsWith`, `endsWith`, `contains`, `matches`) the
   * value is read through, by `fn:argument`: when nothing else of the value is read, the rule
   * reads only their answers (`settleStringTests` decides where that holds).
   */
  readonly tests: Map<string, StringTest>;
  /**
   * At the root: the rule reads strings only to compare them (`==`, `!=`) with other reads or
   * with constants; nothing is read by size or by a string test, and no read value flows into
   * another computation. Such a rule gives the same result on two values that differ only by a
   * renaming of their strings that keeps its constants (`projection-key.ts` keys it so).
   */
  equalityOnly: boolean;
  /** At the root: the string constants of the rule (kept as they are by such a renaming). */
  readonly constants: Set<string>;
}

/** A string test with a constant argument: `self.x.startsWith('/')`. */
export interface StringTest {
  readonly fn: StringTestFunction;
  readonly arg: string;
}

/** The string methods whose answers can stand for the string (each is a function of it alone). */
export type StringTestFunction = 'startsWith' | 'endsWith' | 'contains' | 'matches';

const STRING_TESTS: ReadonlySet<string> = new Set(['startsWith', 'endsWith', 'contains', 'matches']);

/** A constant string argument, or undefined. */
function constString(e: CelExpr | undefined): string | undefined {
  const k = e?.exprKind;
  if (k?.case !== 'constExpr') return undefined;
  const c = k.value.constantKind;
  return c.case === 'stringValue' ? c.value : undefined;
}

/** What a rule reads of `self`, or `undefined`: the reads cannot be bounded. */
export type RuleReads = ReadNode | undefined;

/**
 * A guard of a rule: a field path below `self` such that, when the last field is absent from an
 * object at the path before it, the rule is `true` (`has(self.a.b) ? … : true`, `!has(self.a) || …`).
 */
export type Guard = readonly string[];

function readNode(): ReadNode {
  return {
    value: false,
    presence: false,
    size: false,
    fields: new Map(),
    indexes: new Map(),
    each: undefined,
    tests: new Map(),
    equalityOnly: false,
    constants: new Set(),
  };
}

function child<K>(map: Map<K, ReadNode>, key: K): ReadNode {
  let c = map.get(key);
  if (c === undefined) {
    c = readNode();
    map.set(key, c);
  }
  return c;
}

/** An abstract value: a path of `self` (its read node), or something computed (opaque). */
type Abstract = ReadNode | null;

class Unbounded extends Error {}

/** Functions whose arguments are read whole, like any other, but named for clarity below. */
const INDEX = '_[_]';

/** The analysis of one expression: variables in scope map to abstract values. */
class ReadAnalysis {
  readonly root = readNode();

  constructor() {
    this.root.equalityOnly = true;
  }

  /** Marks an abstract value as read whole (a path's value flows into a computation). */
  consume(a: Abstract): void {
    if (a !== null) {
      a.value = true;
      this.root.equalityOnly = false;
    }
  }

  /**
   * `a == b`, `a != b`: a path compared with another path or with a constant is read whole, but
   * only through the comparison; compared with anything else, it is consumed.
   */
  compare(left: CelExpr | undefined, right: CelExpr | undefined, scope: ReadonlyMap<string, Abstract>): void {
    const a = this.visit(left, scope);
    const b = this.visit(right, scope);
    const aComparable = a !== null || left?.exprKind.case === 'constExpr';
    const bComparable = b !== null || right?.exprKind.case === 'constExpr';
    if (a !== null) {
      if (bComparable) a.value = true;
      else this.consume(a);
    }
    if (b !== null) {
      if (aComparable) b.value = true;
      else this.consume(b);
    }
  }

  visit(e: CelExpr | undefined, scope: ReadonlyMap<string, Abstract>): Abstract {
    if (e === undefined) throw new Unbounded('missing expression');
    const k = e.exprKind;
    switch (k.case) {
      case 'constExpr': {
        const c = k.value.constantKind;
        if (c.case === 'stringValue') this.root.constants.add(c.value);
        return null;
      }
      case 'identExpr': {
        const name = k.value.name;
        if (scope.has(name)) return scope.get(name) ?? null;
        if (name === 'self') return this.root;
        throw new Unbounded(`identifier ${name}`);
      }
      case 'selectExpr': {
        const operand = this.visit(k.value.operand, scope);
        if (operand === null) return null;
        const field = child(operand.fields, k.value.field);
        if (k.value.testOnly) {
          field.presence = true;
          return null;
        }
        return field;
      }
      case 'callExpr': {
        const { function: fn, target, args } = k.value;
        if ((fn === '_==_' || fn === '_!=_') && target === undefined && args.length === 2) {
          this.compare(args[0], args[1], scope);
          return null;
        }
        if (fn === INDEX && target === undefined && args.length === 2) {
          const base = this.visit(args[0], scope);
          const index = args[1]?.exprKind;
          if (base !== null && index?.case === 'constExpr') {
            const c = index.value.constantKind;
            if ((c.case === 'int64Value' || c.case === 'uint64Value') && c.value >= 0n)
              return child(base.indexes, Number(c.value));
            if (c.case === 'stringValue') return child(base.fields, c.value);
          }
          this.consume(base);
          this.consume(this.visit(args[1], scope));
          return null;
        }
        if (
          fn === 'size' &&
          ((target !== undefined && args.length === 0) || (target === undefined && args.length === 1))
        ) {
          const x = this.visit(target ?? args[0], scope);
          if (x !== null) {
            x.size = true;
            this.root.equalityOnly = false;
          }
          return null;
        }
        const arg = args.length === 1 ? constString(args[0]) : undefined;
        if (target !== undefined && arg !== undefined && STRING_TESTS.has(fn)) {
          // `x.startsWith('/')`: x is read through the test's answer (a bool, computed).
          const x = this.visit(target, scope);
          if (x !== null) {
            x.tests.set(`${fn}:${arg}`, { fn: fn as StringTestFunction, arg });
            this.root.equalityOnly = false;
          }
          return null;
        }
        if (target !== undefined) this.consume(this.visit(target, scope));
        for (const a of args) this.consume(this.visit(a, scope));
        return null;
      }
      case 'listExpr':
        for (const x of k.value.elements) this.consume(this.visit(x, scope));
        return null;
      case 'structExpr':
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.consume(this.visit(entry.keyKind.value, scope));
          this.consume(this.visit(entry.value, scope));
        }
        return null;
      case 'comprehensionExpr': {
        const c = k.value;
        if (c.iterVar2 !== '') throw new Unbounded('two-variable comprehension');
        const range = this.visit(c.iterRange, scope);
        this.consume(this.visit(c.accuInit, scope));
        const inner = new Map(scope);
        inner.set(c.accuVar, null);
        // The items of a list; a map's keys are read through the whole map (see projection-key.ts).
        if (range === null) inner.set(c.iterVar, null);
        else {
          range.each ??= readNode();
          inner.set(c.iterVar, range.each);
        }
        this.consume(this.visit(c.loopCondition, inner));
        this.consume(this.visit(c.loopStep, inner));
        const result = new Map(scope);
        result.set(c.accuVar, null);
        this.consume(this.visit(c.result, result));
        return null;
      }
      default:
        throw new Unbounded(`expression kind ${String(k.case)}`);
    }
  }
}

/**
 * What a rule reads of `self`.
 *
 * @param expr - the parsed rule
 * @returns the read tree, or undefined when the reads cannot be bounded (or are all of `self`)
 * @example
 * ruleReads(parse("has(self.targetRef) ? self.targetRef.kind == 'Gateway' : true").expr);
 * // => reads of targetRef: presence; of targetRef.kind: value
 */
export function ruleReads(expr: CelExpr): RuleReads {
  const root = analyse(expr);
  return root === undefined || root.value ? undefined : root;
}

/** The read tree of a rule, `self` read whole included; undefined when it cannot be bounded. */
function analyse(expr: CelExpr): ReadNode | undefined {
  const analysis = new ReadAnalysis();
  try {
    analysis.consume(analysis.visit(expr, new Map()));
  } catch (e) {
    if (e instanceof Unbounded) return undefined;
    throw e;
  }
  return analysis.root;
}

/** Schema types whose values are scalars (a string, a number, a boolean: short to read whole). */
const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * What a rule reads of `self` at a schema node, as the memo keys it: `ruleReads`, and also `self`
 * read whole where the node's values are scalars (`self != 'Replace'` on a string: the key is the
 * value, as short as the value). An object or a list read whole stays unbounded (its key would
 * be the whole value).
 *
 * @param expr - the parsed rule
 * @param node - the structural schema of `self`
 * @returns the read tree, or undefined
 * @example
 * readsAt(parse("self != 'Replace'").expr, stringNode); // => self read whole
 */
export function readsAt(expr: CelExpr, node: SchemaNode | undefined): RuleReads {
  const root = analyse(expr);
  if (root === undefined || !root.value) return root;
  const scalar = node !== undefined && node.types.length > 0 && node.types.every((t) => SCALAR_TYPES.has(t));
  return scalar ? root : undefined;
}

/** `has(self.a.b…)`: the field path, or undefined. */
function hasPath(e: CelExpr | undefined): Guard | undefined {
  if (e?.exprKind.case !== 'selectExpr' || !e.exprKind.value.testOnly) return undefined;
  const path: string[] = [e.exprKind.value.field];
  let operand = e.exprKind.value.operand;
  while (operand?.exprKind.case === 'selectExpr' && !operand.exprKind.value.testOnly) {
    path.push(operand.exprKind.value.field);
    operand = operand.exprKind.value.operand;
  }
  if (operand?.exprKind.case !== 'identExpr' || operand.exprKind.value.name !== 'self') return undefined;
  return path.reverse();
}

function call(e: CelExpr | undefined, fn: string): readonly CelExpr[] | undefined {
  if (e?.exprKind.case !== 'callExpr' || e.exprKind.value.function !== fn) return undefined;
  if (e.exprKind.value.target !== undefined) return undefined;
  return e.exprKind.value.args;
}

/** The operands of a chain of one logical operator (`a && b && c` → a, b, c). */
function operands(e: CelExpr, fn: string): CelExpr[] {
  const args = call(e, fn);
  if (args === undefined || args.length !== 2) return [e];
  return args.flatMap((a) => operands(a, fn));
}

function isTrue(e: CelExpr | undefined): boolean {
  return (
    e?.exprKind.case === 'constExpr' &&
    e.exprKind.value.constantKind.case === 'boolValue' &&
    e.exprKind.value.constantKind.value
  );
}

/**
 * The guards of a rule: field paths whose absence makes the rule `true` whatever the rest reads.
 * `C ? X : true` where a conjunct of C is `has(self.p)` (C is then false: `false && error` is
 * false in CEL); `A || B || …` where a disjunct is `!has(self.p)` (true: `true || error` is true).
 *
 * @param expr - the parsed rule
 * @returns the guards (often none)
 * @example
 * ruleGuards(parse('!has(self.mergeType) || self.targetRefs.all(r, r.kind == "HTTPRoute")').expr);
 * // => [['mergeType']]
 */
export function ruleGuards(expr: CelExpr): Guard[] {
  const out: Guard[] = [];
  const ternary = call(expr, '_?_:_');
  if (ternary !== undefined && ternary.length === 3 && isTrue(ternary[2]) && ternary[0] !== undefined) {
    for (const c of operands(ternary[0], '_&&_')) {
      const p = hasPath(c);
      if (p !== undefined) out.push(p);
    }
  }
  for (const d of operands(expr, '_||_')) {
    const not = call(d, '!_');
    const p = not?.length === 1 ? hasPath(not[0]) : undefined;
    if (p !== undefined) out.push(p);
  }
  return out;
}

function mergeInto(into: ReadNode, from: ReadNode): void {
  into.value ||= from.value;
  into.presence ||= from.presence;
  into.size ||= from.size;
  for (const [f, sub] of from.fields) mergeInto(child(into.fields, f), sub);
  for (const [i, sub] of from.indexes) mergeInto(child(into.indexes, i), sub);
  if (from.each !== undefined) {
    into.each ??= readNode();
    mergeInto(into.each, from.each);
  }
  for (const [k, t] of from.tests) into.tests.set(k, t);
}

/**
 * What several rules read together: a value's projection onto the union decides all of them.
 *
 * @param reads - the rules' reads (any unbounded makes the union unbounded)
 * @returns the union, a new tree, or undefined
 * @example
 * unionOfReads([ruleReads(a), ruleReads(b)]); // => reads of a and of b
 */
export function unionOfReads(reads: readonly RuleReads[]): RuleReads {
  const union = readNode();
  union.equalityOnly = true;
  for (const r of reads) {
    if (r === undefined) return undefined;
    mergeInto(union, r);
    union.equalityOnly &&= r.equalityOnly;
    for (const c of r.constants) union.constants.add(c);
  }
  return union;
}

/** Whether a schema, or one below it, makes strings CEL `bytes` (`format: byte`). */
function holdsBytes(s: SchemaNode | undefined, seen: Set<SchemaNode>): boolean {
  if (s === undefined || seen.has(s)) return false;
  seen.add(s);
  if (s.type === 'string' && s.data.f === 'byte') return true;
  const below = [
    ...(s.properties?.values() ?? []),
    ...(s.additional ? [s.additional] : []),
    ...(s.items ? [s.items] : []),
  ];
  return below.some((b) => holdsBytes(b, seen));
}

/** Whether a read tree reads whole, somewhere, a value whose schema holds `bytes`. */
function readsBytes(r: ReadNode, s: SchemaNode | undefined): boolean {
  if (r.value) return holdsBytes(s, new Set());
  for (const [f, sub] of r.fields)
    if (readsBytes(sub, s?.properties?.get(f) ?? (s?.additional ? s.additional : undefined))) return true;
  for (const sub of r.indexes.values()) if (readsBytes(sub, s?.items)) return true;
  return r.each !== undefined && readsBytes(r.each, s?.items);
}

/**
 * Where string tests stand for the value: at a read node where nothing else of the value is read
 * (only, perhaps, whether it is set), and whose schema does not make the string CEL `bytes`
 * (`format: byte`; the tests would then not be string tests). Elsewhere the value is read whole.
 * The schema is resolved as the CEL value is built (`lazy-cel-values.ts`): a property or the
 * additional-properties schema, the items schema. A rule that only compares strings
 * (`equalityOnly`) stays so unless a string it reads is CEL `bytes` there.
 *
 * @param reads - a rule's reads
 * @param node - the structural schema of `self`
 * @returns a new tree with the tests settled, or undefined when the reads are unbounded
 * @example
 * settleStringTests(ruleReads(parse("self.path.startsWith('/')").expr), node);
 * // => path read through the test (path is a plain string in node)
 */
export function settleStringTests(reads: RuleReads, node: SchemaNode | undefined): RuleReads {
  if (reads === undefined) return undefined;
  const settle = (r: ReadNode, s: SchemaNode | undefined): ReadNode => {
    const out = readNode();
    out.presence = r.presence;
    out.size = r.size;
    out.value = r.value;
    for (const [f, sub] of r.fields)
      out.fields.set(f, settle(sub, s?.properties?.get(f) ?? (s?.additional ? s.additional : undefined)));
    for (const [i, sub] of r.indexes) out.indexes.set(i, settle(sub, s?.items));
    if (r.each !== undefined) out.each = settle(r.each, s?.items);
    if (r.tests.size > 0 && !out.value) {
      const alone = !r.size && r.fields.size === 0 && r.indexes.size === 0 && r.each === undefined;
      const bytes = s !== undefined && s.type === 'string' && s.data.f === 'byte';
      if (alone && !bytes) for (const [k, t] of r.tests) out.tests.set(k, t);
      else out.value = true;
    }
    return out;
  };
  const settled = settle(reads, node);
  // Strings the schema makes CEL bytes (base64, decoded leniently) are not renamed: two texts
  // can be the same bytes.
  settled.equalityOnly = reads.equalityOnly && !readsBytes(reads, node);
  for (const c of reads.constants) settled.constants.add(c);
  return settled;
}
