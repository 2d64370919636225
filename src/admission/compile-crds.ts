/**
 * `compileCrds`: a CRD set from CustomResourceDefinition documents.
 *
 * @packageDocumentation
 */
import type { CrdSet } from '../model/admission-types.js';
import { compileCrdData } from './compile-crd-data.js';
import { compileCrdSet } from './crd-set.js';

/**
 * Builds a CRD set from CRD documents (parsed YAML/JSON); documents that are not CRDs are skipped.
 *
 * @param name - the set's name
 * @param documents - the documents
 * @returns the CRD set
 * @throws Error when a schema uses a keyword the compiler does not know
 * @example
 * compileCrds('mine', [widgetCrd]).has('example.com', 'Widget'); // => true
 */
export function compileCrds(name: string, documents: readonly unknown[]): CrdSet {
  return compileCrdSet(compileCrdData(name, documents));
}
