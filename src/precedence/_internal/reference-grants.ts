/**
 * ReferenceGrant permission (Gateway API): one check for every cross-namespace reference a policy
 * makes, its targets (R3.2 rule 4) as well as the Services, Secrets and ConfigMaps its features
 * name.
 */
import { asText } from '../../model/_internal/topology-read.js';
import type { Resource } from '../../model/resource.js';
import type { Topology } from '../../model/topology-types.js';
import type { ReferenceGrant } from '../../model/types.js';
import { ENVOY_GATEWAY_GROUP } from '../../model/types.js';

/** The referenced object. */
export interface GrantTarget {
  /** API group (`''` for the core group). */
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Whether a policy of `fromKind` in `fromNamespace` may refer to `to`: always within its own
 * namespace; across namespaces only when a ReferenceGrant in the target's namespace lists the
 * policy (namespace, group `gateway.envoyproxy.io`, kind) in `from`, and the target's group and
 * kind, with no name or the target's name, in `to`. Fields are read as Go decodes them (an
 * absent group is `''`).
 *
 * @param topology - the graph (ReferenceGrants by namespace)
 * @param fromNamespace - the policy's namespace
 * @param fromKind - the policy's kind
 * @param to - the referenced object
 * @returns whether the reference is permitted
 * @example
 * referenceGrantPermits(topology, 'app', 'SecurityPolicy', { group: '', kind: 'Service', namespace: 'auth', name: 'ext' });
 * // => false (no ReferenceGrant in `auth`)
 */
export function referenceGrantPermits(
  topology: Topology,
  fromNamespace: string,
  fromKind: string,
  to: GrantTarget,
): boolean {
  if (fromNamespace === to.namespace) return true;
  for (const grant of topology.referenceGrants.get(to.namespace) ?? []) {
    const spec = (grant as Resource<ReferenceGrant>).object.spec as Record<string, unknown> | undefined;
    if (!isRecord(spec)) continue;
    const fromOk = (Array.isArray(spec.from) ? spec.from : []).some(
      (f) =>
        isRecord(f) &&
        f.namespace === fromNamespace &&
        f.group === ENVOY_GATEWAY_GROUP &&
        f.kind === fromKind,
    );
    if (!fromOk) continue;
    const toOk = (Array.isArray(spec.to) ? spec.to : []).some(
      (t) =>
        isRecord(t) &&
        asText(t.group) === to.group &&
        t.kind === to.kind &&
        (t.name === undefined || t.name === null || t.name === '' || t.name === to.name),
    );
    if (toOk) return true;
  }
  return false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
