/**
 * `loadManifests`: YAML or JSON text to resources and diagnostics.
 *
 * @packageDocumentation
 */

import { LoadCollector } from './_internal/load-collector.js';
import { loadJsonSource } from './_internal/load-json.js';
import { loadYamlSource } from './_internal/load-yaml.js';
import { loadYamlFastSource } from './_internal/load-yaml-fast.js';
import { maxAliasCountOf } from './_internal/yaml-read.js';
import { fail } from './errors.js';
import type { LoadOptions, LoadResult, ManifestSource } from './load-types.js';

function isSource(value: unknown): value is ManifestSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { file?: unknown }).file === 'string' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

function toSources(input: unknown): readonly ManifestSource[] {
  if (typeof input === 'string') return [{ file: '<input>', text: input }];
  if (isSource(input)) return [input];
  if (Array.isArray(input) && input.every(isSource)) return input;
  return fail(
    'GWP-API-BAD-ARGUMENT',
    'loadManifests takes YAML text, a { file, text } source, or an array of sources',
  );
}

/**
 * Loads Kubernetes manifests: multi-document YAML or JSON, `kind: List` (and `*List` kinds, nested
 * lists included), a top-level array of objects, or Envoy Gateway's translator test-data layout.
 * Every document becomes a resource or diagnostics saying why not; user input never makes it
 * throw. Text that is one JSON object or array is read by `JSON.parse`, with the same result as
 * the YAML reading. Pure, synchronous and browser-safe. See docs/loading.md.
 *
 * @param input - YAML/JSON text (reported as `<input>`), a source, or several sources (loaded in order)
 * @param options - {@link LoadOptions}
 * @returns resources in input order, diagnostics, a summary (`documents === resources + diagnosed`)
 *   and the test-data layout's settings
 * @throws {@link GatewayPolicySimError} only on API misuse (a wrong argument type, a bad option)
 * @example
 * const r = loadManifests('kind: HTTPRoute\napiVersion: gateway.networking.k8s.io/v1\nmetadata: {name: web}\n---\nkind: Gateway\n');
 * r.resources.map((x) => x.key); // => ['HTTPRoute/default/web']
 * r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`);
 * // => ['5:1 GWP-LOAD-MISSING-API-VERSION', '5:1 GWP-LOAD-MISSING-NAME']
 * r.summary; // => { documents: 2, resources: 1, diagnosed: 1, unknownKinds: 0 }
 */
export function loadManifests(
  input: string | ManifestSource | readonly ManifestSource[],
  options: LoadOptions = {},
): LoadResult {
  const sources = toSources(input);
  const collector = new LoadCollector(maxAliasCountOf(options.maxAliasCount));
  for (const source of sources) {
    // JSON text (one object or array) and block-style YAML take fast paths that give the same
    // result as the `yaml` package; see docs/loading.md.
    if (!loadJsonSource(collector, source) && !loadYamlFastSource(collector, source))
      loadYamlSource(collector, source);
  }
  return collector.result();
}
