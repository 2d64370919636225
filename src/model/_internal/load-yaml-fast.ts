/**
 * The YAML fast path: block-style YAML as `kubectl get -o yaml` and most hand-written manifests
 * write it (block mappings and sequences, plain and single-line quoted scalars, literal block
 * scalars, empty flow collections, comments, `---` documents) is read by a line-based reader that
 * is many times faster than the `yaml` package. Anything else — anchors, aliases, tags, flow
 * collections with content, folded or multi-line scalars, merge keys, repeated keys, tabs,
 * carriage returns, directives — makes the whole source go to the `yaml` package, so the result
 * is always the one the YAML path gives (`test/model/load-yaml-fast.test.ts` compares both on
 * every YAML file of Envoy Gateway's test data and on generated text).
 *
 * Values resolve with the YAML 1.2 core schema, as the `yaml` package resolves them; positions
 * are recorded along the loader's spine, as the JSON fast path records them (load-json-scan.ts).
 *
 * @packageDocumentation
 */
import type { ManifestSource } from '../load-types.js';
import type { LoadCollector } from './load-collector.js';
import { MAX_NESTING } from './load-cst.js';
import { addDocumentGuarded } from './load-json.js';
import { JsonNode } from './load-json-scan.js';

/**
 * Collections nested this deep are left to the `yaml` package, which refuses more than
 * {@link MAX_NESTING} levels with a diagnostic (a margin, rather than its exact count).
 */
const DEPTH_LIMIT = MAX_NESTING - 8;

/** Thrown inside the reader when the text needs the `yaml` package. */
class Bail extends Error {}
const BAIL = new Bail('yaml fast path: not in the subset');

function bail(): never {
  throw BAIL;
}

/** One line: its 1-based number, indentation and the text after it. */
interface Line {
  readonly no: number;
  indent: number;
  content: string;
}

/** A value read, with its node when it is recorded (along the loader's spine). */
interface Read {
  readonly value: unknown;
  readonly node: JsonNode | undefined;
}

// YAML 1.2 core schema, as the `yaml` package's core tags test and resolve plain scalars.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * A plain scalar as the core schema resolves it. A number that is not finite (`.inf`, `.nan`,
 * `1e400`) is not JSON data: the YAML path reports it, so this reader leaves it there.
 */
function resolvePlain(s: string): unknown {
  const value = resolveCore(s);
  if (typeof value === 'number' && !Number.isFinite(value)) bail();
  return value;
}

/** A plain scalar as the YAML 1.2 core schema resolves it. */
function resolveCore(s: string): unknown {
  // Most scalars are names: a first character no null, bool or number starts with is a string.
  const c = s.charCodeAt(0);
  const lower = c | 0x20;
  const maybeOther =
    s === '' ||
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x7e || // ~
    lower === 0x6e || // n N
    lower === 0x74 || // t T
    lower === 0x66; // f F
  if (!maybeOther) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return Number.NaN;
    return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** Characters that cannot start a plain scalar here (or start a construct this reader leaves out). */
const NOT_PLAIN_START = new Set([
  '-',
  '?',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);

/** Whether a plain scalar may start this text: `-`, `?` and `:` only when a non-space follows. */
function plainStart(text: string): boolean {
  const c = text[0];
  if (c === undefined) return false;
  if (c === '-' || c === '?' || c === ':') return text.length > 1 && text[1] !== ' ';
  return !NOT_PLAIN_START.has(c);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * A quoted scalar that starts at `text[0]` and ends on the same line; returns its value and the
 * rest of the line after the closing quote.
 */
function quoted(text: string): { value: string; rest: string } {
  const q = text[0];
  let out = '';
  let i = 1;
  if (q === "'") {
    for (;;) {
      const j = text.indexOf("'", i);
      if (j < 0) bail();
      out += text.slice(i, j);
      if (text[j + 1] === "'") {
        out += "'";
        i = j + 2;
        continue;
      }
      return { value: out, rest: text.slice(j + 1) };
    }
  }
  for (; i < text.length; i++) {
    // The run of plain characters up to the next quote or backslash, copied at once (a
    // character at a time makes a long string out of a million pieces).
    let j = i;
    while (j < text.length && text.charCodeAt(j) !== 0x22 && text.charCodeAt(j) !== 0x5c) j++;
    out += text.slice(i, j);
    i = j;
    if (i >= text.length) break;
    const c = text[i]!;
    if (c === '"') return { value: out, rest: text.slice(i + 1) };
    const e = text[++i];
    if (e === undefined) bail();
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = text.slice(i + 1, i + 1 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) bail();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) bail();
    out += String.fromCodePoint(code);
    i += width;
  }
  return bail();
}

/** What may follow a scalar on its line: nothing, or spaces then a comment. */
function assertLineEnd(rest: string): void {
  if (rest === '') return;
  if (!/^ +(?:#.*)?$/.test(rest)) bail();
}

/** Reads the documents of one text, or bails. */
class Reader {
  private readonly lines: Line[];
  private i = 0;
  /** The end (exclusive) of the current document's lines. */
  private end = 0;

  constructor(text: string) {
    const raw = text.split('\n');
    // The text after the last line break is a line only when it is not empty.
    if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
    this.lines = raw.map((t, k) => {
      let n = 0;
      while (t.charCodeAt(n) === 0x20) n++;
      return { no: k + 1, indent: n, content: t.slice(n) };
    });
  }

  /** The documents: per document, its value and root node (null for an empty one). */
  documents(): Read[] {
    const lines = this.lines;
    // Document ranges: a `---` line opens one; content before the first `---` opens one too.
    const ranges: [number, number][] = [];
    let open = -1;
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k]!;
      if (l.indent === 0) {
        if (l.content === '---' || /^--- +(?:#.*)?$/.test(l.content)) {
          if (open >= 0) ranges.push([open, k]);
          open = k + 1;
          continue;
        }
        if (l.content.startsWith('---') || l.content.startsWith('...') || l.content.startsWith('%')) bail();
      }
      if (open < 0 && l.content !== '' && !l.content.startsWith('#')) open = 0;
    }
    if (open >= 0) ranges.push([open, lines.length]);
    const out: Read[] = [];
    for (const [from, to] of ranges) {
      this.i = from;
      this.end = to;
      const l = this.peek();
      if (l === null) {
        out.push({ value: null, node: undefined });
        continue;
      }
      if (l.indent !== 0) bail();
      const r = this.block(-1, true, 0);
      if (this.peek() !== null) bail();
      out.push(r);
    }
    return out;
  }

  /** The next line with content (blank lines and comment lines skipped), or null. */
  private peek(): Line | null {
    while (this.i < this.end) {
      const l = this.lines[this.i]!;
      if (l.content === '' || l.content.startsWith('#')) {
        this.i++;
        continue;
      }
      if (l.content.includes('\t') || l.content.includes('\r')) bail();
      return l;
    }
    return null;
  }

  /** A block node whose lines are indented more than `parent`; null when there is none. */
  private block(parent: number, record: boolean, depth: number): Read {
    if (depth >= DEPTH_LIMIT) bail();
    const l = this.peek();
    if (l === null || l.indent <= parent) return { value: null, node: undefined };
    if (l.content === '-' || l.content.startsWith('- ')) return this.seq(l.indent, record, depth);
    return this.map(l.indent, record, depth);
  }

  private seq(indent: number, record: boolean, depth: number): Read {
    if (depth >= DEPTH_LIMIT) bail();
    const first = this.peek()!;
    const node = record ? new JsonNode(first.no, first.indent + 1) : undefined;
    const items: unknown[] = [];
    const kids: JsonNode[] = [];
    for (let l = this.peek(); l !== null && l.indent === indent; l = this.peek()) {
      if (!(l.content === '-' || l.content.startsWith('- '))) break;
      let rest = l.content.slice(1);
      let pad = 0;
      while (rest.charCodeAt(pad) === 0x20) pad++;
      rest = rest.slice(pad);
      const itemIndent = indent + 1 + pad;
      let r: Read;
      if (rest === '' || rest.startsWith('#')) {
        if (rest !== '') bail();
        this.i++;
        const nested = this.block(indent, record, depth + 1);
        // An empty item: the `yaml` package places its null at the end of the `-` line.
        r =
          nested.value === null && nested.node === undefined
            ? { value: null, node: record ? new JsonNode(l.no, l.indent + l.content.length + 1) : undefined }
            : nested;
      } else if (rest === '-' || rest.startsWith('- ')) {
        return bail();
      } else if (this.isMapEntry(rest)) {
        // A compact mapping: the item's first entry is on the `-` line.
        l.indent = itemIndent;
        l.content = rest;
        r = this.map(itemIndent, record, depth + 1);
      } else {
        this.i++;
        r = this.scalar(rest, l.no, itemIndent + 1, indent, record, depth + 1);
      }
      items.push(r.value);
      if (node) kids.push(r.node ?? new JsonNode(l.no, itemIndent + 1));
    }
    if (node) node.children = kids;
    return { value: items, node };
  }

  /** Whether a line's content is `key: …` or `key:` (a plain or single-line quoted key). */
  private isMapEntry(content: string): boolean {
    if (content[0] === '"' || content[0] === "'") {
      try {
        const { rest } = quoted(content);
        return rest === ':' || rest.startsWith(': ');
      } catch (error) {
        if (error !== BAIL) throw error;
        return false;
      }
    }
    const c = content.indexOf(':');
    return c > 0 && (c === content.length - 1 || content[c + 1] === ' ');
  }

  private map(indent: number, record: boolean, depth: number): Read {
    if (depth >= DEPTH_LIMIT) bail();
    const first = this.peek()!;
    const node = record ? new JsonNode(first.no, first.indent + 1) : undefined;
    const obj: Record<string, unknown> = {};
    const kids = record ? new Map<string, JsonNode>() : undefined;
    for (let l = this.peek(); l !== null && l.indent === indent; l = this.peek()) {
      if (l.content === '-' || l.content.startsWith('- ')) break;
      let key: string;
      let after: string;
      let keyEnd: number;
      if (l.content[0] === '"' || l.content[0] === "'") {
        const q = quoted(l.content);
        if (!(q.rest === ':' || q.rest.startsWith(': '))) bail();
        key = q.value;
        after = q.rest.slice(1);
        keyEnd = l.content.length - q.rest.length;
      } else {
        const c = l.content.indexOf(': ');
        const colon = c >= 0 ? c : l.content.endsWith(':') ? l.content.length - 1 : -1;
        if (colon <= 0) bail();
        key = l.content.slice(0, colon);
        if (!plainStart(key) || key.endsWith(' ') || key.includes(' #') || key.includes(': ')) bail();
        if (typeof resolvePlain(key) !== 'string') bail();
        after = l.content.slice(colon + 1);
        keyEnd = colon;
      }
      // The `yaml` package refuses an implicit key longer than 1024 characters.
      if (keyEnd > 1000) bail();
      if (key === '<<' || key === '__proto__' || Object.hasOwn(obj, key)) bail();
      let pad = 0;
      while (after.charCodeAt(pad) === 0x20) pad++;
      const rest = after.slice(pad);
      const valueCol = indent + keyEnd + 1 + pad + 1;
      const recordChild = record && (depth === 0 || key === 'items');
      let r: Read;
      if (rest === '' || rest.startsWith('#')) {
        if (rest !== '') bail();
        this.i++;
        // The value is on the following lines: more indented, or a sequence at the same indent.
        const next = this.peek();
        if (
          next !== null &&
          next.indent === indent &&
          (next.content === '-' || next.content.startsWith('- '))
        )
          r = this.seq(indent, recordChild, depth + 1);
        else r = this.block(indent, recordChild, depth + 1);
        if (r.value === null && r.node === undefined && recordChild)
          r = { value: null, node: new JsonNode(l.no, indent + l.content.length + 1) };
      } else {
        this.i++;
        r = this.scalar(rest, l.no, valueCol, indent, recordChild, depth + 1);
      }
      obj[key] = r.value;
      if (kids && r.node) kids.set(key, r.node);
    }
    if (node) node.children = kids;
    return { value: obj, node };
  }

  /**
   * A value written after `key: ` or `- ` on line `no` at column `col`, in a collection indented
   * `parent`: a quoted or plain scalar, a literal block scalar, or an empty flow collection.
   */
  private scalar(
    text: string,
    no: number,
    col: number,
    parent: number,
    record: boolean,
    depth: number,
  ): Read {
    const node = record ? new JsonNode(no, col) : undefined;
    const c = text[0]!;
    let value: unknown;
    if (c === '"' || c === "'") {
      const q = quoted(text);
      assertLineEnd(q.rest);
      value = q.value;
    } else if (c === '|' || c === '>') {
      value = this.literal(text, parent);
    } else if (c === '[' || c === '{') {
      // An empty flow collection is a collection too, for the nesting limit.
      if (depth >= DEPTH_LIMIT) bail();
      const m = /^(\[\]|\{\})(.*)$/.exec(text);
      if (!m) bail();
      assertLineEnd(m[2]!);
      value = m[1] === '[]' ? [] : {};
      if (node) node.children = m[1] === '[]' ? [] : new Map();
    } else {
      if (!plainStart(text)) bail();
      const hash = text.indexOf(' #');
      const raw = hash >= 0 ? text.slice(0, hash) : text;
      // Trailing spaces off, in linear time (a regex anchored at the end retries from each space).
      let e = raw.length;
      while (e > 0 && raw.charCodeAt(e - 1) === 0x20) e--;
      const plain = raw.slice(0, e);
      if (plain.includes(': ') || plain.endsWith(':')) bail();
      value = resolvePlain(plain);
    }
    // A plain or quoted scalar continued on more indented lines is a multi-line scalar.
    if (c !== '|' && c !== '>') {
      const next = this.peek();
      if (next !== null && next.indent > parent) bail();
    }
    return { value, node };
  }

  /**
   * A block scalar: literal (`|`) or folded (`>`), with chomping (`-`, `+`) and an optional
   * indentation digit. Lines of spaces only that go past the indentation are left to the `yaml`
   * package.
   */
  private literal(header: string, parent: number): string {
    const m = /^([|>])([+-]?)([1-9]?)([+-]?)$/.exec(header);
    if (!m || (m[2] && m[4])) bail();
    const fold = m[1] === '>';
    const chomp = m[2] || m[4] || '';
    const explicit = m[3] ? Number(m[3]) : 0;
    const lines = this.lines;
    // The content: every following line that is blank or indented more than the parent.
    const body: Line[] = [];
    let k = this.i;
    for (; k < this.end; k++) {
      const l = lines[k]!;
      if (l.content !== '' && l.indent <= parent) break;
      body.push(l);
    }
    let indent = explicit > 0 ? parent + explicit : -1;
    if (indent < 0) {
      const firstContent = body.find((l) => l.content !== '');
      if (!firstContent) bail();
      indent = firstContent.indent;
    }
    if (indent <= parent) bail();
    // Content lines without the indentation; '' for an empty line.
    const texts: string[] = [];
    for (const l of body) {
      if (l.content === '') {
        if (l.indent > indent) bail();
        texts.push('');
        continue;
      }
      if (l.indent < indent) bail();
      texts.push(`${' '.repeat(l.indent - indent)}${l.content}`);
    }
    this.i = k;
    let last = texts.length;
    while (last > 0 && texts[last - 1] === '') last--;
    const trailing = texts.length - last;
    let text = '';
    if (!fold) {
      for (let j = 0; j < last; j++) text += `${texts[j]}\n`;
    } else {
      // Folding: a single break between two lines not starting with a space becomes a space;
      // empty lines are kept as breaks; breaks around more indented lines are kept.
      let empty = 0;
      let read = false;
      let moreIndented = false;
      for (let j = 0; j < last; j++) {
        const t = texts[j]!;
        if (t === '') {
          empty++;
          continue;
        }
        if (t[0] === ' ') {
          moreIndented = true;
          text += '\n'.repeat(read ? 1 + empty : empty);
        } else if (moreIndented) {
          moreIndented = false;
          text += '\n'.repeat(empty + 1);
        } else if (empty === 0) {
          if (read) text += ' ';
        } else {
          text += '\n'.repeat(empty);
        }
        text += t;
        read = true;
        empty = 0;
      }
      if (read) text += '\n';
    }
    if (last === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    // Chomping: strip drops the final line break, clip keeps it, keep adds the trailing empty lines.
    if (chomp === '-') return text.slice(0, -1);
    if (chomp === '+') return text + '\n'.repeat(trailing);
    return text;
  }
}

/** Quick refusals before reading: what the subset never contains. */
function outOfSubset(text: string): boolean {
  return (
    text.includes('\ufeff') ||
    text.includes('\r') ||
    text.includes('\t') ||
    /(?:^|[\s:[{,-])[&*!][^\s]/.test(text) ||
    text.includes('<<')
  );
}

/**
 * Loads a YAML source through the fast path when the whole text is in its subset. Never throws on
 * user input (text outside the subset declines); a fault of the reader itself is not hidden.
 *
 * @param collector - the load's collector
 * @param source - the text and its file label
 * @returns whether the source was loaded; when `false`, nothing was added and the YAML path must load it
 */
export function loadYamlFastSource(collector: LoadCollector, source: ManifestSource): boolean {
  if (outOfSubset(source.text)) return false;
  collector.readsFrom(source);
  let docs: Read[];
  try {
    docs = new Reader(source.text).documents();
  } catch (error) {
    // Only the reader's own signal declines: a fault of this reader is a bug, and surfaces.
    if (error !== BAIL) throw error;
    return false;
  }
  docs.forEach((d, document) => {
    if (d.value !== null) addDocumentGuarded(collector, d.value, { file: source.file, document }, d.node);
  });
  return true;
}
