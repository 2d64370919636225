/**
 * One linear scan of JSON text that finds where the loader's documents start, so that JSON can be
 * parsed by `JSON.parse` and still be located as the YAML path locates it (line, column).
 *
 * The scan records positions only along the spine the loader walks: the top-level value, every
 * child of a top-level object or array, every element of a recorded array and the `items` value
 * of a recorded object (a `kind: List`, nested Lists included). It also finds what would make the
 * YAML path read the same text differently, so that the caller can leave such text to it: a
 * repeated key (a YAML error), nesting deeper than {@link MAX_NESTING} (refused by the YAML path),
 * and a carriage return not followed by a line feed (a YAML syntax error, JSON white space).
 *
 * @packageDocumentation
 */
import { MAX_NESTING } from './load-cst.js';

/** Where a recorded value starts, and its recorded children. */
export class JsonNode {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units (as the `yaml` package counts). */
  readonly column: number;
  /** Recorded children: by key for an object, by index for an array. */
  children: Map<string, JsonNode> | JsonNode[] | undefined;

  constructor(line: number, column: number) {
    this.line = line;
    this.column = column;
  }

  /**
   * A recorded child.
   *
   * @param segment - an object key or an array index
   * @returns the child's node, or `undefined` when it was not recorded
   */
  child(segment: string | number): JsonNode | undefined {
    const { children } = this;
    if (children === undefined) return undefined;
    if (Array.isArray(children)) return typeof segment === 'number' ? children[segment] : undefined;
    return typeof segment === 'string' ? children.get(segment) : undefined;
  }
}

/** An open collection during the scan. */
interface Frame {
  readonly isObject: boolean;
  /** The collection's node when it is recorded (its children are then recorded too). */
  readonly node: JsonNode | undefined;
  /** Whether every key of this object is recorded (the top-level object), not only `items`. */
  readonly allKeys: boolean;
  /** Start of this object's keys in the shared key stack. */
  readonly keysStart: number;
  /** The key whose value comes next (objects). */
  key: string;
  /** Whether a key comes next (objects). */
  expectKey: boolean;
}

/** Why the YAML path must read the text instead. */
export type JsonScanBail = 'duplicate-key' | 'too-deep' | 'carriage-return' | 'not-a-collection';

/** The scan's outcome. */
export type JsonScan =
  | { readonly ok: true; readonly root: JsonNode }
  | { readonly ok: false; readonly why: JsonScanBail };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Index of the closing quote of the string whose opening quote is at `open`. */
function closingQuote(text: string, open: number): number {
  let j = open + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j === -1) return text.length; // not valid JSON; the caller parsed it first
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k -= 1;
    if ((j - 1 - k) % 2 === 0) return j;
    j += 1;
  }
}

/** Whether keys[start..] holds a repeated key. */
function hasRepeatedKey(keys: readonly string[], start: number): boolean {
  const end = keys.length;
  if (end - start < 2) return false;
  if (end - start <= 16) {
    for (let a = start; a < end; a += 1) {
      for (let b = a + 1; b < end; b += 1) if (keys[a] === keys[b]) return true;
    }
    return false;
  }
  const seen = new Set<string>();
  for (let a = start; a < end; a += 1) {
    const key = keys[a] as string;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/**
 * Scans JSON text that `JSON.parse` accepts, recording where the loader's documents start.
 *
 * @param text - valid JSON whose top-level value is an object or an array (a leading BOM allowed)
 * @returns the top-level value's node, or why the YAML path must read the text
 */
export function scanJson(text: string): JsonScan {
  const n = text.length;
  const stack: Frame[] = [];
  const keys: string[] = [];
  let root: JsonNode | undefined;
  let line = 1;
  let lineStart = 0;
  let i = 0;

  /** The node of a value starting at `at`, when the spine records it. */
  const nodeOfValue = (at: number): JsonNode | undefined => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = new JsonNode(line, at - lineStart + 1);
      return root;
    }
    const parent = top.node;
    if (parent === undefined) return undefined;
    if (!top.isObject) {
      const node = new JsonNode(line, at - lineStart + 1);
      (parent.children as JsonNode[]).push(node);
      return node;
    }
    if (!top.allKeys && top.key !== 'items') return undefined;
    const node = new JsonNode(line, at - lineStart + 1);
    let children = parent.children as Map<string, JsonNode> | undefined;
    if (children === undefined) {
      children = new Map();
      parent.children = children;
    }
    children.set(top.key, node);
    return node;
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line += 1;
      i += 1;
      lineStart = i;
    } else if (c === SPACE || c === TAB || c === COMMA || c === COLON) {
      if (c === COMMA) {
        const top = stack[stack.length - 1];
        if (top?.isObject) top.expectKey = true;
      }
      i += 1;
    } else if (c === CR) {
      if (text.charCodeAt(i + 1) !== LF) return { ok: false, why: 'carriage-return' };
      i += 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= MAX_NESTING) return { ok: false, why: 'too-deep' };
      const node = nodeOfValue(i);
      const isObject = c === OPEN_OBJECT;
      if (node !== undefined && !isObject) node.children = [];
      stack.push({
        isObject,
        node,
        allKeys: stack.length === 0,
        keysStart: keys.length,
        key: '',
        expectKey: isObject,
      });
      i += 1;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      const frame = stack.pop();
      if (frame?.isObject) {
        if (hasRepeatedKey(keys, frame.keysStart)) return { ok: false, why: 'duplicate-key' };
        keys.length = frame.keysStart;
      }
      i += 1;
    } else if (c === QUOTE) {
      const end = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (top?.isObject && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        keys.push(key);
        top.key = key;
        top.expectKey = false;
      } else {
        nodeOfValue(i);
      }
      i = end + 1;
    } else {
      // A number, true, false or null: it ends at a delimiter.
      nodeOfValue(i);
      i += 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (
          d === COMMA ||
          d === CLOSE_ARRAY ||
          d === CLOSE_OBJECT ||
          d === SPACE ||
          d === LF ||
          d === CR ||
          d === TAB
        )
          break;
        i += 1;
      }
    }
  }
  return root === undefined ? { ok: false, why: 'not-a-collection' } : { ok: true, root };
}
