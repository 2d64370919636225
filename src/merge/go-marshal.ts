/**
 * Go-marshal normalisation: render a policy the way Envoy Gateway serialises its typed struct
 * (R7.6: the merge patch is that serialisation, so unset fields without omitempty erase).
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, PolicyKind } from '../model/types.js';
import { applyDefaults, type CodecContext, decode, encode } from './_internal/go-codec.js';
import { clone } from './_internal/json.js';
import { notJsonDiagnostic } from './_internal/not-json.js';

/**
 * The Go struct behind each policy kind, the root of its normalisation table (the generated
 * table of every struct reachable from it: JSON name, Go kind, omitempty/omitzero, kubebuilder
 * default, patch strategy).
 *
 * @example
 * GO_ROOT_TYPES.SecurityPolicy; // => 'SecurityPolicy'
 */
export const GO_ROOT_TYPES: Readonly<Record<PolicyKind, string>> = {
  BackendTrafficPolicy: 'BackendTrafficPolicy',
  SecurityPolicy: 'SecurityPolicy',
  EnvoyExtensionPolicy: 'EnvoyExtensionPolicy',
  ClientTrafficPolicy: 'ClientTrafficPolicy',
};

/** Options of {@link goMarshal}. */
export interface GoMarshalOptions {
  /**
   * Apply the CRD defaults (`+kubebuilder:default`) first, as the API server does in a cluster.
   * Envoy Gateway's translator tests apply none. Default `false`.
   */
  readonly applyCrdDefaults?: boolean;
  /** `Kind/ns/name` put on diagnostics. */
  readonly resource?: string;
}

/** The outcome of {@link goMarshal}. */
export interface GoMarshalResult {
  /** The object as Go would marshal it (a copy of the input for a kind without a table). */
  readonly value: JsonValue;
  /** Whether the kind has a Go table (false: the value is the input, unchanged). */
  readonly known: boolean;
  /**
   * Fields dropped as unknown (`GWP-MERGE-UNKNOWN-FIELD`), values of the wrong JSON type
   * (`GWP-MERGE-GO-TYPE`), and an object that cannot be walked (`GWP-MERGE-NOT-JSON`: nested
   * deeper than 128 levels, a cycle, objects shared beyond go-yaml's aliasing rule; `value` is
   * then `null`).
   */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Renders a whole policy object (apiVersion, kind, metadata, spec, status) as Envoy Gateway's Go
 * code would after unmarshalling it into the typed struct and marshalling it again: unknown
 * fields are dropped; field names match exactly, else case-insensitively; unset fields without
 * `omitempty` appear as `null` (pointers, slices, maps) or zero values (`""`, `0`, `false`);
 * struct fields always appear; `metadata.creationTimestamp` is omitted when unset (omitzero);
 * `status` becomes `{ ancestors: null }` when absent. Never throws; type mismatches are
 * diagnostics and the value is ignored, as Go's decoder does; an object nested deeper than the
 * loader accepts (128 levels), with a cycle, or sharing objects beyond go-yaml's aliasing rule is
 * refused (`GWP-MERGE-NOT-JSON`, `value: null`).
 *
 * @param object - the policy object (parsed YAML/JSON)
 * @param kind - its kind (a kind without a table is copied unchanged)
 * @param options - {@link GoMarshalOptions}
 * @returns `{ value, known, diagnostics }`
 * @example
 * goMarshal({ kind: 'SecurityPolicy', metadata: { name: 'r' }, spec: { authorization: { rules: [] } } }, 'SecurityPolicy').value;
 * // => { kind: 'SecurityPolicy', metadata: { name: 'r' },
 * //      spec: { authorization: { defaultAction: null } }, status: { ancestors: null } }
 */
export function goMarshal(object: unknown, kind: string, options: GoMarshalOptions = {}): GoMarshalResult {
  const problem = notJsonDiagnostic(object, options.resource);
  if (problem !== undefined) {
    return { value: null, known: Object.hasOwn(GO_ROOT_TYPES, kind), diagnostics: [problem] };
  }
  return goMarshalChecked(object, kind, options);
}

/**
 * {@link goMarshal} of an object whose shape is known to be fine (the merge's own results).
 *
 * @param object - the policy object
 * @param kind - its kind
 * @param options - {@link GoMarshalOptions}
 * @returns `{ value, known, diagnostics }`
 */
export function goMarshalChecked(
  object: unknown,
  kind: string,
  options: GoMarshalOptions = {},
): GoMarshalResult {
  const root = Object.hasOwn(GO_ROOT_TYPES, kind) ? GO_ROOT_TYPES[kind as PolicyKind] : undefined;
  if (root === undefined) return { value: clone(object), known: false, diagnostics: [] };
  // Decoding only reads its input and encoding builds new values (raw members are copied), so
  // the result shares nothing with `object` without a copy first.
  const input = object as JsonValue;
  const ctx: CodecContext = {
    diagnostics: [],
    path: [],
    ...(options.resource === undefined ? {} : { resource: options.resource }),
  };
  const defaulted = options.applyCrdDefaults === true ? applyDefaults(input, root) : input;
  const value = encode(decode(defaulted, root, undefined, ctx), root);
  return { value, known: true, diagnostics: ctx.diagnostics };
}
