/**
 * Objects as the API server stores them, for `simulate` and `preview`: admitted with the profile's
 * CRD set when it carries one.
 *
 * @packageDocumentation
 */
import type { FieldValidation } from '../../model/admission-types.js';
import { admitManifests } from '../../model/admit-manifests.js';
import type { LoadResult, ManifestSource } from '../../model/load-types.js';
import { ENVOY_GATEWAY_V1_9, PROFILES, type SemanticsProfile } from '../../precedence/profile.js';
import type { AdmissionMode, OrderMode } from '../../precedence/resolution-types.js';

/** The options admission reads. */
export interface AdmittedLoadOptions {
  readonly profile?: SemanticsProfile | string;
  readonly order?: OrderMode;
  readonly admission?: AdmissionMode;
  readonly fieldValidation?: FieldValidation;
}

/**
 * The profile object options name (the default one for an unknown name: the resolver reports it).
 *
 * @param profile - a profile or its name
 * @returns the profile
 */
export function profileOf(profile: SemanticsProfile | string | undefined): SemanticsProfile {
  return typeof profile === 'object' ? profile : (PROFILES[profile ?? ''] ?? ENVOY_GATEWAY_V1_9);
}

/**
 * A load admitted with the profile's CRD set: in `cluster` ordering with defaults (as a cluster,
 * and Envoy Gateway's file provider, apply them), in `input` ordering without (Envoy Gateway's
 * translator harness does not default); refused objects other than policies left out in
 * `reject` mode. The load itself when the profile carries no CRD set.
 *
 * @param load - the loaded resources
 * @param sources - the text they came from, to locate findings (undefined for parsed objects)
 * @param options - profile, order, admission mode, field validation
 * @returns the admitted load
 */
export function admittedLoad(
  load: LoadResult,
  sources: readonly ManifestSource[] | undefined,
  options: AdmittedLoadOptions,
): LoadResult {
  const crds = profileOf(options.profile).crds;
  if (crds === undefined) return load;
  return admitManifests(load, {
    crds,
    defaults: (options.order ?? 'cluster') === 'cluster',
    removeRefused: (options.admission ?? 'reject') === 'reject',
    ...(options.fieldValidation !== undefined ? { fieldValidation: options.fieldValidation } : {}),
    ...(sources !== undefined ? { sources } : {}),
  });
}

/**
 * The sources of a `simulate` input given as text.
 *
 * @param input - text, a source or sources
 * @returns the sources
 */
export function sourcesOf(
  input: string | ManifestSource | readonly ManifestSource[],
): readonly ManifestSource[] {
  if (typeof input === 'string') return [{ file: '<input>', text: input }];
  return Array.isArray(input) ? input : [input as ManifestSource];
}
