/**
 * Route parentRef resolution: which listeners a parentRef selects and allows, following the
 * Gateway API rules as Envoy Gateway v1.9 applies them (`GetReferencedListeners`,
 * helpers.go:151-205; `processAllowedListenersForParentRefs`, route.go:3262-3330; hostname
 * intersection in `processHTTPRouteParentRefListener`, route.go:1888-1899, and the TLSRoute
 * equivalent, route.go:2397-2405).
 */
import type { Resource } from '../resource.js';
import { resourceKey } from '../resource.js';
import type { ListenerNode, ListenerSetNode, NotAttachedReason, ParentRefNode } from '../topology-types.js';
import type { ParentReference, RouteKind } from '../types.js';
import { GATEWAY_API_GROUP } from '../types.js';
import { computeHosts } from './topology-hostnames.js';
import { allowsNamespace, type NamespaceLookup } from './topology-listeners.js';
import { asNumber, asRecord, asString, asText } from './topology-read.js';

/** What parentRef resolution needs from the graph being built. */
export interface ParentRefContext {
  readonly gateways: ReadonlyMap<
    string,
    { readonly accepted: boolean; readonly directListeners: readonly string[] }
  >;
  readonly listenerSets: ReadonlyMap<string, ListenerSetNode>;
  readonly listeners: ReadonlyMap<string, ListenerNode>;
  readonly byKey: ReadonlyMap<string, Resource>;
  readonly lookupNamespace: NamespaceLookup;
  /** Another listener of the same Gateway on the same port has exactly this hostname. */
  readonly hostnameTaken: (listener: ListenerNode, hostname: string) => boolean;
  /**
   * Per list of candidate listeners (a Gateway's own, a ListenerSet's), its keys by listener
   * name, built on first use: a parentRef's `sectionName` is then found without a scan.
   */
  readonly listenersByName: WeakMap<readonly string[], ReadonlyMap<string, readonly string[]>>;
}

/** The keys of the candidates named `name`, in candidate order. */
function candidatesNamed(
  candidates: readonly string[],
  name: string,
  ctx: ParentRefContext,
): readonly string[] {
  let byName = ctx.listenersByName.get(candidates);
  if (byName === undefined) {
    const index = new Map<string, string[]>();
    for (const key of candidates) {
      const l = ctx.listeners.get(key);
      if (l === undefined) continue;
      const list = index.get(l.name);
      if (list === undefined) index.set(l.name, [key]);
      else list.push(key);
    }
    byName = index;
    ctx.listenersByName.set(candidates, byName);
  }
  return byName.get(name) ?? [];
}

/** Route kinds whose attachment checks hostnames (TCPRoute and UDPRoute have none). */
const HOSTNAME_KINDS: ReadonlySet<RouteKind> = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute']);

/** Resolves one parentRef of a route. */
export function resolveParentRef(
  route: Resource,
  routeKind: RouteKind,
  hostnames: readonly string[],
  raw: unknown,
  index: number,
  ctx: ParentRefContext,
): ParentRefNode {
  const ref = asRecord(raw) ?? {};
  const name = asString(ref.name) ?? '';
  // The CRD defaults group and kind; an explicit value is compared as written.
  const group = ref.group === undefined || ref.group === null ? GATEWAY_API_GROUP : asText(ref.group);
  const kind = ref.kind === undefined || ref.kind === null ? 'Gateway' : asText(ref.kind);
  const namespace =
    ref.namespace === undefined || ref.namespace === null ? route.namespace : asText(ref.namespace);
  const sectionName = asString(ref.sectionName) ?? null;
  const port = asNumber(ref.port) ?? null;
  // Every node is built by this one literal, so all share one object shape (engines read
  // parentRefs on every visit).
  const node = (
    fields: { gateway: string | null; listenerSet: string | null; managed: boolean; exists: boolean },
    allowedListeners: readonly string[],
    listeners: readonly string[],
    notAttachedReason: NotAttachedReason | null,
  ): ParentRefNode => ({
    index,
    ref: ref as ParentReference,
    kind,
    group,
    namespace,
    name,
    sectionName,
    port,
    gateway: fields.gateway,
    listenerSet: fields.listenerSet,
    managed: fields.managed,
    exists: fields.exists,
    allowedListeners,
    listeners,
    notAttachedReason,
  });
  const none = (
    reason: NotAttachedReason,
    fields: { gateway: string | null; listenerSet: string | null; managed: boolean; exists: boolean },
    allowedListeners: readonly string[] = [],
  ): ParentRefNode => node(fields, allowedListeners, [], reason);

  let gateway: string | null = null;
  let listenerSet: string | null = null;
  let candidates: readonly string[];
  if (group === GATEWAY_API_GROUP && kind === 'Gateway') {
    gateway = `${namespace}/${name}`;
    const gw = ctx.gateways.get(gateway);
    if (gw === undefined)
      return none('ParentNotFound', { gateway, listenerSet, managed: false, exists: false });
    if (!gw.accepted) return none('ParentNotManaged', { gateway, listenerSet, managed: false, exists: true });
    // A Gateway parentRef reaches only the Gateway's own listeners.
    candidates = gw.directListeners;
  } else if (group === GATEWAY_API_GROUP && kind === 'ListenerSet') {
    const ls = ctx.listenerSets.get(`${namespace}/${name}`);
    if (ls === undefined)
      return none('ParentNotFound', { gateway, listenerSet, managed: false, exists: false });
    gateway = ls.parentGateway;
    listenerSet = ls.key;
    const fields = { gateway, listenerSet, managed: false, exists: true };
    if (!ls.parentAccepted) return none('ParentNotManaged', fields);
    // Envoy Gateway finds a ListenerSet parent through its listeners in the Gateway's list:
    // one not accepted by its Gateway, or without listeners, is not a parent it manages.
    if (!ls.accepted || ls.listeners.length === 0) return none('ListenerSetNotAccepted', fields);
    candidates = ls.listeners;
  } else {
    const exists = ctx.byKey.has(resourceKey(kind, namespace, name));
    return none('UnsupportedValue', { gateway, listenerSet, managed: false, exists });
  }

  const fields = { gateway, listenerSet, managed: true, exists: true };
  const selected: ListenerNode[] = [];
  for (const key of sectionName === null ? candidates : candidatesNamed(candidates, sectionName, ctx)) {
    const l = ctx.listeners.get(key);
    if (l === undefined) continue;
    if (sectionName !== null && sectionName !== l.name) continue;
    if (port !== null && port !== l.port) continue;
    selected.push(l);
  }
  if (selected.length === 0) return none('NoMatchingParent', fields);

  const allowed = selected.filter((l) => {
    if (!l.supportedKinds.includes(routeKind)) return false;
    const owner = l.listenerSet ?? l.gateway;
    const ownerNamespace = owner.slice(0, owner.indexOf('/'));
    return allowsNamespace(l.spec, ownerNamespace, route.namespace, ctx.lookupNamespace);
  });
  if (allowed.length === 0) return none('NotAllowedByListeners', fields);
  const allowedKeys = allowed.map((l) => l.key);

  const attached = HOSTNAME_KINDS.has(routeKind)
    ? allowed.filter((l) => computeHosts(hostnames, l.hostname, (h) => ctx.hostnameTaken(l, h)).length > 0)
    : allowed;
  if (attached.length === 0) return none('NoMatchingListenerHostname', fields, allowedKeys);
  return node(
    fields,
    allowedKeys,
    attached.map((l) => l.key),
    null,
  );
}
