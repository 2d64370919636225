/**
 * The JSON fast path: text that is one JSON object or array is parsed by `JSON.parse` and located
 * by one linear scan (load-json-scan.ts), instead of by the `yaml` package, which takes tens of
 * times longer on large JSON. The result is the one the YAML path gives for the same text; text
 * the YAML path would read differently (invalid JSON, repeated keys, nesting too deep, a bare
 * carriage return) is left to it.
 *
 * @packageDocumentation
 */
import type { ManifestSource } from '../load-types.js';
import { LOAD_CODES } from './load-codes.js';
import type { LoadCollector } from './load-collector.js';
import { type JsonNode, type JsonScan, scanJson } from './load-json-scan.js';
import { type DocumentContext, Place } from './load-place.js';
import { thrownMessage } from './yaml-read.js';

const BOM = 0xfeff;

/** Whether the first character after an optional BOM and JSON white space opens an object or array. */
function opensCollection(text: string): boolean {
  for (let i = text.charCodeAt(0) === BOM ? 1 : 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x7b || c === 0x5b; // `{` or `[`
  }
  return false;
}

/**
 * Loads a source whose text is a JSON object or array, when the fast path can read it exactly as
 * the YAML path would. Never throws.
 *
 * @param collector - the load's collector
 * @param source - the text and its file label
 * @returns whether the source was loaded; when `false`, nothing was added and the YAML path must load it
 */
export function loadJsonSource(collector: LoadCollector, source: ManifestSource): boolean {
  const { text } = source;
  if (!opensCollection(text)) return false;
  collector.readsFrom(source);
  let value: unknown;
  let scan: JsonScan;
  try {
    // JSON.parse refuses a BOM; the `yaml` package skips it but counts it in columns, as the scan does.
    value = JSON.parse(text.charCodeAt(0) === BOM ? text.slice(1) : text);
    scan = scanJson(text);
  } catch {
    return false;
  }
  if (!scan.ok) return false;
  addDocumentGuarded(collector, value, { file: source.file, document: 0 }, scan.root);
  return true;
}

/**
 * Adds one parsed document (a fast path's) to the collector; a failure diagnoses that document,
 * as in the YAML path: what was added stays counted, and the document counts once more as
 * diagnosed.
 *
 * @param collector - the load's collector
 * @param value - the document's value
 * @param context - its file and index
 * @param node - its recorded root node
 */
export function addDocumentGuarded(
  collector: LoadCollector,
  value: unknown,
  context: DocumentContext,
  node: JsonNode | undefined,
): void {
  try {
    collector.addDocument(new Place(value, '', context, node));
  } catch (error) {
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.internal,
        severity: 'error',
        message: `the document could not be loaded: ${thrownMessage(error)}`,
        location: new Place(null, '', context, node).location(),
      },
    ]);
  }
}
