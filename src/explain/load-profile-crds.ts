/**
 * `loadProfileCrds`: a profile with its CRD set loaded, so that admission is the API server's.
 *
 * @packageDocumentation
 */
import type { CrdSet } from '../model/admission-types.js';
import { fail } from '../model/errors.js';
import { ENVOY_GATEWAY_V1_9, PROFILES, type SemanticsProfile } from '../precedence/profile.js';

/**
 * Loads the CRD set a profile names (`crdSet`) and returns the profile carrying it (`crds`). The
 * CRD data and the CEL evaluator are a separate module, imported here on demand: a caller who
 * never admits never loads them. The CLI calls this once at start.
 *
 * @param profile - a profile object or name; default `envoy-gateway-v1.9`
 * @returns the profile with `crds` set (the same profile when it names no CRD set or has one loaded)
 * @throws {@link GatewayPolicySimError} on an unknown profile or CRD set name
 * @example
 * const profile = await loadProfileCrds('envoy-gateway-v1.9');
 * simulate(text, { profile }).diagnostics.map((d) => d.message);
 * // => ['spec.rateLimit.type: Unsupported value: "Foo": supported values: "Global", "Local", …']
 */
export async function loadProfileCrds(
  profile: SemanticsProfile | string = ENVOY_GATEWAY_V1_9,
): Promise<SemanticsProfile> {
  const p = typeof profile === 'string' ? PROFILES[profile] : profile;
  if (p === undefined) {
    return fail(
      'GWP-API-BAD-OPTION',
      `unknown profile '${String(profile)}'; known: ${Object.keys(PROFILES).join(', ')}`,
    );
  }
  if (p.crds !== undefined || p.crdSet === undefined) return p;
  return { ...p, crds: await loadCrdSet(p.crdSet) };
}

/**
 * Builds a CRD set from CustomResourceDefinition documents (parsed YAML or JSON, e.g. the CRDs of
 * another release), to put in a profile's `crds`. Loads the admission module on demand.
 *
 * @param documents - the documents; those that are not CRDs are skipped
 * @param name - the set's name (default `custom`)
 * @returns the CRD set
 * @throws {@link GatewayPolicySimError} when a schema uses a keyword the compiler does not know
 * @example
 * const crds = await compileCrds(parseAllDocuments(text).map((d) => d.toJS()));
 * simulate(manifests, { profile: { ...ENVOY_GATEWAY_V1_9, crds } });
 */
export async function compileCrds(documents: readonly unknown[], name = 'custom'): Promise<CrdSet> {
  const { compileCrds: compile } = await import('../admission/compile-crds.js');
  try {
    return compile(name, documents);
  } catch (e) {
    return fail(
      'GWP-API-BAD-ARGUMENT',
      `the CRDs do not compile: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The CRD sets the package ships, each a module of its own (a literal specifier per set, for bundlers). */
async function loadCrdSet(name: string): Promise<CrdSet> {
  switch (name) {
    case 'envoy-gateway-v1.9':
      return (await import('../admission/envoy-gateway-v1-9-crds.js')).envoyGatewayV19Crds();
    default:
      return fail('GWP-API-BAD-OPTION', `unknown CRD set '${name}'; known: envoy-gateway-v1.9`);
  }
}
