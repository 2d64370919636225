/**
 * A value being loaded together with where it sits: its JSON pointer and, for text input, the
 * node it came from (for line and column): a YAML node, or a {@link JsonNode} of the JSON fast path.
 *
 * @packageDocumentation
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../diagnostic.js';
import { JsonNode } from './load-json-scan.js';
import type { YamlSource } from './yaml-read.js';

/** What is shared by every place of one document. */
export interface DocumentContext {
  /** File label; absent for objects handed in without one. */
  readonly file?: string;
  /** 0-based document index in the file (or position in the `loadObjects` array). */
  readonly document: number;
  /** The parsed YAML document, its lines and aliases, for YAML input. */
  readonly yaml?: YamlSource;
  /** Each YAML mapping's value nodes by key, built when a child of it is first looked up. */
  readonly keyIndex?: WeakMap<YAMLMap, Map<string, Node | undefined>>;
}

/** Escapes one JSON pointer segment (RFC 6901). */
function escapeSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** A value, its pointer in the document, and the nearest YAML node that holds it. */
export class Place {
  readonly value: unknown;
  readonly pointer: string;
  readonly context: DocumentContext;
  /** The node of this value, when known; else the nearest ancestor's (for line/column). */
  readonly #node: Node | JsonNode | undefined;
  /** Whether {@link #node} is this value's own node (children can only be found from it). */
  readonly #exact: boolean;

  constructor(
    value: unknown,
    pointer: string,
    context: DocumentContext,
    node?: Node | JsonNode,
    exact = true,
  ) {
    this.value = value;
    this.pointer = pointer;
    this.context = context;
    this.#node = node;
    this.#exact = exact && node !== undefined;
  }

  /**
   * The place of a child value: an object key or an array index.
   *
   * @param segment - the key or index
   * @param value - the child's value (already read by the caller)
   * @returns its place
   */
  child(segment: string | number, value: unknown): Place {
    const pointer = `${this.pointer}/${typeof segment === 'number' ? segment : escapeSegment(segment)}`;
    const own = this.#exact ? this.#childNode(segment) : undefined;
    return own === undefined
      ? new Place(value, pointer, this.context, this.#node, false)
      : new Place(value, pointer, this.context, own, true);
  }

  #childNode(segment: string | number): Node | JsonNode | undefined {
    if (this.#node instanceof JsonNode) return this.#node.child(segment);
    let node: unknown = this.#node;
    if (isAlias(node)) node = this.context.yaml?.aliases.get(node);
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      return isNode(item) ? item : undefined;
    }
    if (isMap(node) && typeof segment === 'string') return this.#valueNodes(node).get(segment);
    return undefined;
  }

  /** A mapping's value nodes by key (the first pair of a key), built once per mapping. */
  #valueNodes(map: YAMLMap): Map<string, Node | undefined> {
    const cache = this.context.keyIndex;
    const known = cache?.get(map);
    if (known !== undefined) return known;
    const byKey = new Map<string, Node | undefined>();
    for (const pair of map.items) {
      const key: unknown = pair.key;
      if (!isScalar(key)) continue;
      const keyText = String(key.value);
      if (!byKey.has(keyText)) byKey.set(keyText, isNode(pair.value) ? pair.value : undefined);
    }
    cache?.set(map, byKey);
    return byKey;
  }

  /**
   * Where this value comes from: file, document, line and column (1-based) and JSON pointer.
   *
   * @returns the location
   */
  location(): SourceLocation {
    const { file, document, yaml } = this.context;
    const { pointer } = this;
    const node = this.#node;
    let line = 0;
    let column = 0;
    if (node instanceof JsonNode) {
      line = node.line;
      column = node.column;
    } else {
      const offset = node?.range?.[0];
      if (yaml !== undefined && offset !== undefined) {
        const pos = yaml.lines.linePos(offset);
        line = pos.line;
        column = pos.col;
      }
    }
    // Literal objects (not spreads): this runs once per resource.
    if (line === 0) return file === undefined ? { document, pointer } : { file, document, pointer };
    return file === undefined
      ? { document, line, column, pointer }
      : { file, document, line, column, pointer };
  }
}
