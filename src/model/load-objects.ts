/**
 * `loadObjects`: already-parsed objects to resources and diagnostics.
 *
 * @packageDocumentation
 */

import { LOAD_CODES } from './_internal/load-codes.js';
import { LoadCollector } from './_internal/load-collector.js';
import { MAX_NESTING } from './_internal/load-cst.js';
import { copyJson } from './_internal/load-json-copy.js';
import { type DocumentContext, Place } from './_internal/load-place.js';
import { fail } from './errors.js';
import type { LoadResult } from './load-types.js';

/** Options of {@link loadObjects}. */
export interface LoadObjectsOptions {
  /** File label for the locations of resources and diagnostics. Default: none. */
  readonly file?: string;
}

/**
 * Loads already-parsed objects with the same rules as `loadManifests`: each element of `objects`
 * is treated like one YAML document (a Kubernetes object, a `kind: List`, the test-data layout or
 * an array of objects; `null`/`undefined` elements are empty documents). The objects are deep-copied
 * first, so the caller's data is never mutated nor shared with the result; a value that is not JSON
 * data (a cycle, a function, a class instance, …) is diagnosed. Never throws on the objects'
 * content.
 *
 * @param objects - parsed Kubernetes objects
 * @param options - {@link LoadObjectsOptions}
 * @returns the same {@link LoadResult} as `loadManifests`; locations carry the element's index
 *   as `document` and a JSON pointer, but no line or column
 * @throws {@link GatewayPolicySimError} only when `objects` is not an array
 * @example
 * const r = loadObjects([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }, { kind: 'Foo' }]);
 * r.resources.map((x) => x.key); // => ['Namespace/apps']
 * r.diagnostics.map((d) => d.code); // => ['GWP-LOAD-MISSING-API-VERSION', 'GWP-LOAD-MISSING-NAME']
 */
export function loadObjects(objects: readonly unknown[], options: LoadObjectsOptions = {}): LoadResult {
  if (!Array.isArray(objects)) fail('GWP-API-BAD-ARGUMENT', 'loadObjects takes an array of objects');
  const collector = new LoadCollector();
  const { file } = options;
  objects.forEach((object: unknown, document) => {
    if (object === null || object === undefined) return; // an empty document, as in YAML
    const context: DocumentContext = { ...(file === undefined ? {} : { file }), document };
    const copied = copyJson(object, MAX_NESTING);
    if (!copied.ok) {
      collector.diagnoseDocument([
        {
          code: copied.code,
          severity: 'error',
          message:
            copied.code === LOAD_CODES.notJson
              ? `not JSON data at ${copied.pointer || 'the top'}: ${copied.reason}`
              : `${copied.reason} at ${copied.pointer}; the object is skipped`,
          location: new Place(null, copied.pointer, context).location(),
        },
      ]);
      return;
    }
    collector.addDocument(new Place(copied.value, '', context));
  });
  return collector.result();
}
