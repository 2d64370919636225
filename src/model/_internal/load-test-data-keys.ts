/**
 * The keys of Envoy Gateway's translator test-data layout (the JSON field names of
 * `resource.Resources`), derived from {@link KNOWN_KINDS} plus the keys that hold no modelled kind,
 * and the policy-kind keys of the `gwpolicy status` document.
 *
 * @packageDocumentation
 */
import { KNOWN_KINDS } from '../resource.js';
import { POLICY_KINDS } from '../types.js';

/** What a test-data key holds. */
export type TestDataField =
  /** Typed objects of one kind: a list, or one object when `single`. */
  | { readonly type: 'typed'; readonly key: string; readonly kind: string; readonly single: boolean }
  /** Unstructured objects of arbitrary kinds (Envoy Gateway extension objects). */
  | { readonly type: 'unstructured'; readonly key: string }
  /** `envoyProxyDefaultSpec`: an EnvoyProxy spec, a harness setting rather than an object. */
  | { readonly type: 'defaultSpec'; readonly key: string };

const fields: TestDataField[] = [
  ...KNOWN_KINDS.flatMap((k): TestDataField[] =>
    k.testDataKey === undefined
      ? []
      : [{ type: 'typed', key: k.testDataKey, kind: k.kind, single: k.single === true }],
  ),
  // The EnvoyProxy attached to the GatewayClass: one object, beside the per-Gateway list.
  { type: 'typed', key: 'envoyProxyForGatewayClass', kind: 'EnvoyProxy', single: true },
  { type: 'defaultSpec', key: 'envoyProxyDefaultSpec' },
  { type: 'unstructured', key: 'extensionRefFilters' },
  { type: 'unstructured', key: 'extensionServerPolicies' },
  // `gwpolicy status` writes its document keyed by policy kind (`BackendTrafficPolicy: [...]`);
  // read back (`gwpolicy drift --status`), it is this layout with those keys.
  ...POLICY_KINDS.map((kind): TestDataField => ({ type: 'typed', key: kind, kind, single: false })),
];

const byLowerKey = new Map(fields.map((f) => [f.key.toLowerCase(), f]));

/**
 * The field a test-data key names, matched case-insensitively as Go's encoding/json does.
 *
 * @param key - a top-level key as written
 * @returns the field, or `undefined` for a key `resource.Resources` does not have
 */
export function testDataField(key: string): TestDataField | undefined {
  return byLowerKey.get(key.toLowerCase());
}

/**
 * Whether a top-level object is Envoy Gateway's test-data layout: it has neither `apiVersion` nor
 * `kind`, and at least one key names a field of `resource.Resources`.
 *
 * @param object - a document's value
 * @returns whether it uses the layout
 */
export function isTestDataLayout(object: Readonly<Record<string, unknown>>): boolean {
  if (Object.hasOwn(object, 'kind') || Object.hasOwn(object, 'apiVersion')) return false;
  for (const key of Object.keys(object)) if (testDataField(key) !== undefined) return true;
  return false;
}
