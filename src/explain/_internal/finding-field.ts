/**
 * The field of a policy a status finding is about, as a JSON pointer inside the policy: the
 * targeting entry for conflicts and missing sections, `spec.targetRef` for its deprecation, the
 * failed feature for `Invalid`, the targeting fields for a policy that reaches nothing.
 *
 * @packageDocumentation
 */
import type { Resource } from '../../model/resource.js';
import type { Policy } from '../../model/types.js';
import type { AncestorRef } from '../../precedence/resolution-types.js';
import { plainTargetRefs } from '../../precedence/resolve-targets.js';

/** What a status finding says: its reason, Envoy Gateway's message and the ancestors it holds on. */
export interface FindingFacts {
  readonly reason: string;
  readonly message: string;
  readonly ancestors: readonly AncestorRef[];
}

/**
 * The pointer of the field a status finding is about.
 *
 * @param policy - the policy
 * @param facts - the finding's reason, message and ancestors (none: the policy reaches nothing)
 * @returns a pointer such as `/spec/targetRefs/1/sectionName`, `/spec/lua` or `/spec`
 */
export function findingField(policy: Resource<Policy>, facts: FindingFacts): string {
  const spec = policy.object.spec ?? {};
  if (facts.ancestors.length === 0) return targetingField(spec);
  if (facts.reason === 'DeprecatedField' && spec.targetRef !== undefined) return '/spec/targetRef';
  if (facts.reason === 'Invalid') return featureField(spec, facts.message);
  const refs = plainTargetRefs(policy.object, policy.namespace);
  const at = (r: (typeof refs)[number]): string =>
    r.refIndex === null ? '/spec/targetRef' : `/spec/targetRefs/${r.refIndex}`;
  if (facts.reason === 'TargetNotFound') {
    // R5.3: the sectionName that names nothing.
    const sectioned = refs.find((r) => r.sectionName !== null);
    if (sectioned !== undefined) return `${at(sectioned)}/sectionName`;
  }
  // The entry that names an ancestor (a Gateway, or a listener with its section).
  for (const a of facts.ancestors) {
    const hit = refs.find(
      (r) =>
        r.kind === a.kind &&
        r.name === a.name &&
        (a.sectionName === undefined || r.sectionName === a.sectionName),
    );
    if (hit !== undefined) return at(hit);
  }
  return targetingField(spec);
}

/** The first targeting field the spec has (`targetRefs`, `targetRef`, `targetSelectors`), or `/spec`. */
function targetingField(spec: Readonly<Record<string, unknown>>): string {
  for (const key of ['targetRefs', 'targetRef', 'targetSelectors']) {
    if (spec[key] !== undefined) return `/spec/${key}`;
  }
  return '/spec';
}

/**
 * The spec field of the first feature an `Invalid` message names: Envoy Gateway prefixes each
 * feature's error with its Go field name (`Lua: …`, `ExtAuth: …`), which is the spec key matched
 * case-insensitively, as Go's JSON decoding matches it. `/spec` when no prefix names a key.
 */
function featureField(spec: Readonly<Record<string, unknown>>, message: string): string {
  const byLower = new Map<string, string>();
  for (const key of Object.keys(spec))
    if (!byLower.has(key.toLowerCase())) byLower.set(key.toLowerCase(), key);
  for (const m of message.matchAll(/(?:^|[\s,.;:(])([A-Z][A-Za-z0-9]*):/g)) {
    const key = byLower.get((m[1] ?? '').toLowerCase());
    if (key !== undefined) return `/spec/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return '/spec';
}
