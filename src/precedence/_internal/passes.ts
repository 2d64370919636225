/**
 * The six passes of BackendTrafficPolicy, SecurityPolicy and EnvoyExtensionPolicy (R4.2), each
 * named by the scope it attaches to, most specific first: processing order is precedence (R4.3).
 * Which pass a target belongs to is R3.6; the kinds CEL allows are not checked again here (R1.4):
 * a target of any kind but Gateway is tried as a route, and finds nothing unless it is one.
 */
import { type ObjectRef, refText } from '../../model/object-ref.js';
import type { TargetRef } from '../resolve-targets.js';
import { type Scope, type ScopeKind, scope } from '../scope.js';

/** A pass: its number orders visits. */
export type Pass = 1 | 2 | 3 | 4 | 5 | 6;

/** The passes by the scope they attach to, in processing order. */
export const Pass: {
  readonly RouteRule: 1;
  readonly Route: 2;
  readonly ListenerSetListener: 3;
  readonly ListenerSet: 4;
  readonly GatewayListener: 5;
  readonly Gateway: 6;
} = {
  RouteRule: 1,
  Route: 2,
  ListenerSetListener: 3,
  ListenerSet: 4,
  GatewayListener: 5,
  Gateway: 6,
};

/** Every pass, in processing order. */
export const PASSES: readonly Pass[] = [
  Pass.RouteRule,
  Pass.Route,
  Pass.ListenerSetListener,
  Pass.ListenerSet,
  Pass.GatewayListener,
  Pass.Gateway,
];

/** The scope kind of each pass. */
const SCOPE_KIND: Readonly<Record<Pass, ScopeKind>> = {
  1: 'RouteRule',
  2: 'Route',
  3: 'ListenerSetListener',
  4: 'ListenerSet',
  5: 'GatewayListener',
  6: 'Gateway',
};

/** The rule and route passes: targets are routes (or anything not a Gateway, tried as a route). */
export function isRouteLevel(pass: Pass): boolean {
  return pass <= Pass.Route;
}

/** The ListenerSet passes (3 and 4). */
export function isListenerSetLevel(pass: Pass): boolean {
  return pass === Pass.ListenerSetListener || pass === Pass.ListenerSet;
}

/** The ListenerSet passes run only when the release has ListenerSets and the input holds one. */
export function passRuns(pass: Pass, listenerSetsExist: boolean): boolean {
  return listenerSetsExist || !isListenerSetLevel(pass);
}

/**
 * R4.2: the objects a pass's `targetSelectors` may select; null for the section passes, which
 * read plain refs only.
 */
export function selectorCandidates(pass: Pass): 'routes' | 'ListenerSet' | 'Gateway' | null {
  switch (pass) {
    case Pass.Route:
      return 'routes';
    case Pass.ListenerSet:
      return 'ListenerSet';
    case Pass.Gateway:
      return 'Gateway';
    default:
      return null;
  }
}

/** R3.6: whether a target belongs to a pass (a ListenerSet target is also tried as a route). */
export function inPass(pass: Pass, t: TargetRef): boolean {
  const section = t.sectionName !== null;
  switch (pass) {
    case Pass.RouteRule:
      return t.kind !== 'Gateway' && section;
    case Pass.Route:
      return t.kind !== 'Gateway' && !section;
    case Pass.ListenerSetListener:
      return t.kind === 'ListenerSet' && section;
    case Pass.ListenerSet:
      return t.kind === 'ListenerSet' && !section;
    case Pass.GatewayListener:
      return t.kind === 'Gateway' && section;
    default:
      return t.kind === 'Gateway' && !section;
  }
}

/** The scope a target names in a pass. */
export function targetScope(pass: Pass, t: TargetRef): Scope {
  const ref: ObjectRef =
    t.sectionName === null
      ? { kind: t.kind, namespace: t.namespace, name: t.name }
      : { kind: t.kind, namespace: t.namespace, name: t.name, section: t.sectionName };
  return scope(SCOPE_KIND[pass], ref);
}

/**
 * The key of the scope a target names in a pass (`scopeKey(targetScope(pass, t))`), without
 * building the scope.
 */
export function targetScopeKey(pass: Pass, t: TargetRef): string {
  return `${SCOPE_KIND[pass]} ${refText(t.kind, t.namespace, t.name, t.sectionName ?? undefined)}`;
}

/** `Kind/ns/name` of a target, the key of the route a route-level target looks up. */
export function targetRouteKey(t: TargetRef): string {
  return `${t.kind}/${t.namespace}/${t.name}`;
}
