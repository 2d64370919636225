/**
 * Manifest builders for the request-routing tests: a GatewayClass, Gateways, routes and policies
 * as objects, run through `simulate` in input order (so route order is the order given).
 */
import { type RequestAnswer, routeRequest, type SimulateOptions, simulate } from 'gateway-policy-sim';

export type Obj = Record<string, unknown>;

export const CLASS: Obj = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'eg' },
  spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
};

/** A Gateway `default/<name>` with these listeners (TLS listeners get a certificateRef). */
export function gateway(name: string, listeners: readonly Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: 'default' },
    spec: {
      gatewayClassName: 'eg',
      listeners: listeners.map((l) =>
        l.protocol === 'HTTPS' && l.tls === undefined
          ? { ...l, tls: { certificateRefs: [{ name: 'cert' }] } }
          : l,
      ),
      ...extra,
    },
  };
}

/** An HTTPRoute `default/<name>` on Gateway `eg` unless parentRefs are given. */
export function httpRoute(name: string, spec: Obj, meta: Obj = {}): Obj {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'default', ...meta },
    spec: { parentRefs: [{ name: 'eg' }], ...spec },
  };
}

/** A GRPCRoute `default/<name>` on Gateway `eg`. */
export function grpcRoute(name: string, spec: Obj): Obj {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name, namespace: 'default' },
    spec: { parentRefs: [{ name: 'eg' }], ...spec },
  };
}

/** A rule forwarding to Service `svc`, with these matches. */
export function rule(matches?: readonly Obj[], extra: Obj = {}): Obj {
  return { ...(matches ? { matches } : {}), backendRefs: [{ name: 'svc', port: 80 }], ...extra };
}

/** Runs the manifests (input order) and returns a function answering requests. */
export function router(objects: readonly Obj[], options: SimulateOptions = {}) {
  const text = [CLASS, ...objects].map((o) => JSON.stringify(o)).join('\n---\n');
  const { resolution, diagnostics } = simulate(text, { order: 'input', admission: 'report', ...options });
  return {
    resolution,
    diagnostics,
    ask: (
      method: string,
      url: string,
      extra: { headers?: [string, string][]; sourceIp?: string; jwtClaims?: Obj; gateway?: string } = {},
    ): RequestAnswer =>
      routeRequest(
        resolution,
        {
          method,
          url,
          ...(extra.headers ? { headers: extra.headers } : {}),
          ...(extra.sourceIp ? { sourceIp: extra.sourceIp } : {}),
          ...(extra.jwtClaims ? { jwtClaims: extra.jwtClaims as never } : {}),
        },
        { gateway: extra.gateway ?? 'default/eg' },
      ),
  };
}

/** `Kind/ns/name rule N match M` of an answer, for short assertions. */
export function served(a: RequestAnswer): string | null {
  return a.route === null ? null : `${a.route} ${a.ruleIndex} ${a.matchIndex}`;
}
