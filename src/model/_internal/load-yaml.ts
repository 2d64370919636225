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

/** A parsed stream: its documents, and errors found outside any document. */
interface ParsedStream {
  readonly documents: readonly ParsedDocument[];
  readonly streamErrors: readonly YAMLError[];
  readonly lineCounter: LineCounter;
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
 * deeper than {@link MAX_NESTING} are not composed (see load-cst.ts).
 */
function parseText(text: string): ParsedStream {
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
  const docs = Array.from(composer.compose(checked()));
  const documents = docs.map((doc, i): ParsedDocument => {
    locateErrors(doc.errors, lineCounter);
    locateErrors(doc.warnings, lineCounter);
    const at = tooDeep[i] ?? -1;
    return { doc, lineCounter, ...(at === -1 ? {} : { tooDeepAt: at }) };
  });
  const streamErrors = docs.length === 0 ? composer.streamInfo().errors : [];
  locateErrors(streamErrors, lineCounter);
  return { documents, streamErrors, lineCounter };
}

function hasUnterminatedQuote(doc: Document): boolean {
  return doc.errors.some((e) => e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message));
}

/**
 * Parses a stream; documents that fail only because of go-yaml-accepted under-indented quoted
 * scalars are taken from a padded copy of the text (see load-lenient-quotes.ts).
 */
function parseStream(text: string): ParsedStream {
  const first = parseText(text);
  if (!first.documents.some((p) => hasUnterminatedQuote(p.doc))) return first;
  const padded = indentQuotedContinuations(text);
  if (padded === undefined) return first;
  const second = parseText(padded);
  if (second.documents.length !== first.documents.length) return first;
  return {
    ...first,
    documents: first.documents.map((p, i) => {
      const repaired = second.documents[i];
      const at = p.doc.errors[0]?.linePos?.[0];
      if (repaired === undefined || !hasUnterminatedQuote(p.doc) || repaired.doc.errors.length > 0) return p;
      return { ...repaired, ...(at === undefined ? {} : { lenientAt: at }) };
    }),
  };
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

/**
 * Loads every document of one source into the collector. Never throws.
 *
 * @param collector - the load's collector
 * @param source - the text and its file label
 */
export function loadYamlSource(collector: LoadCollector, source: ManifestSource): void {
  let stream: ParsedStream;
  try {
    stream = parseStream(source.text);
  } catch (error) {
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.internal,
        severity: 'error',
        message: `the text could not be parsed: ${thrownMessage(error)}`,
        location: { file: source.file },
      },
    ]);
    return;
  }
  if (stream.streamErrors.length > 0) {
    collector.diagnoseDocument(
      stream.streamErrors.map((e) => yamlDiagnostic(LOAD_CODES.yamlSyntax, 'error', e, source.file)),
    );
  }
  stream.documents.forEach((parsed, document) => {
    const context: DocumentContext = {
      file: source.file,
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
  });
}
