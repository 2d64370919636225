/**
 * Envoy Gateway's backendRef checks that decide whether a route rule answers 500
 * (`validateBackendRef`, validate.go): group, kind, ReferenceGrant, Backend support, Service port.
 *
 * @packageDocumentation
 */
import { formatRef } from '../../model/object-ref.js';
import type { RouteNode, Topology } from '../../model/topology-types.js';
import { list, rec, str } from './json-read.js';

/** Why Envoy Gateway cannot use a backendRef (`validateBackendRef`, validate.go:30-300), or null. */
export interface BackendCheck {
  readonly problem: (route: RouteNode, ref: Readonly<Record<string, unknown>>) => string | null;
}

/**
 * The backendRef checks that decide a 500: group and kind, a ReferenceGrant for another
 * namespace, Backend support, and the Service and its port. Services are looked up only when the
 * input holds at least one Service (an export of routes and policies usually has none, and the
 * Services exist in the cluster).
 */
export function backendCheck(topology: Topology): BackendCheck {
  let hasServices = false;
  for (const k of topology.byKey.keys()) {
    if (k.startsWith('Service/')) {
      hasServices = true;
      break;
    }
  }
  return {
    problem: (route, ref) => {
      const group = str(ref.group) ?? '';
      const kind = str(ref.kind) ?? 'Service';
      const name = str(ref.name) ?? '';
      const namespace = str(ref.namespace) ?? route.namespace;
      // The group and the kind are checked apart (validateBackendRefGroup, validateBackendRefKind).
      if (group !== '' && group !== 'multicluster.x-k8s.io' && group !== 'gateway.envoyproxy.io')
        return `group ${group} of ${kind} ${namespace}/${name} is not a supported backend group`;
      if (kind !== 'Service' && kind !== 'ServiceImport' && kind !== 'Backend')
        return `${kind} ${namespace}/${name} is not a supported backend kind`;
      const isService = kind === 'Service';
      const isBackend = kind === 'Backend';
      if (namespace !== route.namespace && !routeGrant(topology, route, group, kind, namespace, name))
        return `${kind} ${namespace}/${name} is in another namespace and no ReferenceGrant allows it`;
      if (isBackend) {
        if (!topology.options.enableBackend) return 'Backend is disabled in Envoy Gateway configuration';
        return topology.byKey.has(formatRef({ kind: 'Backend', namespace, name }))
          ? null
          : `Backend ${namespace}/${name} not found`;
      }
      if (!isService) return null;
      if (typeof ref.port !== 'number') return `a port is required for Service ${namespace}/${name}`;
      if (!hasServices) return null;
      const svc = topology.byKey.get(formatRef({ kind: 'Service', namespace, name }));
      if (svc === undefined) return `Service ${namespace}/${name} not found`;
      const ports = list(rec(svc.object.spec)?.ports).map((p) => rec(p)?.port);
      return ports.includes(ref.port) ? null : `port ${ref.port} not found on Service ${namespace}/${name}`;
    },
  };
}

/** A ReferenceGrant in the backend's namespace lets the route's kind in its namespace refer to it. */
function routeGrant(
  topology: Topology,
  route: RouteNode,
  group: string,
  kind: string,
  namespace: string,
  name: string,
): boolean {
  for (const grant of topology.referenceGrants.get(namespace) ?? []) {
    const spec = rec(grant.object.spec);
    const fromOk = list(spec?.from).some((f) => {
      const r = rec(f);
      return (
        r?.namespace === route.namespace && r.group === 'gateway.networking.k8s.io' && r.kind === route.kind
      );
    });
    const toOk = list(spec?.to).some((t) => {
      const r = rec(t);
      return (
        (str(r?.group) ?? '') === group &&
        r?.kind === kind &&
        (r.name === undefined || r.name === null || r.name === '' || r.name === name)
      );
    });
    if (fromOk && toOk) return true;
  }
  return false;
}
