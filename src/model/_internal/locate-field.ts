/**
 * Finds the line and column of a field inside a loaded object, from the text the object was read
 * from. The loader records positions only down to each object; a diagnostic about a field (rare)
 * re-reads just that object's text with the `yaml` package: a block object's lines (by indentation),
 * or a flow/JSON object's braces.
 *
 * @packageDocumentation
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { SourceLocation } from '../diagnostic.js';
import type { ManifestSource } from '../load-types.js';

/** Locates fields of objects read from a set of sources; caches each source's line starts. */
export class FieldLocator {
  readonly #sources: ReadonlyMap<string, string>;
  readonly #lineStarts = new Map<string, number[]>();

  constructor(sources: readonly ManifestSource[]) {
    const map = new Map<string, string>();
    for (const s of sources) if (!map.has(s.file)) map.set(s.file, s.text);
    this.#sources = map;
  }

  /**
   * Where a field of an object is.
   *
   * @param objectAt - the object's location (file, line and column of its first character)
   * @param fieldPointer - JSON pointer inside the object
   * @returns the object's location with the field's line, column and pointer (the nearest
   *   existing ancestor's line and column when the field is absent)
   */
  locate(objectAt: SourceLocation, fieldPointer: string): SourceLocation {
    const pointer = `${objectAt.pointer ?? ''}${fieldPointer}`;
    const base: SourceLocation = { ...objectAt, pointer };
    const text = objectAt.file === undefined ? undefined : this.#sources.get(objectAt.file);
    if (
      text === undefined ||
      objectAt.line === undefined ||
      objectAt.column === undefined ||
      fieldPointer === ''
    ) {
      return base;
    }
    try {
      const found = this.#find(objectAt.file ?? '', text, objectAt.line, objectAt.column, fieldPointer);
      return found === null ? base : { ...base, line: found.line, column: found.column };
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

  #find(
    file: string,
    text: string,
    line: number,
    column: number,
    fieldPointer: string,
  ): { line: number; column: number } | null {
    const starts = this.#starts(file, text);
    const lineStart = starts[line - 1];
    if (lineStart === undefined) return null;
    const offset = lineStart + column - 1;
    const slice =
      text[offset] === '{' || text[offset] === '['
        ? flowSlice(text, offset)
        : blockSlice(text, starts, line, column);
    if (slice === null) return null;
    // The first line is padded to keep columns; lines after it keep their own.
    const padded = ' '.repeat(column - 1) + slice;
    const counter = new LineCounter();
    const doc = parseDocument(padded, { lineCounter: counter, uniqueKeys: false, strict: false });
    const offsetIn = nodeOffset(doc.contents, fieldPointer);
    if (offsetIn === null) return null;
    const pos = counter.linePos(offsetIn);
    return { line: pos.line + line - 1, column: pos.col };
  }
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

/** The offset of the node a JSON pointer names (a map entry's key), or of its nearest ancestor. */
function nodeOffset(root: Node | null, pointer: string): number | null {
  let node: unknown = root;
  let at: number | null = (root as Node | null)?.range?.[0] ?? null;
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (pair === undefined) return at;
      at = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? at;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined || !/^\d+$/.test(segment)) return at;
      at = (item as Node).range?.[0] ?? at;
      node = item;
    } else return at;
  }
  return at;
}
