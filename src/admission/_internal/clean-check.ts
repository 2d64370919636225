/**
 * Whether an object is clean: nothing to prune (no unknown field, no null to drop), no OpenAPI
 * schema error and no list-type duplicate. One walk over the defaulted object, with checks
 * compiled once per schema node (no keyword looked up per value, nothing allocated on the way).
 * A clean object needs neither pruning nor the error-building walks; any other object (or one
 * this check cannot judge: a format the simulator does not check, a schema shape it does not
 * model) goes through them (`prune-default.ts`, `openapi-validate.ts`, `list-type.ts`), which
 * stay the reference: the check says only "they would find nothing".
 *
 * @packageDocumentation
 */
import { checkFormat, effectiveFormat } from './formats.js';
import { goJson } from './go-text.js';
import { listTypeAccepts } from './list-type.js';
import { type RegexLookup, typeAccepts } from './openapi-validate.js';
import { META_FIELDS, OBJECT_META_FIELDS } from './prune-default.js';
import type { SchemaNode } from './schema-node.js';
import { fitsFormat, type Kind, kindOf } from './value-kind.js';

type Rec = Record<string, unknown>;

/** How pruning treats a value: report unknown fields, keep them (preserve-unknown-fields), or not at all. */
const PRUNE = 0;
const SKIP = 1;
const NONE = 2;
type PruneMode = typeof PRUNE | typeof SKIP | typeof NONE;

/** What a walk checks besides pruning: pruned nulls, validation, list types (bits). */
const NULLS = 1;
const VALIDATE = 2;
const LISTS = 4;

/**
 * Values nested deeper than this go to the reference walks (which meet the same depth; no schema
 * the simulator ships is nested a tenth as deep).
 */
const MAX_DEPTH = 1000;

const KINDS: readonly Kind[] = ['null', 'boolean', 'string', 'int', 'float', 'array', 'object'];

/** One schema node's checks, compiled. */
interface Check {
  readonly node: SchemaNode;
  /**
   * A schema shape the check does not model, every value sent to the reference walks: branches
   * (allOf, anyOf, oneOf, not) with a format the simulator does not check below (a branch is then
   * neither valid nor invalid here).
   */
  readonly opaque: boolean;
  /** Properties beside additionalProperties: the list-type walk visits such members twice. */
  readonly listOpaque: boolean;
  /** A string format the simulator does not check, here or below. */
  readonly uncheckedFormat: boolean;
  /** Type validator verdicts per kind (`float` for a non-integral number). */
  readonly typeOk: ReadonlyMap<Kind, boolean>;
  /** The type validator's verdict on an integral number at or beyond 2^63 (a `float` kind). */
  readonly bigIntegerOk: boolean;
  readonly enumValues: readonly unknown[] | undefined;
  readonly enumStrings: ReadonlySet<string> | undefined;
  readonly string: ((s: string) => boolean) | undefined;
  readonly number: ((n: number, kind: Kind) => boolean) | undefined;
  readonly properties: ReadonlyMap<string, Check> | undefined;
  readonly additional: Check | false | undefined;
  readonly items: Check | undefined;
  readonly allOf: readonly Check[];
  readonly anyOf: readonly Check[];
  readonly oneOf: readonly Check[];
  readonly not: Check | undefined;
  readonly required: readonly string[];
  /**
   * `#accepts` specialised to a string or an object value, for a node without branches (allOf,
   * anyOf, oneOf, not); undefined otherwise. The same verdict, without the generic dispatch.
   */
  readonly stringOk: ((s: string) => boolean) | undefined;
  readonly objectOk: ((rec: Rec) => boolean) | undefined;
}

/** Code points of a string, as `[...s].length` counts them (a lone surrogate is one). */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The number validator's verdict (no error), as `numberValidator` decides it. */
function numberCheck(node: SchemaNode, format: string): (n: number, kind: Kind) => boolean {
  const d = node.data;
  const type = node.types.length === 1 ? (node.types[0] ?? '') : '';
  const numType = type === 'integer' || type === 'number' ? type : '';
  const numFormat =
    numType === 'integer' && (format === 'int32' || format === 'int64')
      ? format
      : numType === 'number' && (format === 'float' || format === 'double')
        ? format
        : '';
  const badMo = d.mo !== undefined && !fitsFormat(d.mo, numType, numFormat);
  const badMn = d.mn !== undefined && !fitsFormat(d.mn, numType, numFormat);
  const badMx = d.mx !== undefined && !fitsFormat(d.mx, numType, numFormat);
  if (badMo || badMn || badMx) return () => false;
  const { mo, mn, mx } = d;
  const xn = d.xn === true;
  const xx = d.xx === true;
  return (n, kind) => {
    if (!fitsFormat(n, numType, numFormat)) return false;
    const asInt = kind === 'int';
    if (mo !== undefined) {
      if (mo <= 0) return false;
      if (asInt) {
        if (n % Math.trunc(mo) !== 0) return false;
      } else if (!Number.isInteger(mo < 1 ? (1 / mo) * n : n / mo)) return false;
    }
    if (mn !== undefined) {
      const min = asInt ? Math.trunc(mn) : mn;
      if (xn ? n <= min : n < min) return false;
    }
    if (mx !== undefined) {
      const max = asInt ? Math.trunc(mx) : mx;
      if (xx ? n >= max : n > max) return false;
    }
    return true;
  };
}

/** The string and format validators' verdict (no error). */
function stringCheck(
  node: SchemaNode,
  format: string,
  regex: RegexLookup,
): ((s: string) => boolean) | undefined {
  const d = node.data;
  const { xl, ml } = d;
  const pattern = d.pt !== undefined && d.pt !== '' ? regex(d.pt) : undefined;
  const formatted =
    format !== '' && format !== 'int32' && format !== 'int64' && format !== 'float' && format !== 'double';
  if (xl === undefined && ml === undefined && pattern === undefined && !formatted) return undefined;
  if (pattern !== undefined && 'error' in pattern) return () => false;
  // A format the simulator does not check is reported by the reference walk (once per object).
  if (formatted && checkFormat(format, '') === null) return () => false;
  return (s) => {
    if (xl !== undefined || ml !== undefined) {
      const runes = s.length <= (xl ?? 0) && ml === undefined ? s.length : runeCount(s);
      if (xl !== undefined && runes > xl) return false;
      if (ml !== undefined && runes < ml) return false;
    }
    if (pattern !== undefined && !pattern.test(s)) return false;
    return !formatted || checkFormat(format, s) === true;
  };
}

/** The enum validator's verdict, as `enumValidator` decides it (strings looked up first). */
function enumEquals(data: unknown, enumValue: unknown): boolean {
  if (enumValue === null || enumValue === undefined) return false;
  if (typeof data === 'number' && typeof enumValue === 'number') return data === enumValue;
  if (typeof data !== typeof enumValue) return false;
  return goJson(data) === goJson(enumValue);
}

/** Compiles and caches the checks of a CRD set's schema nodes. */
export class CleanCheck {
  readonly #checks = new Map<SchemaNode, Check>();
  readonly #regex: RegexLookup;

  constructor(regex: RegexLookup) {
    this.#regex = regex;
  }

  #compile(node: SchemaNode): Check {
    const hit = this.#checks.get(node);
    if (hit !== undefined) return hit;
    const format = effectiveFormat(node.type, node.data.f);
    const probes: Record<Kind, unknown> = {
      null: null,
      boolean: true,
      string: 'x',
      int: 1,
      float: 0.5,
      array: [],
      object: {},
    };
    const typeOk = new Map(KINDS.map((k) => [k, typeAccepts(node, probes[k])] as const));
    const values = node.data.e;
    const hasEnum = values !== undefined && values.length > 0;
    const formatted =
      format !== '' && format !== 'int32' && format !== 'int64' && format !== 'float' && format !== 'double';
    const check: Check = {
      node,
      opaque: false,
      listOpaque: node.properties !== undefined && node.additional !== undefined && node.additional !== false,
      uncheckedFormat: formatted && checkFormat(format, '') === null,
      typeOk,
      bigIntegerOk: typeAccepts(node, 2 ** 64),
      enumValues: hasEnum ? values : undefined,
      enumStrings: hasEnum ? new Set(values.filter((v) => typeof v === 'string')) : undefined,
      string: stringCheck(node, format, this.#regex),
      number: numberCheck(node, format),
      properties: undefined,
      additional: undefined,
      items: undefined,
      allOf: [],
      anyOf: [],
      oneOf: [],
      not: undefined,
      required: node.required,
      stringOk: undefined,
      objectOk: undefined,
    };
    // Set before the children are compiled (schemas are trees, but a cache entry first is harmless).
    this.#checks.set(node, check);
    const children = {
      properties:
        node.properties === undefined
          ? undefined
          : new Map([...node.properties].map(([k, s]) => [k, this.#compile(s)] as const)),
      additional:
        node.additional === false ? (false as const) : node.additional && this.#compile(node.additional),
      items: node.items && this.#compile(node.items),
      allOf: node.allOf.map((s) => this.#compile(s)),
      anyOf: node.anyOf.map((s) => this.#compile(s)),
      oneOf: node.oneOf.map((s) => this.#compile(s)),
      not: node.not && this.#compile(node.not),
    };
    const below = [
      ...(children.properties?.values() ?? []),
      ...(children.additional ? [children.additional] : []),
      ...(children.items ? [children.items] : []),
      ...children.allOf,
      ...children.anyOf,
      ...children.oneOf,
      ...(children.not ? [children.not] : []),
    ];
    const branches = [
      ...children.allOf,
      ...children.anyOf,
      ...children.oneOf,
      ...(children.not ? [children.not] : []),
    ];
    Object.assign(check, children, {
      uncheckedFormat: check.uncheckedFormat || below.some((b) => b.uncheckedFormat),
      opaque: branches.some((b) => b.uncheckedFormat || b.opaque),
    });
    if (branches.length === 0) {
      Object.assign(check, { stringOk: stringAccepts(check), objectOk: objectAccepts(check) });
    }
    return check;
  }

  /**
   * Whether an object is clean: the defaulted body, and the status the API server drops on create
   * (pruned, never validated), would give no unknown field, no pruned null, no schema error and
   * no list-type error.
   *
   * @param root - the `openAPIV3Schema` node
   * @param body - the object as validated (pruning not applied, defaults applied)
   * @param status - a status left out of `body` (the status subresource), or undefined
   * @returns true when pruning changes nothing and the schema and list-type walks find nothing
   */
  isClean(root: SchemaNode, body: Rec, status: unknown): boolean {
    const metadata = body.metadata;
    if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
      for (const k in metadata) if (Object.hasOwn(metadata, k) && !OBJECT_META_FIELDS.has(k)) return false;
    }
    const c = this.#compile(root);
    if (!this.#walk(c, body, PRUNE, NULLS | VALIDATE | LISTS, 0)) return false;
    if (status === undefined) return true;
    const statusCheck = c.properties?.get('status');
    // The status is pruned as a member of the root (its nulls too), and not validated.
    if (statusCheck === undefined) return false;
    if (status === null) return statusCheck.node.nullable || statusCheck.node.hasDefault;
    return this.#walk(statusCheck, status, PRUNE, NULLS, 1);
  }

  /**
   * The walk: at each value, the node's own checks (validation), then its members and items with
   * pruning's, pruned nulls' and validation's rules for what each visits.
   */
  #walk(c: Check, data: unknown, prune: PruneMode, what: number, depth: number): boolean {
    const node = c.node;
    if (depth > MAX_DEPTH) return false;
    const nulls = (what & NULLS) !== 0;
    const validate = (what & VALIDATE) !== 0;
    if (c.opaque || ((what & LISTS) !== 0 && c.listOpaque)) return false;
    if (validate) {
      const ok =
        c.objectOk !== undefined && typeof data === 'object' && data !== null && !Array.isArray(data)
          ? c.objectOk(data as Rec)
          : this.#accepts(c, data);
      if (!ok) return false;
    }
    if (Array.isArray(data)) {
      if ((what & LISTS) !== 0 && node.listType !== undefined && !listTypeAccepts(node, data)) return false;
      const items = c.items;
      const preserve = prune === SKIP || (prune === PRUNE && node.preserveUnknown);
      const itemPrune: PruneMode =
        prune === NONE ? NONE : preserve ? (items === undefined ? NONE : SKIP) : PRUNE;
      if (items === undefined) {
        // Without an item schema, pruning drops every member of an object item.
        for (const x of data) if (!untypedClean(x, itemPrune === PRUNE, depth + 1)) return false;
        return true;
      }
      if (itemPrune === NONE && !nulls && !validate) return true;
      for (const x of data) if (!this.#walk(items, x, itemPrune, what, depth + 1)) return false;
      return true;
    }
    if (typeof data !== 'object' || data === null) return true;
    const rec = data as Rec;
    const props = c.properties;
    const additional = c.additional;
    const preserve = prune === SKIP || (prune === PRUNE && node.preserveUnknown);
    const embedded = depth === 0 || node.embedded;
    // `for … in` with own keys only: `Object.keys` without the array (the order does not matter).
    for (const k in rec) {
      if (!Object.hasOwn(rec, k)) continue;
      const v = rec[k];
      const sub = props?.get(k) ?? (additional === false ? undefined : additional);
      let childPrune: PruneMode = prune === NONE ? NONE : PRUNE;
      if (prune !== NONE && embedded && META_FIELDS.has(k)) childPrune = NONE;
      else if (sub === undefined) {
        if (prune !== NONE && !preserve) return false;
        childPrune = NONE;
      }
      if (sub === undefined) {
        // Validation: a member outside the properties is forbidden only by additionalProperties: false.
        if (validate && additional === false && !props?.has(k)) return false;
        if (!untypedClean(v, false, depth + 1)) return false;
        continue;
      }
      if (nulls && v === null && !sub.node.nullable && !sub.node.hasDefault) return false;
      if (typeof v === 'object' && v !== null) {
        if (!this.#walk(sub, v, childPrune, what, depth + 1)) return false;
      } else if (validate) {
        const ok =
          typeof v === 'string' && sub.stringOk !== undefined ? sub.stringOk(v) : this.#accepts(sub, v);
        if (!ok) return false;
      }
    }
    return true;
  }

  /** The node's own validation of a value (kube-openapi's validators, members and items excluded). */
  #accepts(c: Check, data: unknown): boolean {
    const node = c.node;
    const kind = kindOf(data);
    if (kind === 'null') return (c.typeOk.get('null') ?? false) && c.enumValues === undefined;
    const typeOk = kind === 'float' && Number.isInteger(data) ? c.bigIntegerOk : c.typeOk.get(kind);
    if (!typeOk) return false;
    if (c.anyOf.length > 0 && !c.anyOf.some((b) => this.#validates(b, data))) return false;
    if (c.oneOf.length > 0) {
      let valid = 0;
      for (const b of c.oneOf) if (this.#validates(b, data)) valid++;
      if (valid !== 1) return false;
    }
    for (let i = 0; i < c.allOf.length; i++) if (!this.#validates(c.allOf[i] as Check, data)) return false;
    if (c.not !== undefined && this.#validates(c.not, data)) return false;
    if (kind === 'string' && c.string !== undefined && !c.string(data as string)) return false;
    if ((kind === 'int' || kind === 'float') && c.number !== undefined && !c.number(data as number, kind))
      return false;
    if (c.enumValues !== undefined) {
      const found =
        (typeof data === 'string' && c.enumStrings?.has(data) === true) ||
        c.enumValues.some((v) => enumEquals(data, v));
      if (!found) return false;
    }
    const d = node.data;
    if (kind === 'array') {
      const list = data as unknown[];
      if (d.mi !== undefined && list.length < d.mi) return false;
      if (d.xi !== undefined && list.length > d.xi) return false;
      if (d.u === true) {
        const seen = new Set<string>();
        for (const v of list) {
          const key = goJson(v);
          if (seen.has(key)) return false;
          seen.add(key);
        }
      }
      return true;
    }
    if (kind === 'object') {
      const rec = data as Rec;
      if (d.mp !== undefined || d.xp !== undefined) {
        const n = Object.keys(rec).length;
        if (d.mp !== undefined && n < d.mp) return false;
        if (d.xp !== undefined && n > d.xp) return false;
      }
      for (const k of c.required) if (!Object.hasOwn(rec, k)) return false;
    }
    return true;
  }

  /** Validation alone (an allOf/anyOf/oneOf/not branch): no pruning, no nulls. */
  #validates(c: Check, data: unknown): boolean {
    return this.#walk(c, data, NONE, VALIDATE, 1);
  }
}

/** `#accepts` on a string at a node without branches: its type, string checks and enum. */
function stringAccepts(c: Check): (s: string) => boolean {
  if (c.typeOk.get('string') !== true) return () => false;
  const str = c.string;
  // A string equals an enum value exactly when that value is the same string (enumEquals).
  const strings = c.enumStrings;
  return (s) => (str === undefined || str(s)) && (strings === undefined || strings.has(s));
}

/** `#accepts` on an object at a node without branches: its type, property counts and required. */
function objectAccepts(c: Check): (rec: Rec) => boolean {
  if (c.typeOk.get('object') !== true || c.enumValues !== undefined) return () => false;
  const { mp, xp } = c.node.data;
  const required = c.required;
  return (rec) => {
    if (mp !== undefined || xp !== undefined) {
      const n = Object.keys(rec).length;
      if (mp !== undefined && n < mp) return false;
      if (xp !== undefined && n > xp) return false;
    }
    for (const k of required) if (!Object.hasOwn(rec, k)) return false;
    return true;
  };
}

/**
 * Whether a value without a schema is clean: not nested beyond {@link MAX_DEPTH} (the reference
 * walks it all), and, when it is pruned without a schema, without a member in any object.
 */
function untypedClean(v: unknown, pruned: boolean, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!untypedClean(x, pruned, depth + 1)) return false;
    return true;
  }
  const rec = v as Rec;
  for (const k in rec) {
    if (!Object.hasOwn(rec, k)) continue;
    if (pruned) return false;
    if (!untypedClean(rec[k], pruned, depth + 1)) return false;
  }
  return true;
}
