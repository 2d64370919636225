/**
 * Label selection over a topology's label index (R3.2): the objects a
 * `targetSelector` selects, and the namespaces a `namespaces.selector` selects.
 *
 * @packageDocumentation
 */

import { selectFromIndex } from './_internal/topology-label-index.js';
import { asRecord } from './_internal/topology-read.js';
import { isValidLabelSelector } from './label-selector.js';
import type { Resource } from './resource.js';
import type { SelectorQuery, Topology } from './topology-types.js';
import type { LabelSelector } from './types.js';

/**
 * Objects of a kind whose labels match a selector, restricted to the given namespaces (`null` =
 * every namespace), answered from the label index, in input order. For route kinds only relevant
 * routes (R3.3) are returned; for Gateway only accepted Gateways; for ListenerSet all. Matching
 * follows Kubernetes label-selector rules; an empty selector matches every object, a malformed one
 * matches nothing.
 *
 * @param topology - the graph
 * @param query - kind, group (default `gateway.networking.k8s.io`) and label selector
 * @param namespaces - the namespaces to look in, or null for all
 * @returns the selected objects
 * @example
 * selectObjects(topology, { kind: 'HTTPRoute', matchLabels: { app: 'web' } }, null).map((r) => r.key);
 * // => ['HTTPRoute/default/web']
 */
export function selectObjects(
  topology: Topology,
  query: SelectorQuery,
  namespaces: ReadonlySet<string> | null,
): readonly Resource[] {
  return selectFromIndex(topology.labelIndex, query, namespaces);
}

/**
 * Namespaces selected by a targetSelector's `namespaces.selector` (`from: Selector`), as Envoy
 * Gateway decides it (`targetSelectorNamespacesMatch`): only Namespace objects of the input that
 * carry `metadata.labels` can match; a missing or malformed selector matches none.
 *
 * @param topology - the graph
 * @param selector - the label selector
 * @returns the namespace names
 * @example
 * selectNamespaces(topology, { matchLabels: { team: 'shop' } }); // => Set { 'shop' }
 */
export function selectNamespaces(
  topology: Topology,
  selector: LabelSelector | null | undefined,
): ReadonlySet<string> {
  const out = new Set<string>();
  if (selector === null || selector === undefined || !isValidLabelSelector(selector)) return out;
  const query = {
    kind: 'Namespace',
    group: '',
    ...(selector.matchLabels !== undefined ? { matchLabels: selector.matchLabels } : {}),
    ...(selector.matchExpressions !== undefined ? { matchExpressions: selector.matchExpressions } : {}),
  };
  for (const r of selectFromIndex(topology.labelIndex, query, null)) {
    // Envoy Gateway reads the labels map; a Namespace without labels never matches.
    if (asRecord(r.object.metadata?.labels) !== undefined) out.add(r.name);
  }
  return out;
}
