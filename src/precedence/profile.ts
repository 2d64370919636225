/**
 * Semantics profiles: everything that differs between Envoy Gateway releases (tie-break key,
 * ListenerSet support, which kinds take `mergeType`, message wording, condition order) lives in
 * one object, not in if-chains across the code.
 *
 * @packageDocumentation
 */
import { deepmergeCustom } from 'deepmerge-ts';
import type { CrdSet } from '../model/admission-types.js';
import { fail } from '../model/errors.js';
import type { PolicyKind } from '../model/types.js';

/** A step of the status-writing sequence for a Gateway / ListenerSet scoped target (R8.5). */
export type ParentStep = 'invalid' | 'accepted' | 'warning' | 'merged' | 'overridden';

/**
 * Message templates and wording that vary by release. A template names its values in braces
 * (`{plural}`), filled by an internal template function; profiles are plain data.
 */
export interface ProfileMessages {
  /** Route-side Merged condition (R7.10); `{parent}` is the parent policy's `ns/name`. */
  readonly mergedWith: string;
  /** Parent-side Merged (R8.7); `{plural}` is e.g. `backendTrafficPolicies`, `{scopes}` the scope list. */
  readonly beingMerged: string;
  /** Parent-side Overridden (R8.7); `{plural}`, `{scopes}`. */
  readonly beingOverridden: string;
  /** Route-side Overridden by rule policies (R8.6); `{noun}` is the kind's word for it, `{rules}` the rule names. */
  readonly overriddenByRules: string;
  readonly accepted: string;
  readonly aggregated: string;
}

/**
 * Fills a message template's `{name}` placeholders.
 *
 * @param template - the template
 * @param values - the value of each placeholder
 * @returns the message
 * @example
 * fillTemplate('Merged with policy {parent}', { parent: 'eg/gw-policy' }); // => 'Merged with policy eg/gw-policy'
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * How a kind's policy claims TCP and UDP route points (HTTP ones are claimed whole, R6.1):
 * BackendTrafficPolicy field by field (R6.3), SecurityPolicy only `authorization` on TCP (R6.4),
 * EnvoyExtensionPolicy not at all.
 */
export type NonHttpClaims =
  | {
      readonly by: 'fields';
      /** Spec fields a TCP route takes per field from a route-level policy. */
      readonly tcp: readonly string[];
      /** The same from a Gateway / ListenerSet level policy (R6.3: no `connection`). */
      readonly tcpFromParent: readonly string[];
      /** Spec fields a UDP route takes. */
      readonly udp: readonly string[];
    }
  | { readonly by: 'authorization' }
  | { readonly by: 'none' };

/** Per-kind wording and behaviour. */
export interface KindProfile {
  /** The plural used in parent-side messages (`backendTrafficPolicies`). */
  readonly plural: string;
  /** The noun used in the route-rule Overridden message (R8.6: BTP's is singular). */
  readonly ruleOverrideNoun: string;
  /** Whether the kind takes `mergeType` in this release. */
  readonly mergeType: boolean;
  /** Whether the Gateway-listener conflict message includes the Gateway namespace (R5.4). */
  readonly listenerConflictWithNamespace: boolean;
  /** Order of condition steps for Gateway / Gateway-listener targets (R8.5). */
  readonly gatewaySteps: readonly ParentStep[];
  /** Order of condition steps for ListenerSet / ListenerSet-listener targets (R8.5). */
  readonly listenerSetSteps: readonly ParentStep[];
  /** Deprecated fields checked for the DeprecatedField warning (R8.9): JSON path → replacement. */
  readonly deprecatedFields: readonly DeprecatedField[];
  /**
   * R7.10: a merge error on the route side is written as a condition message (capitalised, ending
   * with a period: `Error2ConditionMsg`) or as the raw error text.
   */
  readonly mergeErrorStyle: 'condition' | 'raw';
  /** R6.5: whether a policy whose features failed still claims the HTTP route points it covers. */
  readonly failedPolicyClaims: boolean;
  /** R6.3, R6.4: how the kind claims TCP and UDP route points. */
  readonly nonHttpClaims: NonHttpClaims;
  /** GeoIP authorization is validated per target HTTP listener (`validateAuthorizationGeoIP`). */
  readonly listenerGeoIP: boolean;
}

/** One deprecated field: a path into the policy object and its replacement, as EG words them. */
export interface DeprecatedField {
  /** Dotted path as EG prints it, e.g. `spec.targetRef`. */
  readonly field: string;
  readonly replacement: string;
  /** When the field counts as used. Default: present and non-empty (non-null, non-empty list). */
  readonly when?: 'present' | 'true';
}

/** A semantics profile. */
export interface SemanticsProfile {
  /** Profile name, e.g. `envoy-gateway-v1.9`. */
  readonly name: string;
  /** `cluster` ordering tie-break after creationTimestamp: namespace then name (≥ v1.6), or the `ns/name` string (≤ v1.5). */
  readonly tieBreak: 'namespace-then-name' | 'namespaced-name-string';
  /** ListenerSets take part in attachment (v1.9). */
  readonly listenerSets: boolean;
  /** Parent-side messages name scopes by kind (`these gateway listeners: …`) (v1.9), or only `these routes` (older). */
  readonly scopeGraphMessages: boolean;
  readonly controllerName: string;
  readonly messages: ProfileMessages;
  readonly kinds: Readonly<Record<PolicyKind, KindProfile>>;
  /** Ancestors kept in status (R8.10). */
  readonly maxAncestors: number;
  /** Condition messages longer than this many UTF-8 bytes are cut (R8.4). */
  readonly maxMessageBytes: number;
  /**
   * The CRD set of this release, by name (`envoy-gateway-v1.9`): `loadProfileCrds` loads it into
   * {@link SemanticsProfile.crds | crds}. A profile without one is admitted by the targeting table of `validate`.
   */
  readonly crdSet?: string;
  /**
   * The loaded CRD set: objects are admitted as the API server admits them (schema, CEL rules,
   * defaults, field validation). Absent until `loadProfileCrds` (the CLI always loads it), so the
   * core does not carry the CRD data and the CEL evaluator.
   */
  readonly crds?: CrdSet;
}

/** R6.3: the BackendTrafficPolicy spec fields (R1.6) a TCP route takes per field. */
const BTP_TCP_FIELDS: readonly string[] = [
  'loadBalancer',
  'proxyProtocol',
  'healthCheck',
  'circuitBreaker',
  'tcpKeepalive',
  'timeout',
  'connection',
  'dns',
];

const targetRefDeprecated: DeprecatedField = { field: 'spec.targetRef', replacement: 'spec.targetRefs' };

/** Envoy Gateway v1.9 (the rules of docs/rules.md, commit d32f282). The default profile. */
export const ENVOY_GATEWAY_V1_9: SemanticsProfile = {
  name: 'envoy-gateway-v1.9',
  tieBreak: 'namespace-then-name',
  listenerSets: true,
  scopeGraphMessages: true,
  controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
  maxAncestors: 16,
  maxMessageBytes: 32768,
  crdSet: 'envoy-gateway-v1.9',
  messages: {
    mergedWith: 'Merged with policy {parent}',
    beingMerged: 'This policy is being merged by other {plural} for {scopes}',
    beingOverridden: 'This policy is being overridden by other {plural} for {scopes}',
    overriddenByRules: 'This policy is being overridden by other {noun} for these route rules: [{rules}]',
    accepted: 'Policy has been accepted.',
    aggregated: 'Ancestors have been truncated because the number of policy ancestors exceeds 16.',
  },
  kinds: {
    BackendTrafficPolicy: {
      plural: 'backendTrafficPolicies',
      // R8.6: the singular "backendTrafficPolicy" is a real inconsistency in EG's message.
      ruleOverrideNoun: 'backendTrafficPolicy',
      mergeType: true,
      // R5.4: only BTP includes the Gateway namespace in the listener conflict message.
      listenerConflictWithNamespace: true,
      gatewaySteps: ['invalid', 'accepted', 'warning', 'merged', 'overridden'],
      listenerSetSteps: ['invalid', 'accepted', 'merged', 'overridden', 'warning'],
      deprecatedFields: [targetRefDeprecated, { field: 'spec.compression', replacement: 'spec.compressor' }],
      // R7.10: BTP capitalises merge errors (Error2ConditionMsg); SP and EEP print them raw.
      mergeErrorStyle: 'condition',
      failedPolicyClaims: false,
      // R6.3: the fields a TCP route takes per field (the IR's backendConnection is `connection`).
      nonHttpClaims: {
        by: 'fields',
        tcp: BTP_TCP_FIELDS,
        tcpFromParent: BTP_TCP_FIELDS.filter((f) => f !== 'connection'),
        udp: ['loadBalancer', 'dns'],
      },
      listenerGeoIP: false,
    },
    SecurityPolicy: {
      plural: 'securityPolicies',
      ruleOverrideNoun: 'securityPolicies',
      mergeType: true,
      listenerConflictWithNamespace: false,
      gatewaySteps: ['invalid', 'accepted', 'merged', 'overridden', 'warning'],
      listenerSetSteps: ['invalid', 'accepted', 'merged', 'overridden', 'warning'],
      deprecatedFields: [
        { field: 'spec.extAuth.grpc.backendRef', replacement: 'spec.extAuth.grpc.backendRefs' },
        { field: 'spec.extAuth.http.backendRef', replacement: 'spec.extAuth.http.backendRefs' },
        targetRefDeprecated,
      ],
      mergeErrorStyle: 'raw',
      // R6.5: a SecurityPolicy whose features failed still claims the route (requests are denied).
      failedPolicyClaims: true,
      nonHttpClaims: { by: 'authorization' },
      listenerGeoIP: true,
    },
    EnvoyExtensionPolicy: {
      plural: 'envoyExtensionPolicies',
      ruleOverrideNoun: 'envoyExtensionPolicies',
      mergeType: true,
      listenerConflictWithNamespace: false,
      gatewaySteps: ['invalid', 'accepted', 'warning', 'merged', 'overridden'],
      listenerSetSteps: ['invalid', 'accepted', 'warning', 'merged', 'overridden'],
      deprecatedFields: [targetRefDeprecated],
      mergeErrorStyle: 'raw',
      failedPolicyClaims: false,
      nonHttpClaims: { by: 'none' },
      listenerGeoIP: false,
    },
    ClientTrafficPolicy: {
      plural: 'clientTrafficPolicies',
      ruleOverrideNoun: 'clientTrafficPolicies',
      mergeType: false,
      listenerConflictWithNamespace: false,
      gatewaySteps: ['overridden', 'invalid', 'accepted', 'warning'],
      listenerSetSteps: ['overridden', 'invalid', 'accepted', 'warning'],
      deprecatedFields: [
        { field: 'spec.enableProxyProtocol', replacement: 'spec.proxyProtocol' },
        { field: 'spec.headers.preserveXRequestID', replacement: 'spec.headers.requestID' },
        targetRefDeprecated,
        {
          field: 'spec.tls.clientValidation.optional',
          replacement: 'spec.tls.clientValidation.mode',
          when: 'true',
        },
      ],
      // ClientTrafficPolicy has its own algorithm (R9): no merges, listener points only.
      mergeErrorStyle: 'raw',
      failedPolicyClaims: true,
      nonHttpClaims: { by: 'none' },
      listenerGeoIP: false,
    },
  },
};

/** Part of a value: records deeply optional, arrays and other values whole. */
export type ProfilePart<T> = T extends readonly unknown[]
  ? T
  : T extends CrdSet
    ? T
    : T extends object
      ? { readonly [K in keyof T]?: ProfilePart<T[K]> }
      : T;

/** What {@link deriveProfile} changes in a profile: a new name, and any field, at any depth. */
export type ProfileOverrides = { readonly name: string } & ProfilePart<Omit<SemanticsProfile, 'name'>>;

/**
 * The merge of a profile and its overrides (deepmerge-ts): records merge key by key, at any depth;
 * an array (condition steps, deprecated fields, claimed field lists) is replaced whole, as is a
 * record with a `by` discriminant (`nonHttpClaims`: one variant replaces the other); `undefined`
 * leaves the base's value.
 */
// Pure: a bundle that never derives a profile drops it, and deepmerge-ts with it.
const mergeProfile = /* @__PURE__ */ deepmergeCustom({
  mergeArrays: false,
  mergeRecords: (values, utils, meta) =>
    values.some((v) => Object.hasOwn(v, 'by'))
      ? values[values.length - 1]
      : utils.defaultMergeFunctions.mergeRecords(values, utils, meta),
});

/** Paths of `overrides` that name no field of `base` (a misspelt override would do nothing). */
function unknownFields(base: unknown, overrides: unknown, at: string): string[] {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) return [];
  if (typeof base !== 'object' || base === null || Array.isArray(base) || Object.hasOwn(base, 'by'))
    return [];
  return Object.entries(overrides).flatMap(([key, value]) =>
    Object.hasOwn(base, key)
      ? unknownFields((base as Record<string, unknown>)[key], value, `${at}${at === '' ? '' : '.'}${key}`)
      : [`${at}${at === '' ? '' : '.'}${key}`],
  );
}

/**
 * A custom semantics profile: a shipped one (or any profile) with some fields changed, e.g. a
 * patched release that words a message differently or writes more ancestors. Records merge at
 * any depth, arrays are replaced whole. The CRD set (`crds`) is kept when `crdSet` stays the same
 * and dropped when it changes (load it with `loadProfileCrds`), unless `crds` is given.
 *
 * @param base - a profile object or name (`envoy-gateway-v1.9`, `envoy-gateway-v1.5`)
 * @param overrides - the new name and the fields that differ
 * @returns the new profile (plain data; `base` is not changed)
 * @throws {@link GatewayPolicySimError} `GWP-API-BAD-OPTION` on an unknown base name or an
 *   override naming a field profiles do not have
 * @example
 * const patched = deriveProfile('envoy-gateway-v1.9', { name: 'eg-1.9-patched', maxAncestors: 32 });
 * simulate(text, { profile: patched });
 */
export function deriveProfile(
  base: SemanticsProfile | string,
  overrides: ProfileOverrides,
): SemanticsProfile {
  const from = typeof base === 'string' ? PROFILES[base] : base;
  if (from === undefined) {
    return fail(
      'GWP-API-BAD-OPTION',
      `unknown profile '${String(base)}'; known: ${Object.keys(PROFILES).join(', ')}`,
    );
  }
  const { crds: baseCrds, ...baseData } = from;
  const { crds, ...data } = overrides;
  const unknown = unknownFields({ ...baseData, crdSet: undefined }, data, '');
  if (unknown.length > 0) {
    return fail('GWP-API-BAD-OPTION', `deriveProfile: no such profile field: ${unknown.join(', ')}`);
  }
  const merged = mergeProfile(baseData, data) as Omit<SemanticsProfile, 'crds'>;
  const keptCrds = crds ?? (merged.crdSet === from.crdSet ? baseCrds : undefined);
  return keptCrds === undefined ? merged : { ...merged, crds: keptCrds };
}

/**
 * Envoy Gateway v1.5: tie-break on the `ns/name` string; no ListenerSets; route-only parent
 * messages (§14). Written with spreads, not {@link deriveProfile}, so that a bundle that never
 * derives a profile carries no deep merge (`deepmerge-ts`); `test/precedence/derive-profile.test.ts`
 * checks it equals what `deriveProfile` makes of v1.9 with these four differences.
 */
export const ENVOY_GATEWAY_V1_5: SemanticsProfile = ((v19: SemanticsProfile): SemanticsProfile => ({
  ...v19,
  name: 'envoy-gateway-v1.5',
  tieBreak: 'namespaced-name-string',
  listenerSets: false,
  scopeGraphMessages: false,
  kinds: {
    ...v19.kinds,
    SecurityPolicy: { ...v19.kinds.SecurityPolicy, mergeType: false },
    EnvoyExtensionPolicy: { ...v19.kinds.EnvoyExtensionPolicy, mergeType: false },
  },
}))(withoutCrds(ENVOY_GATEWAY_V1_9));

/** A profile without a CRD set (releases whose CRDs are not shipped). */
function withoutCrds(p: SemanticsProfile): SemanticsProfile {
  const { crdSet: _name, crds: _crds, ...rest } = p;
  return rest;
}

/** Profiles by name. */
export const PROFILES: Readonly<Record<string, SemanticsProfile>> = {
  [ENVOY_GATEWAY_V1_9.name]: ENVOY_GATEWAY_V1_9,
  [ENVOY_GATEWAY_V1_5.name]: ENVOY_GATEWAY_V1_5,
};
