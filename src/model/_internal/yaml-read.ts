/**
 * The one way YAML text is read into JSON data, for every API that takes text (`loadManifests`,
 * `mergeDocuments`, the CLI): the `yaml` package's parser and composer, behind the same guards:
 *
 * - depth: collections nested deeper than {@link MAX_NESTING} are refused before the composer,
 *   which recurses, meets them (load-cst.ts);
 * - aliases and expansion: `maxAliasCount` and go-yaml's excessive-aliasing rule (yaml-to-json.ts);
 * - anchors: aliases are resolved in one pass, in time linear in the document, and repeated keys
 *   are found with a set (the `yaml` package's own alias resolution and repeated-key check cost
 *   time quadratic in the anchors and keys of a document);
 * - values: only JSON data comes out; the YAML 1.1 tags `!!omap`, `!!set`, `!!pairs`,
 *   `!!binary` and `!!timestamp`, and `.inf` / `.nan`, are reported as `GWP-LOAD-NOT-JSON`;
 * - locations: every line and column is computed from an offset of the text (text-lines.ts).
 *
 * @packageDocumentation
 */
import { type Alias, Composer, type CST, type Document, type Node, Parser, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostic.js';
import { fail } from '../errors.js';
import { LOAD_CODES } from './load-codes.js';
import { MAX_NESTING, tooDeepAt } from './load-cst.js';
import { indentQuotedContinuations } from './load-lenient-quotes.js';
import { TextLines } from './text-lines.js';
import { type YamlProblemKind, yamlToJson } from './yaml-to-json.js';

/** What locations inside a YAML document are computed from. */
export interface YamlSource {
  readonly doc: Document;
  readonly lines: TextLines;
  /** The node each alias of the document names. */
  readonly aliases: ReadonlyMap<Alias, Node>;
}

/** One document of a text, read. */
export interface YamlDocument {
  /** 0-based index of the document in the text. */
  readonly index: number;
  /** The document's value as JSON data (`null` for an empty document); absent when refused. */
  readonly value?: unknown;
  /** Why the document is refused; empty when it was read. */
  readonly errors: readonly Diagnostic[];
  /** Warnings about a document that was read (or refused). */
  readonly warnings: readonly Diagnostic[];
  /** The parsed document, for locations. */
  readonly source: YamlSource;
}

/** Guards of {@link readYaml}. */
export interface ReadYamlOptions {
  /** The `yaml` package's alias limit; `-1` for none. */
  readonly maxAliasCount: number;
}

/**
 * The `maxAliasCount` option of a function that reads YAML text, checked.
 *
 * @param value - the option as given
 * @returns the limit (default 100)
 * @throws GatewayPolicySimError `GWP-API-BAD-OPTION` when it is not an integer >= -1
 */
export function maxAliasCountOf(value: unknown): number {
  if (value === undefined) return 100;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
    fail('GWP-API-BAD-OPTION', 'maxAliasCount must be an integer >= -1 (-1: no limit)');
  }
  return value;
}

/** One parsed document, before conversion. */
interface ParsedDocument {
  readonly doc: Document;
  readonly lines: TextLines;
  /** Where the go-yaml leniency was needed (the original error's offset), when it was. */
  readonly lenientAt?: number;
  /** Offset of a collection nested deeper than {@link MAX_NESTING}; the document was not composed. */
  readonly tooDeepAt?: number;
}

const COMPOSE_OPTIONS = {
  // `<<` merge keys, which go-yaml (Kubernetes) supports.
  merge: true,
  // Repeated keys are found in yaml-to-json.ts, in linear time.
  uniqueKeys: false,
  // Never print.
  logLevel: 'error',
} as const;

/**
 * Parses a stream like the `yaml` package's `parseAllDocuments`, except that documents nested
 * deeper than {@link MAX_NESTING} are not composed (see load-cst.ts), and that each document is
 * handed over as soon as it is composed: a long stream is never held whole in memory.
 *
 * @returns (when done) the errors found outside any document, when the stream has no document
 */
function* parseText(text: string, lines: TextLines): Generator<ParsedDocument, readonly YAMLError[]> {
  const tooDeep: number[] = [];
  // Documents are checked one by one as the parser yields them, then composed (or emptied).
  function* checked(): Generator<CST.Token> {
    for (const token of new Parser().parse(text)) {
      if (token.type !== 'document') {
        yield token;
        continue;
      }
      const at = tooDeepAt(token.value);
      tooDeep.push(at);
      if (at === -1) {
        yield token;
      } else {
        const { value: _dropped, ...empty } = token;
        yield empty;
      }
    }
  }
  const composer = new Composer(COMPOSE_OPTIONS);
  let count = 0;
  // The composer yields a document after reading its last token (so its check is done), and
  // never changes it afterwards.
  for (const doc of composer.compose(checked())) {
    const at = tooDeep[count] ?? -1;
    count += 1;
    yield { doc, lines, ...(at === -1 ? {} : { tooDeepAt: at }) };
  }
  return count === 0 ? composer.streamInfo().errors : [];
}

function hasUnterminatedQuote(doc: Document): boolean {
  return doc.errors.some((e) => e.code === 'MISSING_CHAR' && e.message.startsWith('Missing closing'));
}

/**
 * The documents that fail only because of go-yaml-accepted under-indented quoted scalars, taken
 * from a padded copy of the text (see load-lenient-quotes.ts); the others as they are.
 *
 * @param text - the whole text
 * @param pending - the documents from the first one with an unterminated quoted scalar to the end
 * @param total - how many documents the text has
 */
function repairQuotes(
  text: string,
  pending: readonly ParsedDocument[],
  total: number,
): readonly ParsedDocument[] {
  const padded = indentQuotedContinuations(text);
  if (padded === undefined) return pending;
  const second = Array.from(parseText(padded, new TextLines(padded)));
  if (second.length !== total) return pending;
  const first = total - pending.length;
  return pending.map((p, i) => {
    const repaired = second[first + i];
    const at = p.doc.errors[0]?.pos[0];
    if (repaired === undefined || !hasUnterminatedQuote(p.doc) || repaired.doc.errors.length > 0) return p;
    // Padding only adds spaces at line starts: the original text still locates the error.
    return { ...repaired, ...(at === undefined ? {} : { lenientAt: at }) };
  });
}

/** The first line of a `yaml` error message, without the position it appends. */
function shortMessage(error: YAMLError): string {
  const first = error.message.split('\n', 1)[0] ?? '';
  const at = first.lastIndexOf(' at line ');
  const line = at !== -1 && /^ at line \d+, column \d+:?$/.test(first.slice(at)) ? first.slice(0, at) : first;
  return `${line} (${error.code})`;
}

const PROBLEM_CODES: Readonly<Record<YamlProblemKind, string>> = {
  syntax: LOAD_CODES.yamlSyntax,
  'alias-limit': LOAD_CODES.aliasLimit,
  'excessive-aliasing': LOAD_CODES.aliasLimit,
  'not-json': LOAD_CODES.notJson,
};

/** The message of anything thrown. */
export function thrownMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Reads one parsed document: its value, or why it is refused.
 *
 * @param parsed - the composed document
 * @param file - the file label of locations
 * @param index - the document's index
 * @param maxAliasCount - the alias limit
 * @param original - the lines of the text as given (locates a go-yaml leniency)
 */
function readDocument(
  parsed: ParsedDocument,
  file: string,
  index: number,
  maxAliasCount: number,
  original: TextLines,
): YamlDocument {
  const { doc, lines } = parsed;
  const at = (offset: number, pointer?: string) => {
    const pos = lines.linePos(offset);
    return {
      file,
      document: index,
      line: pos.line,
      column: pos.col,
      ...(pointer === undefined ? {} : { pointer }),
    };
  };
  const fromYaml = (code: string, severity: 'error' | 'warning', e: YAMLError): Diagnostic => ({
    code,
    severity,
    message: shortMessage(e),
    location: at(e.pos[0]),
  });
  const warnings = doc.warnings.map((w) => fromYaml(LOAD_CODES.yamlWarning, 'warning', w));
  if (parsed.lenientAt !== undefined) {
    const pos = original.linePos(parsed.lenientAt);
    warnings.push({
      code: LOAD_CODES.yamlLenient,
      severity: 'warning',
      message:
        'continuation lines of a quoted scalar are indented less than YAML 1.2 allows; read as go-yaml (Kubernetes, Envoy Gateway) reads them',
      location: { file, document: index, line: pos.line, column: pos.col },
    });
  }
  const noAliases = new Map<Alias, Node>();
  const refused = (errors: Diagnostic[], aliases: ReadonlyMap<Alias, Node> = noAliases): YamlDocument => ({
    index,
    errors,
    warnings,
    source: { doc, lines, aliases },
  });
  if (doc.errors.length > 0) {
    // A document the composer refuses is reported by its errors only.
    warnings.length = 0;
    return refused(doc.errors.map((e) => fromYaml(LOAD_CODES.yamlSyntax, 'error', e)));
  }
  if (parsed.tooDeepAt !== undefined) {
    return refused([
      {
        code: LOAD_CODES.tooDeep,
        severity: 'error',
        message: `collections nest deeper than ${MAX_NESTING} levels; the document is skipped`,
        location: at(parsed.tooDeepAt),
      },
    ]);
  }
  let read: ReturnType<typeof yamlToJson>;
  try {
    read = yamlToJson(doc, maxAliasCount);
  } catch (error) {
    const start = doc.contents?.range?.[0];
    return refused([
      {
        code: LOAD_CODES.internal,
        severity: 'error',
        message: `the document could not be loaded: ${thrownMessage(error)}`,
        location: start === undefined ? { file, document: index } : at(start, ''),
      },
    ]);
  }
  if (!read.ok) {
    return refused(
      read.problems.map((p) => ({
        code: PROBLEM_CODES[p.kind],
        severity: 'error',
        message:
          p.kind === 'syntax'
            ? `${p.message}${p.code === undefined ? '' : ` (${p.code})`}`
            : p.kind === 'not-json'
              ? `not JSON data at ${p.pointer || 'the top'}: ${p.message}; the document is skipped`
              : `${p.message}; the document is skipped`,
        location: at(p.offset, p.pointer),
      })),
      read.aliases,
    );
  }
  return { index, value: read.value, errors: [], warnings, source: { doc, lines, aliases: read.aliases } };
}

/**
 * Reads every document of a YAML (or JSON) text, each as soon as it is parsed. Throws only on a
 * fault of the reader itself (callers turn that into a diagnostic).
 *
 * @param text - the text
 * @param file - the file label of locations
 * @param options - {@link ReadYamlOptions}
 * @returns (when done) diagnostics of a stream that holds no document
 */
export function* readYaml(
  text: string,
  file: string,
  options: ReadYamlOptions,
): Generator<YamlDocument, readonly Diagnostic[]> {
  const lines = new TextLines(text);
  const docs = parseText(text, lines);
  // From the first document with an unterminated quoted scalar on, documents wait for the repair.
  const pending: ParsedDocument[] = [];
  let count = 0;
  let next = docs.next();
  for (; next.done !== true; next = docs.next()) {
    const parsed = next.value;
    if (pending.length > 0 || hasUnterminatedQuote(parsed.doc)) pending.push(parsed);
    else yield readDocument(parsed, file, count, options.maxAliasCount, lines);
    count += 1;
  }
  const streamErrors = next.value;
  if (pending.length > 0) {
    const first = count - pending.length;
    const repaired = repairQuotes(text, pending, count);
    for (let i = 0; i < repaired.length; i += 1) {
      yield readDocument(repaired[i] as ParsedDocument, file, first + i, options.maxAliasCount, lines);
    }
  }
  return streamErrors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      code: LOAD_CODES.yamlSyntax,
      severity: 'error',
      message: shortMessage(e),
      location: { file, line: pos.line, column: pos.col },
    };
  });
}
