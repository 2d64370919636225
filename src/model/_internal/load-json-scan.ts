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

/** Why the YAML path must read the text instead. */
export type JsonScanBail =
  | 'duplicate-key'
  | 'too-deep'
  | 'carriage-return'
  | 'not-a-collection'
  | 'not-finite';

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

/** Index of the closing quote of the string value whose opening quote is at `open`. */
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

/** A key as JSON reads it: the text between its quotes, unescaped. */
function keyText(text: string, start: number, end: number, escaped: boolean): string {
  const raw = text.slice(start, end);
  return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Whether text[a, a + length) and text[b, b + length) are the same characters. */
function sameChars(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** Whether the key between the quotes at text[start, end) is `items` (written without escapes). */
function isItems(text: string, start: number, end: number): boolean {
  return end - start === 5 && text.startsWith('items', start);
}

/**
 * Whether an object's keys, `starts[from..to)` / `ends[from..to)` (the text between their quotes),
 * repeat one. Keys written with escapes are compared unescaped.
 */
function hasRepeatedKey(
  text: string,
  starts: readonly number[],
  ends: readonly number[],
  from: number,
  to: number,
  escaped: boolean,
): boolean {
  if (to - from < 2) return false;
  if (!escaped && to - from <= 16) {
    for (let a = from; a < to; a += 1) {
      const sa = starts[a] as number;
      const length = (ends[a] as number) - sa;
      for (let b = a + 1; b < to; b += 1) {
        const sb = starts[b] as number;
        if ((ends[b] as number) - sb === length && sameChars(text, sa, sb, length)) return true;
      }
    }
    return false;
  }
  const seen = new Set<string>();
  for (let a = from; a < to; a += 1) {
    const key = keyText(text, starts[a] as number, ends[a] as number, escaped);
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
  // The open collections, by depth (0: the top-level value): no allocation per collection.
  const isObject = new Uint8Array(MAX_NESTING + 1);
  /** Whether the next string is a key (objects). */
  const expectKey = new Uint8Array(MAX_NESTING + 1);
  /** Whether a key of the object is written with escapes. */
  const escapedKeys = new Uint8Array(MAX_NESTING + 1);
  /** Where the object's keys start in the key stack. */
  const keysFrom = new Int32Array(MAX_NESTING + 1);
  /** The collection's node when it is recorded (its children are then recorded too). */
  const nodes: (JsonNode | undefined)[] = [];
  /** For a recorded object: the key whose value comes next, when that value is recorded. */
  const recordKey: (string | undefined)[] = [];
  // The keys of the open objects: where each starts and ends (between its quotes).
  const keyStarts: number[] = [];
  const keyEnds: number[] = [];
  let keyCount = 0;
  let depth = 0; // open collections
  let root: JsonNode | undefined;
  let line = 1;
  let lineStart = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  /** The node of a value starting at `at`, when the spine records it. */
  const nodeOfValue = (at: number): JsonNode | undefined => {
    if (depth === 0) {
      root = new JsonNode(line, at - lineStart + 1);
      return root;
    }
    const d = depth - 1;
    const parent = nodes[d];
    if (parent === undefined) return undefined;
    if (isObject[d] === 0) {
      const node = new JsonNode(line, at - lineStart + 1);
      (parent.children as JsonNode[]).push(node);
      return node;
    }
    const key = recordKey[d];
    if (key === undefined) return undefined;
    const node = new JsonNode(line, at - lineStart + 1);
    let children = parent.children as Map<string, JsonNode> | undefined;
    if (children === undefined) {
      children = new Map();
      parent.children = children;
    }
    children.set(key, node);
    return node;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    switch (c) {
      case LF:
        line += 1;
        i += 1;
        lineStart = i;
        break;
      case SPACE:
      case TAB:
      case COLON:
        i += 1;
        break;
      case COMMA:
        if (depth > 0 && isObject[depth - 1] === 1) expectKey[depth - 1] = 1;
        i += 1;
        break;
      case CR:
        if (text.charCodeAt(i + 1) !== LF) return { ok: false, why: 'carriage-return' };
        i += 1;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY: {
        if (depth >= MAX_NESTING) return { ok: false, why: 'too-deep' };
        const node = nodeOfValue(i);
        const object = c === OPEN_OBJECT ? 1 : 0;
        if (node !== undefined && object === 0) node.children = [];
        isObject[depth] = object;
        expectKey[depth] = object;
        escapedKeys[depth] = 0;
        keysFrom[depth] = keyCount;
        nodes[depth] = node;
        recordKey[depth] = undefined;
        depth += 1;
        i += 1;
        break;
      }
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        depth -= 1;
        if (isObject[depth] === 1) {
          const from = keysFrom[depth] as number;
          if (hasRepeatedKey(text, keyStarts, keyEnds, from, keyCount, escapedKeys[depth] === 1)) {
            return { ok: false, why: 'duplicate-key' };
          }
          keyCount = from;
        }
        i += 1;
        break;
      case QUOTE: {
        const d = depth - 1;
        if (d >= 0 && expectKey[d] === 1) {
          // A key: short, so read character by character, noting escapes.
          let j = i + 1;
          let escaped = false;
          for (let k = text.charCodeAt(j); k !== QUOTE; k = text.charCodeAt(j)) {
            if (k === BACKSLASH) {
              escaped = true;
              j += 1;
            }
            j += 1;
            if (j >= n) break;
          }
          keyStarts[keyCount] = i + 1;
          keyEnds[keyCount] = j;
          keyCount += 1;
          if (escaped) escapedKeys[d] = 1;
          expectKey[d] = 0;
          if (nodes[d] !== undefined) {
            if (d === 0) recordKey[d] = keyText(text, i + 1, j, escaped);
            else if (escaped) recordKey[d] = keyText(text, i + 1, j, true) === 'items' ? 'items' : undefined;
            else recordKey[d] = isItems(text, i + 1, j) ? 'items' : undefined;
          }
          i = j + 1;
        } else {
          nodeOfValue(i);
          i = closingQuote(text, i) + 1;
        }
        break;
      }
      default: {
        // A number, true, false or null: it ends at a delimiter.
        nodeOfValue(i);
        const start = i;
        let exponent = false;
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
          ) {
            break;
          }
          if ((d | 0x20) === 0x65) exponent = true; // e or E
          i += 1;
        }
        // A number too large for a double (1e400, or 400 digits) is no JSON number once parsed.
        const numeric = c === 0x2d || (c >= 0x30 && c <= 0x39);
        if (numeric && (exponent || i - start > 300) && !Number.isFinite(Number(text.slice(start, i)))) {
          return { ok: false, why: 'not-finite' };
        }
      }
    }
  }
  return root === undefined ? { ok: false, why: 'not-a-collection' } : { ok: true, root };
}
