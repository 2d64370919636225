/**
 * Types of the loader's input and output.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from './diagnostic.js';
import type { Resource } from './resource.js';
import type { JsonObject } from './types.js';

/** One piece of text to load, with the name it is reported under. */
export interface ManifestSource {
  /** Path or label used in locations (`-` for stdin). */
  readonly file: string;
  readonly text: string;
}

/** Options of {@link loadManifests}. */
export interface LoadOptions {
  /**
   * Limit on YAML alias expansion (the `yaml` package's `maxAliasCount`); a document over it is
   * diagnosed as `GWP-LOAD-ALIAS-LIMIT`. Default 100.
   */
  readonly maxAliasCount?: number;
}

/** Harness-level settings found in Envoy Gateway's test-data layout. */
export interface TestDataSettings {
  /** `envoyProxyForGatewayClass.spec.mergeGateways`. */
  readonly mergeGateways?: boolean;
  /** The `envoyProxyDefaultSpec` object, as given. */
  readonly envoyProxyDefaultSpec?: JsonObject;
  /**
   * Key (`EnvoyProxy/ns/name`) of the resource read from `envoyProxyForGatewayClass`: the harness
   * gives it to the translated GatewayClass whatever the class's `parametersRef` says.
   */
  readonly envoyProxyForGatewayClass?: string;
}

/** Counts of what the loader saw. `documents === resources + diagnosed` always holds. */
export interface LoadSummary {
  /** Documents read (for the test-data layout: every list entry or single object counts as one). */
  readonly documents: number;
  /** Documents that became resources. */
  readonly resources: number;
  /** Documents that became a diagnostic instead (unknown kinds included). */
  readonly diagnosed: number;
  /** Of the diagnosed, how many were only an unknown kind (info severity). */
  readonly unknownKinds: number;
}

/** A later document that repeated a kept resource's identity (see {@link LoadResult.duplicates}). */
export interface DuplicateResource extends Resource {
  /**
   * Where it stood in input order: the number of kept resources read before it. It sorts after
   * resource `inputPosition - 1` and before resource `inputPosition`.
   */
  readonly inputPosition: number;
}

/** What {@link loadManifests} returns. Plain data. */
export interface LoadResult {
  /** Resources in input order (file order, then document order, then list order). */
  readonly resources: readonly Resource[];
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: LoadSummary;
  /** True when any source used Envoy Gateway's test-data layout (the harness turns Backend on). */
  readonly testDataLayout: boolean;
  /** Settings read from the test-data layout, if any. */
  readonly testDataSettings: TestDataSettings;
  /**
   * Later documents that repeated the identity of a kept resource (each also diagnosed as
   * `GWP-LOAD-DUPLICATE`), in input order, checked and normalised like resources. Their `index` is
   * the index of the kept resource in `resources`. Envoy Gateway's translator still walks such a
   * duplicate policy's own targets, applying the first object there (it keys handled policies by
   * namespace/name). Always set by the loader; optional so hand-built results stay valid.
   */
  readonly duplicates?: readonly DuplicateResource[];
}
