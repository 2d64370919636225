/**
 * A composed YAML document to JSON data, without recursion and in time linear in the document.
 *
 * The `yaml` package's own `toJS` gives the values this module gives, but: it resolves each alias
 * by scanning every anchor and alias before it, and counts nested aliases by visiting the whole
 * document again (a thousand aliases in a 150,000-node document took 73 s); it recurses; it puts
 * a `Map`, a `Set`, a `Uint8Array` or a `Date` into the result for the YAML 1.1 tags `!!omap`,
 * `!!set`, `!!binary` and `!!timestamp`; it throws a `ReferenceError` on an unresolved alias; and
 * an alias inside the node it names makes a cycle. Here aliases are resolved as the walk meets
 * them, in document order (the last anchor of that name before the alias, as YAML and the `yaml`
 * package resolve them), and every such value is a problem of the input, located at its node.
 *
 * The guards:
 * - `maxAliasCount`: the `yaml` package's rule (an anchor's uses times the aliases its value
 *   holds may not exceed it; `-1` for no limit), counted as its `toJS` counts;
 * - expansion: go-yaml's rule (what Kubernetes reads YAML with): a document whose aliases make
 *   more than a ratio of the values it decodes (99 % in small documents, falling to 10 % from
 *   400,000 to 4,000,000 decoded values) "contains excessive aliasing";
 * - repeated keys in a mapping are syntax errors, as the `yaml` package reports them (its own
 *   check compares each key with every earlier one; this one keeps a set).
 *
 * @packageDocumentation
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type Scalar,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/** Why a document cannot be read as JSON data. */
export type YamlProblemKind = 'syntax' | 'alias-limit' | 'excessive-aliasing' | 'not-json';

/** One problem, at an offset of the text, with the JSON pointer of the value it concerns. */
export interface YamlProblem {
  readonly kind: YamlProblemKind;
  /** For syntax problems: a code in the style of the `yaml` package's (`DUPLICATE_KEY`, `BAD_ALIAS`). */
  readonly code?: string;
  readonly message: string;
  readonly offset: number;
  readonly pointer: string;
}

/** The result of {@link yamlToJson}. */
export type YamlJson =
  | { readonly ok: true; readonly value: unknown; readonly aliases: ReadonlyMap<Alias, Node> }
  | {
      readonly ok: false;
      readonly problems: readonly YamlProblem[];
      readonly aliases: ReadonlyMap<Alias, Node>;
    };

/** What an anchor holds while the walk goes on. */
interface AnchorData {
  readonly node: Node;
  value: unknown;
  /** True while the anchored collection is being converted (an alias to it would be a cycle). */
  active: boolean;
  /** Values decoded for it, aliases expanded (go-yaml's count). */
  size: number;
  /** The `yaml` package's alias bookkeeping: uses, and aliases held (-1: not computed yet). */
  count: number;
  aliasCount: number;
}

/** A collection being converted. */
interface Frame {
  readonly node: YAMLMap | YAMLSeq;
  readonly out: Record<string, unknown> | unknown[];
  readonly anchor: AnchorData | undefined;
  /** Its segment under its parent. */
  readonly segment: string | number;
  /** The next item to read. */
  next: number;
  /** Values decoded so far (itself included). */
  size: number;
  /** The key the pending child goes to; `MERGE` for a `<<` merge key's value. */
  key: string | typeof MERGE | undefined;
  /** Scalar key values met so far (repeated-key check), for mappings. */
  readonly seen: Set<unknown> | undefined;
}

const MERGE = Symbol('merge');

/**
 * go-yaml's `allowedAliasRatio` (yaml.v2 decode.go), the share of decoded values aliases may make.
 *
 * @param decoded - values decoded so far
 * @returns the largest share aliases may make
 */
export function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (decoded - 400_000)) / 3_600_000;
}

/** The `yaml` package's test for a `<<` merge key (merge keys are always on here). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  if (typeof v === 'symbol') return v.description === '<<';
  return v === '<<' && (!key.type || key.type === 'PLAIN');
}

/** How a YAML tag is named in messages: `tag:yaml.org,2002:omap` → `!!omap`. */
function tagName(node: Node): string {
  const tag = node.tag ?? '';
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** Why a scalar's value is not JSON data, or undefined when it is. */
function scalarNotJson(node: Scalar): string | undefined {
  const v = node.value;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${v} is not a JSON number`;
  const what = v instanceof Date ? 'a date' : v instanceof Uint8Array ? 'binary data' : `a ${typeof v} value`;
  const tag = tagName(node);
  return `${tag === '' ? 'the scalar' : `the ${tag} scalar`} is ${what}, not JSON data`;
}

/** Why a collection is not JSON data (a YAML 1.1 `!!omap`, `!!set` or `!!pairs`), or undefined. */
function collectionNotJson(node: YAMLMap | YAMLSeq): string | undefined {
  const proto: unknown = Object.getPrototypeOf(node);
  const plain = proto === YAMLMap.prototype || proto === YAMLSeq.prototype;
  if (plain && !(isSeq(node) && node.items.some((item) => isPair(item)))) return undefined;
  const tag = tagName(node);
  return `${tag === '' ? 'a collection of pairs' : `a ${tag} collection`} is not JSON data`;
}

/** Escapes one JSON pointer segment (RFC 6901). */
function escapeSegment(segment: string | number): string {
  return typeof segment === 'number' ? String(segment) : segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Sets an own enumerable property, `__proto__` included. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Thrown inside the walk to stop it at the first problem that refuses the document. */
class Stop {
  readonly problem: YamlProblem;
  constructor(problem: YamlProblem) {
    this.problem = problem;
  }
}

/**
 * Converts a composed document (no composer errors) to JSON data. Never throws.
 *
 * @param doc - a document composed with `uniqueKeys: false` and merge keys on
 * @param maxAliasCount - the `yaml` package's alias limit (`-1`: none)
 * @returns the value and the node each alias names, or the problems (repeated keys all, else the
 *   first other problem)
 */
export function yamlToJson(doc: Document, maxAliasCount: number): YamlJson {
  const aliases = new Map<Alias, Node>();
  const anchors = new Map<string, AnchorData>();
  const anchorOf = new Map<Node, AnchorData>();
  const repeated: YamlProblem[] = [];
  const stack: Frame[] = [];
  let decoded = 1; // the document node, as go-yaml counts it
  let aliasDriven = 0;

  const pointerTo = (last?: string | number): string => {
    let p = '';
    for (let i = 1; i < stack.length; i += 1) p += `/${escapeSegment((stack[i] as Frame).segment)}`;
    if (last !== undefined) p += `/${escapeSegment(last)}`;
    return p;
  };
  const stop = (
    kind: YamlProblemKind,
    message: string,
    node: Node | null | undefined,
    last?: string | number,
    code?: string,
  ): never => {
    const offset = node?.range?.[0] ?? 0;
    throw new Stop({
      kind,
      ...(code === undefined ? {} : { code }),
      message,
      offset,
      pointer: pointerTo(last),
    });
  };

  /** The `yaml` package's getAliasCount of a node: the largest alias weight inside it (1 for a scalar). */
  const aliasWeight = (root: Node): number => {
    let max = 0;
    const todo: unknown[] = [root];
    for (let n = todo.pop(); n !== undefined || todo.length > 0; n = todo.pop()) {
      if (isAlias(n)) {
        const target = aliases.get(n);
        const data = target === undefined ? undefined : anchorOf.get(target);
        const w = data === undefined ? 0 : data.count * Math.max(data.aliasCount, 0);
        if (w > max) max = w;
      } else if (isMap(n) || isSeq(n)) {
        for (const item of n.items) todo.push(item);
      } else if (isPair(n)) {
        todo.push((n as Pair).key, (n as Pair).value);
      } else if (max < 1) {
        max = 1; // a scalar, or an empty key or value
      }
    }
    return max;
  };

  /** Resolves an alias: its anchor's value and decoded size, after the guards. */
  const resolve = (alias: Alias, last: string | number | undefined): AnchorData => {
    const data = anchors.get(alias.source);
    if (data === undefined) {
      const message = `unresolved alias *${alias.source}: no anchor &${alias.source} before it`;
      return stop('syntax', message, alias, last, 'BAD_ALIAS');
    }
    if (data.active) {
      const message = `the alias *${alias.source} is inside the value it names (a cycle)`;
      return stop('syntax', message, alias, last, 'BAD_ALIAS');
    }
    aliases.set(alias, data.node);
    if (maxAliasCount >= 0) {
      data.count += 1;
      if (data.aliasCount < 0) data.aliasCount = aliasWeight(data.node);
      if (maxAliasCount === 0 || data.count * data.aliasCount > maxAliasCount) {
        stop(
          'alias-limit',
          `the document expands more than ${maxAliasCount} aliases (*${alias.source})`,
          alias,
          last,
        );
      }
    }
    decoded += 1 + data.size;
    aliasDriven += data.size;
    if (aliasDriven > 100 && decoded > 1000 && aliasDriven / decoded > allowedAliasRatio(decoded)) {
      stop(
        'excessive-aliasing',
        `the document contains excessive aliasing (aliases make ${aliasDriven} of its ${decoded} values)`,
        alias,
        last,
      );
    }
    return data;
  };

  /** Registers a node's anchor, when it has one. */
  const anchorFor = (node: Node, value: unknown, active: boolean): AnchorData | undefined => {
    if (!node.anchor) return undefined;
    const data: AnchorData = { node, value, active, size: 1, count: 1, aliasCount: -1 };
    anchors.set(node.anchor, data);
    anchorOf.set(node, data);
    return data;
  };

  /**
   * Starts reading a value: a scalar or an alias is read at once (returns its value and size); a
   * collection is pushed as a frame (returns undefined).
   */
  const begin = (
    node: unknown,
    segment: string | number | undefined,
  ): { value: unknown; size: number } | undefined => {
    if (node === null || node === undefined) {
      decoded += 1;
      return { value: null, size: 1 };
    }
    if (isAlias(node)) {
      const data = resolve(node, segment);
      return { value: data.value, size: 1 + data.size };
    }
    if (isScalar(node)) {
      const why = scalarNotJson(node);
      if (why !== undefined) stop('not-json', why, node, segment);
      decoded += 1;
      anchorFor(node, node.value, false);
      return { value: node.value, size: 1 };
    }
    if (isMap(node) || isSeq(node)) {
      const why = collectionNotJson(node);
      if (why !== undefined) stop('not-json', why, node, segment);
      decoded += 1;
      const out: Record<string, unknown> | unknown[] = isMap(node) ? {} : [];
      stack.push({
        node,
        out,
        anchor: anchorFor(node, out, true),
        segment: segment ?? '',
        next: 0,
        size: 1,
        key: undefined,
        seen: isMap(node) ? new Set() : undefined,
      });
      return undefined;
    }
    return stop('not-json', 'a value of an unknown kind is not JSON data', undefined, segment);
  };

  /** A mapping key as the `yaml` package writes it into a JS object. */
  const keyOf = (frame: Frame, key: unknown): { text: string; size: number } => {
    let value: unknown = null;
    let size = 1;
    let node: Node | undefined;
    if (isAlias(key)) {
      const data = resolve(key, undefined);
      node = data.node;
      value = data.value;
      size = 1 + data.size;
      if (!isScalar(node)) stop('not-json', 'a mapping key that is a collection is not JSON data', key);
    } else if (isScalar(key)) {
      node = key;
      value = key.value;
      decoded += 1;
      anchorFor(key, value, false);
      const why = scalarNotJson(key);
      if (why !== undefined) stop('not-json', why, key);
      // Repeated keys, as the `yaml` package compares them (`===` on scalar values: NaN never repeats).
      if (!Number.isNaN(value)) {
        if (frame.seen?.has(value)) {
          const offset = key.range?.[0] ?? 0;
          const message = 'Map keys must be unique';
          repeated.push({ kind: 'syntax', code: 'DUPLICATE_KEY', message, offset, pointer: pointerTo() });
        }
        frame.seen?.add(value);
      }
    } else if (key === null || key === undefined) {
      decoded += 1;
    } else {
      stop('not-json', 'a mapping key that is a collection is not JSON data', key as Node);
    }
    return { text: value === null ? '' : String(value), size };
  };

  /** Applies a `<<` merge: the keys of the named mappings the mapping does not have yet. */
  const merge = (frame: Frame, valueNode: unknown, value: unknown): void => {
    const target = frame.out as Record<string, unknown>;
    const source = isAlias(valueNode) ? aliases.get(valueNode) : valueNode;
    const mapsOf: unknown[] = isSeq(source) ? source.items : [source];
    const values: unknown[] = isSeq(source) ? (value as unknown[]) : [value];
    mapsOf.forEach((item, i) => {
      const map = isAlias(item) ? aliases.get(item) : item;
      if (!isMap(map)) {
        stop('syntax', 'merge sources must be maps or map aliases', valueNode as Node, '<<', 'BAD_MERGE');
      }
      const from = values[i] as Record<string, unknown>;
      for (const k of Object.keys(from)) if (!Object.hasOwn(target, k)) defineOwn(target, k, from[k]);
    });
  };

  /** Hands a finished child value to the frame on top of the stack. */
  const deliver = (value: unknown, size: number, valueNode: unknown): void => {
    const frame = stack[stack.length - 1] as Frame;
    frame.size += size;
    if (Array.isArray(frame.out)) frame.out.push(value);
    else if (frame.key === MERGE) merge(frame, valueNode, value);
    else defineOwn(frame.out, frame.key as string, value);
  };

  let result: unknown = null;
  try {
    const root = doc.contents;
    const first = begin(root, undefined);
    if (first !== undefined) result = first.value;
    else result = (stack[0] as Frame).out;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      const { items } = frame.node;
      if (frame.next >= items.length) {
        stack.pop();
        if (frame.anchor !== undefined) {
          frame.anchor.active = false;
          frame.anchor.size = frame.size;
        }
        if (stack.length > 0) deliver(frame.out, frame.size, frame.node);
        continue;
      }
      const index = frame.next;
      frame.next += 1;
      let child: unknown;
      let segment: string | number;
      if (isSeq(frame.node)) {
        child = items[index];
        segment = index;
      } else {
        const pair = items[index] as Pair;
        child = pair.value;
        if (isMergeKey(pair.key)) {
          decoded += 1;
          frame.size += 1;
          frame.key = MERGE;
          segment = '<<';
        } else {
          const key = keyOf(frame, pair.key);
          frame.size += key.size;
          frame.key = key.text;
          segment = key.text;
        }
      }
      const read = begin(child, segment);
      if (read !== undefined) deliver(read.value, read.size, child);
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ok: false, problems: [...repeated, error.problem], aliases };
  }
  if (repeated.length > 0) return { ok: false, problems: repeated, aliases };
  return { ok: true, value: result, aliases };
}
