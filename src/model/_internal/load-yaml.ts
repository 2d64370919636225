/**
 * YAML/JSON text → documents → the shared normaliser, keeping every document's position.
 *
 * @packageDocumentation
 */
import { Composer, type CST, type Document, LineCounter, Parser, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostic.js';
import type { ManifestSource } from '../load-types.js';
import { LOAD_CODES } from './load-codes.js';
import type { LoadCollector } from './load-collector.js';
import { MAX_NESTING, tooDeepAt } from './load-cst.js';
import { indentQuotedContinuations } from './load-lenient-quotes.js';
import { type DocumentContext, Place } from './load-place.js';

/** One parsed YAML document with the line counter of the text it was parsed from. */
interface ParsedDocument {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Where the go-yaml leniency was needed (the original error), when it was. */
  readonly lenientAt?: { readonly line: number; readonly col: number };
  /** Offset of a collection nested deeper than {@link MAX_NESTING}; the document was not composed. */
  readonly tooDeepAt?: number;
}

const COMPOSE_OPTIONS = {
  // `<<` merge keys, which go-yaml (Kubernetes) supports.
  merge: true,
  // Never print.
  logLevel: 'error',
} as const;

/** Adds `linePos` to errors, as the `yaml` package's own `parseAllDocuments` does. */
function locateErrors(errors: readonly YAMLError[], lineCounter: LineCounter): void {
  for (const error of errors) {
    if (error.linePos === undefined && error.pos[0] >= 0) {
      const start = lineCounter.linePos(error.pos[0]);
      const end = lineCounter.linePos(error.pos[1]);
      error.linePos = [start, end];
    }
  }
}

/**
 * Parses a stream like the `yaml` package's `parseAllDocuments`, except that documents nested
 * deeper than {@link MAX_NESTING} are not composed (see load-cst.ts), and that each document is
 * handed over as soon as it is composed: a long stream is never held whole in memory.
 *
 * @returns (when done) the errors found outside any document, when the stream has no document
 */
function* parseText(text: string): Generator<ParsedDocument, readonly YAMLError[]> {
  const lineCounter = new LineCounter();
  const tooDeep: number[] = [];
  // Documents are checked one by one as the parser yields them, then composed (or emptied).
  function* checked(): Generator<CST.Token> {
    for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
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
    locateErrors(doc.errors, lineCounter);
    locateErrors(doc.warnings, lineCounter);
    const at = tooDeep[count] ?? -1;
    count += 1;
    yield { doc, lineCounter, ...(at === -1 ? {} : { tooDeepAt: at }) };
  }
  const streamErrors = count === 0 ? composer.streamInfo().errors : [];
  locateErrors(streamErrors, lineCounter);
  return streamErrors;
}

function hasUnterminatedQuote(doc: Document): boolean {
  return doc.errors.some((e) => e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message));
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
  const second = Array.from(parseText(padded));
  if (second.length !== total) return pending;
  const first = total - pending.length;
  return pending.map((p, i) => {
    const repaired = second[first + i];
    const at = p.doc.errors[0]?.linePos?.[0];
    if (repaired === undefined || !hasUnterminatedQuote(p.doc) || repaired.doc.errors.length > 0) return p;
    return { ...repaired, ...(at === undefined ? {} : { lenientAt: at }) };
  });
}

/** The first line of a `yaml` error message, without the position it appends. */
function shortMessage(error: YAMLError): string {
  const line = error.message.split('\n')[0] ?? '';
  return `${line.replace(/ at line \d+, column \d+:?$/, '')} (${error.code})`;
}

function yamlDiagnostic(
  code: string,
  severity: 'error' | 'warning',
  error: YAMLError,
  file: string,
  document?: number,
): Diagnostic {
  const pos = error.linePos?.[0];
  return {
    code,
    severity,
    message: shortMessage(error),
    location: {
      file,
      ...(document === undefined ? {} : { document }),
      ...(pos === undefined ? {} : { line: pos.line, column: pos.col }),
    },
  };
}

/** The message of anything thrown. */
export function thrownMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function loadDocument(collector: LoadCollector, parsed: ParsedDocument, context: DocumentContext): void {
  const { doc } = parsed;
  const file = context.file ?? '<input>';
  if (doc.errors.length > 0) {
    collector.diagnoseDocument(
      doc.errors.map((e) => yamlDiagnostic(LOAD_CODES.yamlSyntax, 'error', e, file, context.document)),
    );
    return;
  }
  for (const w of doc.warnings) {
    collector.report(yamlDiagnostic(LOAD_CODES.yamlWarning, 'warning', w, file, context.document));
  }
  if (parsed.lenientAt !== undefined) {
    collector.report({
      code: LOAD_CODES.yamlLenient,
      severity: 'warning',
      message:
        'continuation lines of a quoted scalar are indented less than YAML 1.2 allows; read as go-yaml (Kubernetes, Envoy Gateway) reads them',
      location: {
        file,
        document: context.document,
        line: parsed.lenientAt.line,
        column: parsed.lenientAt.col,
      },
    });
  }
  if (parsed.tooDeepAt !== undefined) {
    const pos = parsed.lineCounter.linePos(parsed.tooDeepAt);
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.tooDeep,
        severity: 'error',
        message: `collections nest deeper than ${MAX_NESTING} levels; the document is skipped`,
        location: { file, document: context.document, line: pos.line, column: pos.col },
      },
    ]);
    return;
  }
  const root = doc.contents;
  if (root === null) return;
  const maxAliasCount = collector.maxAliasCount;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError) || !/Excessive alias count/.test(error.message)) throw error;
    const start = new Place(null, '', context, root).location();
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.aliasLimit,
        severity: 'error',
        message: `the document expands more than ${maxAliasCount} aliases (${error.message}); it is skipped`,
        location: start,
      },
    ]);
    return;
  }
  collector.addDocument(new Place(value, '', context, root));
}

/** Loads one parsed document; a failure diagnoses that document. */
function loadParsed(collector: LoadCollector, file: string, parsed: ParsedDocument, document: number): void {
  const context: DocumentContext = {
    file,
    document,
    yaml: { doc: parsed.doc, lineCounter: parsed.lineCounter },
  };
  try {
    loadDocument(collector, parsed, context);
  } catch (error) {
    // Whatever was added before the failure stays counted; the document counts once more as diagnosed.
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.internal,
        severity: 'error',
        message: `the document could not be loaded: ${thrownMessage(error)}`,
        location: new Place(null, '', context, parsed.doc.contents ?? undefined).location(),
      },
    ]);
  }
}

/**
 * Loads every document of one source into the collector, each as soon as it is parsed. Never
 * throws: when parsing fails, what the source added is taken back and the source is one
 * diagnosed document.
 *
 * @param collector - the load's collector
 * @param source - the text and its file label
 */
export function loadYamlSource(collector: LoadCollector, source: ManifestSource): void {
  const mark = collector.mark();
  try {
    const docs = parseText(source.text);
    // From the first document with an unterminated quoted scalar on, documents wait for the repair.
    const pending: ParsedDocument[] = [];
    let count = 0;
    let next = docs.next();
    for (; next.done !== true; next = docs.next()) {
      const parsed = next.value;
      if (pending.length > 0 || hasUnterminatedQuote(parsed.doc)) pending.push(parsed);
      else loadParsed(collector, source.file, parsed, count);
      count += 1;
    }
    const streamErrors = next.value;
    if (streamErrors.length > 0) {
      collector.diagnoseDocument(
        streamErrors.map((e) => yamlDiagnostic(LOAD_CODES.yamlSyntax, 'error', e, source.file)),
      );
    }
    if (pending.length > 0) {
      const first = count - pending.length;
      repairQuotes(source.text, pending, count).forEach((parsed, i) => {
        loadParsed(collector, source.file, parsed, first + i);
      });
    }
  } catch (error) {
    collector.rollback(mark);
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.internal,
        severity: 'error',
        message: `the text could not be parsed: ${thrownMessage(error)}`,
        location: { file: source.file },
      },
    ]);
  }
}
