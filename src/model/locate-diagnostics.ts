/**
 * `locateDiagnostics`: diagnostics about a field of a resource, placed at that field's range in
 * the text the resource was read from.
 *
 * @packageDocumentation
 */
import { FieldLocator } from './_internal/locate-field.js';
import type { Diagnostic } from './diagnostic.js';
import type { LoadResult, ManifestSource } from './load-types.js';
import type { Resource } from './resource.js';

/**
 * Places each diagnostic of a resource at the range of the field its JSON pointer names: start at
 * the field's key (or list item), end just after its value (`location.end`, exclusive). A
 * diagnostic about the resource as a whole (its pointer is the resource's) gets the object's range.
 * Diagnostics that already have an end, that name no resource of the load, or whose resource was
 * not read from text (`loadObjects`) are returned as they are; a field that is absent is placed at
 * its nearest existing ancestor (the pointer still names the field). Never throws on user input;
 * inputs are never mutated.
 *
 * @param diagnostics - diagnostics of the load or of what was computed from it (`simulate`,
 *   `lint`, `policyFindings`, …)
 * @param load - the load the resources come from (what `simulate` returns as `load` does)
 * @param sources - the text the load was read from
 * @returns the diagnostics, located, in the same order
 * @example
 * const sources = [{ file: 'a.yaml', text }];
 * const result = simulate(sources);
 * const located = locateDiagnostics(lint(result.resolution), result.load, sources);
 * located[0]?.location?.end; // => { line: 12, column: 20 }
 */
export function locateDiagnostics(
  diagnostics: readonly Diagnostic[],
  load: LoadResult,
  sources: readonly ManifestSource[],
): Diagnostic[] {
  const byKey = new Map<string, Resource[]>();
  const add = (r: Resource): void => {
    const list = byKey.get(r.key);
    if (list === undefined) byKey.set(r.key, [r]);
    else list.push(r);
  };
  for (const r of load.resources) add(r);
  for (const r of load.duplicates ?? []) add(r);
  let locator: FieldLocator | undefined;
  return diagnostics.map((d) => {
    const at = d.location;
    if (at === undefined || at.end !== undefined || d.resource === undefined || at.file === undefined)
      return d;
    const resource = resourceAt(byKey.get(d.resource), d);
    if (resource === undefined) return d;
    locator ??= new FieldLocator(sources);
    const fieldPointer = (at.pointer ?? '').slice((resource.source.pointer ?? '').length);
    const located = locator.locate(resource.source, fieldPointer);
    return located.end === undefined ? d : { ...d, location: located };
  });
}

/**
 * The resource a diagnostic is about, among those of its key: read from the diagnostic's file and
 * document, its pointer inside the resource's, and still at the resource's own line (a
 * diagnostic placed elsewhere by its producer keeps that place).
 */
function resourceAt(candidates: readonly Resource[] | undefined, d: Diagnostic): Resource | undefined {
  const at = d.location;
  if (candidates === undefined || at === undefined) return undefined;
  return candidates.find((r) => {
    const s = r.source;
    if (s.file !== at.file || s.document !== at.document || s.line === undefined) return false;
    if (at.line !== undefined && (at.line !== s.line || at.column !== s.column)) return false;
    const own = s.pointer ?? '';
    const pointer = at.pointer ?? '';
    return pointer === own || pointer.startsWith(`${own}/`);
  });
}
