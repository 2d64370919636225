/**
 * `admitManifests`: loaded resources as the Kubernetes API server would store them.
 *
 * @packageDocumentation
 */
import { diagnosticOf, recordAdmission } from './_internal/admission-record.js';
import { FieldLocator } from './_internal/locate-field.js';
import type { CrdSet, FieldValidation } from './admission-types.js';
import type { Diagnostic } from './diagnostic.js';
import { fail } from './errors.js';
import type { LoadResult, ManifestSource } from './load-types.js';
import type { Resource } from './resource.js';
import { POLICY_KINDS } from './types.js';

/** Options of {@link admitManifests}. */
export interface AdmitManifestsOptions {
  /** The CRD set to admit with (a profile's `crds`). */
  readonly crds: CrdSet;
  /**
   * Unknown fields: `strict` refuses the object, `warn` drops the field with a warning, `ignore`
   * drops it silently. Default `strict` (kubectl's), and `ignore` without dropping anything for
   * Envoy Gateway's translator-test layout (its harness decodes objects without the API server).
   */
  readonly fieldValidation?: FieldValidation;
  /** Whether objects get their CRD schema defaults (`cluster` ordering). Default true. */
  readonly defaults?: boolean;
  /**
   * Whether refused objects other than policies are left out (`--admission reject`): they do not
   * exist in a cluster. Refused policies stay, for the resolver to report as rejected. Default true.
   */
  readonly removeRefused?: boolean;
  /** The text the resources were loaded from, to locate each finding at its field's line and column. */
  readonly sources?: readonly ManifestSource[];
}

const FIELD_VALIDATIONS: readonly FieldValidation[] = ['strict', 'warn', 'ignore'];

/**
 * Admits loaded resources as the Kubernetes API server does on create, with a CRD set: an
 * apiVersion the CRD does not serve is refused, unknown fields follow field validation, then the
 * object is pruned, defaulted, and checked against its OpenAPI schema and CEL rules. Kinds the set
 * has no CRD for (Services, Secrets, …) pass unchanged. Never throws on user input; inputs are
 * never mutated.
 *
 * @param load - what `loadManifests` or `loadObjects` returned
 * @param options - {@link AdmitManifestsOptions}
 * @returns the load with each admitted object in its stored form, refused non-policy objects left
 *   out (their diagnostics added to `diagnostics`); the diagnostics of the objects kept are what
 *   `validate` reports for them (`GWP-ADMIT-*`)
 * @throws {@link GatewayPolicySimError} on a bad option
 * @example
 * const profile = await loadProfileCrds('envoy-gateway-v1.9');
 * const load = admitManifests(loadManifests(text), { crds: profile.crds! });
 * load.resources[0]?.object.spec.retry.numRetries; // => 2 (the CRD default)
 */
export function admitManifests(load: LoadResult, options: AdmitManifestsOptions): LoadResult {
  const { crds } = options;
  if (typeof crds?.admit !== 'function')
    fail('GWP-API-BAD-OPTION', 'admitManifests needs a CRD set (options.crds)');
  const fieldValidation = options.fieldValidation ?? (load.testDataLayout ? 'ignore' : 'strict');
  if (!FIELD_VALIDATIONS.includes(fieldValidation)) {
    fail(
      'GWP-API-BAD-OPTION',
      `fieldValidation must be 'strict', 'warn' or 'ignore', got ${String(fieldValidation)}`,
    );
  }
  const admitOptions = {
    fieldValidation,
    defaults: options.defaults ?? true,
    // The translator harness decodes objects into Go structs: nothing is pruned, nothing refused.
    prune: !load.testDataLayout,
  };
  const removeRefused = options.removeRefused ?? true;
  const locator = options.sources === undefined ? undefined : new FieldLocator(options.sources);
  const resources: Resource[] = [];
  const removedDiagnostics: Diagnostic[] = [];
  let removed = 0;
  for (const r of load.resources) {
    const outcome = crds.admit(r.object, admitOptions);
    if (outcome === undefined) {
      resources.push(r);
      continue;
    }
    const diagnostics = outcome.findings.map((f) => diagnosticOf(r, f, locator));
    if (outcome.refused && removeRefused && !(POLICY_KINDS as readonly string[]).includes(r.kind)) {
      removed += 1;
      removedDiagnostics.push(...diagnostics);
      continue;
    }
    const admitted: Resource =
      outcome.object === r.object ? r : { ...r, object: outcome.object as typeof r.object };
    recordAdmission(admitted, crds, diagnostics);
    resources.push(admitted);
  }
  if (removed === 0 && resources.every((r, i) => r === load.resources[i])) {
    return load;
  }
  return {
    ...load,
    resources,
    diagnostics: [...load.diagnostics, ...removedDiagnostics],
    summary: {
      ...load.summary,
      resources: load.summary.resources - removed,
      diagnosed: load.summary.diagnosed + removed,
    },
  };
}
