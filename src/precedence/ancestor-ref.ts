/**
 * Envoy Gateway's policy ancestorRefs (R8.1, R8.2).
 *
 * @packageDocumentation
 */
import { GATEWAY_API_GROUP } from '../model/types.js';
import type { AncestorRef } from './resolution-types.js';

/**
 * `getAncestorRefForPolicy` / `getAncestorRefForListenerSetPolicy` (R8.2).
 *
 * @param kind - Gateway or ListenerSet
 * @param namespace - namespace
 * @param name - name
 * @param sectionName - section, or null
 * @returns the ancestorRef (no `sectionName` key when null)
 * @example
 * ancestorRef('Gateway', 'eg', 'gw', null); // => { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'eg', name: 'gw' }
 */
export function ancestorRef(
  kind: 'Gateway' | 'ListenerSet',
  namespace: string,
  name: string,
  sectionName: string | null,
): AncestorRef {
  return sectionName === null
    ? { group: GATEWAY_API_GROUP, kind, namespace, name }
    : { group: GATEWAY_API_GROUP, kind, namespace, name, sectionName };
}

/**
 * `ancestorRefsEqual` (R8.1): every field compared; an absent `sectionName` differs from `''`.
 *
 * @param a - an ancestorRef
 * @param b - another
 * @returns whether Envoy Gateway treats them as the same ancestor
 * @example
 * sameAncestorRef(ancestorRef('Gateway', 'eg', 'gw', null), ancestorRef('Gateway', 'eg', 'gw', '')); // => false
 */
export function sameAncestorRef(a: AncestorRef, b: AncestorRef): boolean {
  return (
    a.name === b.name &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.group === b.group &&
    'sectionName' in a === 'sectionName' in b &&
    a.sectionName === b.sectionName
  );
}
