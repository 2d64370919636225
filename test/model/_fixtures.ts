/**
 * Test helpers for the topology tests: plain objects in, `Resource` values out, without the
 * loader. Namespaced kinds get `default` when they have no namespace.
 */
import type { KubeObject, Resource } from 'gateway-policy-sim';
import { kindInfo } from 'gateway-policy-sim';
import { resourceKey } from '../../src/model/resource.js';

type Obj = Record<string, unknown>;

/** Turns plain objects into resources, in the order given. */
export function toResources(objects: readonly Obj[]): Resource[] {
  return objects.map((o, index) => {
    const object = structuredClone(o) as unknown as KubeObject & { metadata: { namespace?: string } };
    const namespaced = kindInfo(object.kind)?.namespaced ?? true;
    const namespace = namespaced ? (object.metadata.namespace ?? 'default') : '';
    if (namespaced) object.metadata.namespace = namespace;
    return {
      kind: object.kind,
      namespace,
      name: object.metadata.name,
      key: resourceKey(object.kind, namespace, object.metadata.name),
      object,
      source: { file: 'test.yaml', document: index },
      index,
    };
  });
}

const GW = 'gateway.networking.k8s.io';

export function gatewayClass(
  name = 'eg',
  controllerName = 'gateway.envoyproxy.io/gatewayclass-controller',
): Obj {
  return { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name }, spec: { controllerName } };
}

export function namespace(name: string, labels?: Record<string, string>): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } };
}

export function listener(name: string, protocol = 'HTTP', port = 80, extra: Obj = {}): Obj {
  return { name, protocol, port, ...extra };
}

export interface GatewayOptions {
  readonly ns?: string;
  readonly className?: string;
  readonly labels?: Record<string, string>;
  readonly spec?: Obj;
}

export function gateway(name: string, listeners: readonly Obj[], o: GatewayOptions = {}): Obj {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name, namespace: o.ns ?? 'default', ...(o.labels ? { labels: o.labels } : {}) },
    spec: { gatewayClassName: o.className ?? 'eg', listeners, ...(o.spec ?? {}) },
  };
}

export function listenerSet(
  name: string,
  parent: Obj,
  listeners: readonly Obj[],
  ns = 'default',
  labels?: Record<string, string>,
): Obj {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'ListenerSet',
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    spec: { parentRef: parent, listeners },
  };
}

export interface RouteOptions {
  readonly ns?: string;
  readonly hostnames?: readonly string[];
  readonly rules?: readonly Obj[];
  readonly labels?: Record<string, string>;
}

export function route(kind: string, name: string, parentRefs: readonly Obj[], o: RouteOptions = {}): Obj {
  return {
    apiVersion: `${GW}/v1`,
    kind,
    metadata: { name, namespace: o.ns ?? 'default', ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      parentRefs,
      ...(o.hostnames ? { hostnames: o.hostnames } : {}),
      rules: o.rules ?? [{ backendRefs: [{ name: 'svc', port: 80 }] }],
    },
  };
}

export function httpRoute(name: string, parentRefs: readonly Obj[], o: RouteOptions = {}): Obj {
  return route('HTTPRoute', name, parentRefs, o);
}

export function policy(kind: string, name: string, spec: Obj, ns = 'default'): Obj {
  return { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind, metadata: { name, namespace: ns }, spec };
}
