/**
 * Which resources Envoy Gateway sees under `provider.kubernetes.watch`, asked of a built
 * topology (the topology keeps only the plain settings; this builds the predicate from them).
 *
 * @packageDocumentation
 */
import { namespaceLabelLookup, watchScope } from './_internal/topology-watch.js';
import type { Resource } from './resource.js';
import type { Topology } from './topology-types.js';

/**
 * The watch of a topology as a predicate: whether Envoy Gateway sees a resource (namespaces the
 * watch leaves out hide their objects; see docs/topology.md).
 *
 * @param topology - the graph (its `envoyGateway.watch`, `namespaces` and implicit namespaces)
 * @returns whether a resource is seen
 * @example
 * const seen = watchedBy(topology);
 * seen(resource); // => true when no watch is configured
 */
export function watchedBy(topology: Topology): (resource: Resource) => boolean {
  const implicit = topology.options.implicitNamespaces;
  const why = watchScope(
    topology.envoyGateway.watch,
    namespaceLabelLookup(topology.namespaces, implicit === 'all' ? null : new Set(implicit)),
  );
  return (resource) => why(resource) === null;
}
