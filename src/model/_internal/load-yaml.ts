/**
 * YAML/JSON text → documents → the shared normaliser, keeping every document's position.
 *
 * @packageDocumentation
 */
import type { ManifestSource } from '../load-types.js';
import { LOAD_CODES } from './load-codes.js';
import type { LoadCollector } from './load-collector.js';
import { type DocumentContext, Place } from './load-place.js';
import { readYaml, thrownMessage, type YamlDocument } from './yaml-read.js';

/** Loads one read document; a failure of the normaliser diagnoses that document. */
function loadRead(collector: LoadCollector, file: string, read: YamlDocument): void {
  const { doc } = read.source;
  const context: DocumentContext = {
    file,
    document: read.index,
    yaml: read.source,
    keyIndex: new WeakMap(),
  };
  try {
    for (const w of read.warnings) collector.report(w);
    if (read.errors.length > 0) {
      collector.diagnoseDocument(read.errors);
      return;
    }
    if (doc.contents === null) return;
    collector.addDocument(new Place(read.value, '', context, doc.contents));
  } catch (error) {
    // Whatever was added before the failure stays counted; the document counts once more as diagnosed.
    collector.diagnoseDocument([
      {
        code: LOAD_CODES.internal,
        severity: 'error',
        message: `the document could not be loaded: ${thrownMessage(error)}`,
        location: new Place(null, '', context, doc.contents ?? undefined).location(),
      },
    ]);
  }
}

/**
 * Loads every document of one source into the collector, each as soon as it is read. Never
 * throws: when reading fails, what the source added is taken back and the source is one
 * diagnosed document.
 *
 * @param collector - the load's collector
 * @param source - the text and its file label
 */
export function loadYamlSource(collector: LoadCollector, source: ManifestSource): void {
  const mark = collector.mark();
  collector.readsFrom(source);
  try {
    const docs = readYaml(source.text, source.file, { maxAliasCount: collector.maxAliasCount });
    let next = docs.next();
    for (; next.done !== true; next = docs.next()) loadRead(collector, source.file, next.value);
    if (next.value.length > 0) collector.diagnoseDocument(next.value);
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
