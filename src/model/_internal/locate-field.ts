/**
 * Finds the range of a field inside a loaded object (start and end line and column), from the text
 * the object was read from. The loader records positions only down to each object; a diagnostic
 * about a field re-reads just that object's text with the `yaml` package (once per object): a
 * block object's lines (by indentation), or a flow/JSON object's braces.
 *
 * @packageDocumentation
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { SourceLocation, SourcePosition } from '../diagnostic.js';
import type { ManifestSource } from '../load-types.js';
import { valueEnd } from './node-end.js';

/** A field's range in a text: 1-based start and exclusive end. */
interface FieldRange {
  readonly line: number;
  readonly column: number;
  readonly end: SourcePosition;
}

/** One object's text, parsed once: the root node and how to turn its offsets into positions. */
interface ParsedObject {
  readonly root: Node | null;
  readonly text: string;
  readonly counter: LineCounter;
  /** Line of the object's first character in the file (the parsed text's line 1). */
  readonly line: number;
}

/** Locates fields of objects read from a set of sources; caches each source's line starts. */
export class FieldLocator {
  readonly #sources: ReadonlyMap<string, string>;
  readonly #lineStarts = new Map<string, number[]>();
  /** Each object parsed, by `file:line:column` of its first character. */
  readonly #parsed = new Map<string, ParsedObject | null>();

  constructor(sources: readonly ManifestSource[]) {
    const map = new Map<string, string>();
    for (const s of sources) if (!map.has(s.file)) map.set(s.file, s.text);
    this.#sources = map;
  }

  /**
   * Where a field of an object is: from its key (or list item) to the end of its value.
   *
   * @param objectAt - the object's location (file, line and column of its first character)
   * @param fieldPointer - JSON pointer inside the object (`''`: the object itself)
   * @returns the object's location with the field's line, column, end and pointer (the nearest
   *   existing ancestor's range when the field is absent; the object's location as given when
   *   there is no text to read it from)
   */
  locate(objectAt: SourceLocation, fieldPointer: string): SourceLocation {
    const pointer = `${objectAt.pointer ?? ''}${fieldPointer}`;
    const base: SourceLocation = { ...objectAt, pointer };
    const text = objectAt.file === undefined ? undefined : this.#sources.get(objectAt.file);
    if (text === undefined || objectAt.line === undefined || objectAt.column === undefined) {
      return base;
    }
    try {
      const parsed = this.#parse(objectAt.file ?? '', text, objectAt.line, objectAt.column);
      const found = parsed === null ? null : fieldRange(parsed, fieldPointer);
      return found === null ? base : { ...base, line: found.line, column: found.column, end: found.end };
    } catch {
      return base;
    }
  }

  #starts(file: string, text: string): number[] {
    let starts = this.#lineStarts.get(file);
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.#lineStarts.set(file, starts);
    }
    return starts;
  }

  #parse(file: string, text: string, line: number, column: number): ParsedObject | null {
    const key = `${line}:${column}:${file}`;
    const known = this.#parsed.get(key);
    if (known !== undefined) return known;
    const starts = this.#starts(file, text);
    const lineStart = starts[line - 1];
    let parsed: ParsedObject | null = null;
    if (lineStart !== undefined) {
      const offset = lineStart + column - 1;
      const slice =
        text[offset] === '{' || text[offset] === '['
          ? flowSlice(text, offset)
          : blockSlice(text, starts, line, column);
      if (slice !== null) {
        // The first line is padded to keep columns; lines after it keep their own.
        const padded = ' '.repeat(column - 1) + slice;
        const counter = new LineCounter();
        const doc = parseDocument(padded, { lineCounter: counter, uniqueKeys: false, strict: false });
        parsed = { root: doc.contents, text: padded, counter, line };
      }
    }
    this.#parsed.set(key, parsed);
    return parsed;
  }
}

/** The range of the node a pointer names in a parsed object, in the file's lines and columns. */
function fieldRange(parsed: ParsedObject, fieldPointer: string): FieldRange | null {
  const offsets = nodeRange(parsed.root, fieldPointer, parsed.text);
  if (offsets === null) return null;
  const start = parsed.counter.linePos(offsets[0]);
  const end = parsed.counter.linePos(offsets[1]);
  return {
    line: start.line + parsed.line - 1,
    column: start.col,
    end: { line: end.line + parsed.line - 1, column: end.col },
  };
}

/** The text of a flow collection starting at `offset`, up to its matching bracket. */
function flowSlice(text: string, offset: number): string | null {
  let depth = 0;
  let quote = '';
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(offset, i + 1);
    }
  }
  return null;
}

/** The lines of a block object starting at (line, column): until a line indented less, or `---`. */
function blockSlice(text: string, starts: readonly number[], line: number, column: number): string {
  const first = (starts[line - 1] ?? 0) + column - 1;
  let end = text.length;
  for (let l = line; l < starts.length; l++) {
    const s = starts[l] ?? text.length;
    const e = (starts[l + 1] ?? text.length + 1) - 1;
    const content = text.slice(s, e).replace(/\r$/, '');
    if (/^(---|\.\.\.)(\s|$)/.test(content)) {
      end = s;
      break;
    }
    const trimmed = content.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (content.length - trimmed.length < column - 1) {
      end = s;
      break;
    }
  }
  return text.slice(first, end);
}

/**
 * The offsets of the node a JSON pointer names, or of its nearest existing ancestor: from a map
 * entry's key (or a list item) to the end of its value.
 */
function nodeRange(root: Node | null, pointer: string, text: string): [number, number] | null {
  if (root === null || root.range == null) return null;
  let node: unknown = root;
  let at: [number, number] = [root.range[0], valueEnd(root, text)];
  const segments =
    pointer === ''
      ? []
      : pointer
          .split('/')
          .slice(1)
          .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (pair === undefined || !isScalar(pair.key) || pair.key.range == null) return at;
      const value = isNode(pair.value) && pair.value.range != null ? pair.value : undefined;
      at = [pair.key.range[0], value === undefined ? pair.key.range[1] : valueEnd(value, text)];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!/^\d+$/.test(segment) || !isNode(item) || item.range == null) return at;
      at = [item.range[0], valueEnd(item, text)];
      node = item;
    } else return at;
  }
  return at;
}
