/**
 * Which listeners Envoy Gateway programs (`ProcessListeners`, internal/gatewayapi/listener.go:286-420):
 * a listener whose spec is invalid or that conflicts with another on its port is not ready and
 * gets no IR listener, so no traffic reaches it. Spec checks (`validateListenerSpec`,
 * listener.go:244-284) and the conflict rules (`validateConflictedProtocolsListeners`,
 * `validateConflictedHostnameListeners`, `validateConflictedLayer4Listeners`,
 * `validateConflictedMergedListeners`, validate.go:888-1242) are modelled; certificate contents
 * and Secret lookups are not (docs/request.md).
 */
import { gatewaySettings } from './gateway-settings.js';
import { formatRef } from './object-ref.js';
import type { ListenerNode, Topology } from './topology-types.js';

/** Why a listener is not programmed, or null when it is. */
export type ListenerProblem = string | null;

const SUPPORTED = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']);
const KINDS_BY_PROTOCOL: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/**
 * `validateTerminateModeAndGetTLSSecrets` (validate.go:443-600) without reading certificates:
 * group and kind, a ReferenceGrant for another namespace, the Secret present and of type
 * `kubernetes.io/tls`. Secrets are only looked up when the input holds at least one Secret
 * (`kubectl get` of routes and policies usually has none, and the listener works in the
 * cluster); one valid reference is enough (`PartiallyInvalidCertificateRef` is still programmed).
 */
function certificateProblem(
  topology: Topology,
  l: ListenerNode,
  refs: readonly unknown[],
  checkSecrets: boolean,
): ListenerProblem {
  const owner = l.listenerSet ?? l.gateway;
  const namespace = owner.slice(0, owner.indexOf('/'));
  const problems: string[] = [];
  for (const raw of refs) {
    const ref = record(raw) ?? {};
    const name = typeof ref.name === 'string' ? ref.name : '';
    if (typeof ref.group === 'string' && ref.group !== '') {
      problems.push(`certificate ref ${name}: group must be empty`);
      continue;
    }
    if (typeof ref.kind === 'string' && ref.kind !== 'Secret') {
      problems.push(`certificate ref ${name}: kind must be Secret`);
      continue;
    }
    const ns = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : namespace;
    if (
      ns !== namespace &&
      !grantPermits(topology, namespace, l.listenerSet === null ? 'Gateway' : 'ListenerSet', ns, name)
    ) {
      problems.push(`certificate ref to Secret ${ns}/${name} is not permitted by any ReferenceGrant`);
      continue;
    }
    if (!checkSecrets) return null;
    const secret = topology.byKey.get(formatRef({ kind: 'Secret', namespace: ns, name }));
    if (secret === undefined) {
      problems.push(`Secret ${ns}/${name} does not exist`);
      continue;
    }
    const type = record(secret.object)?.type;
    if (type !== 'kubernetes.io/tls' && type !== 'gateway.envoyproxy.io/sds') {
      problems.push(`Secret ${ns}/${name} must be of type kubernetes.io/tls`);
      continue;
    }
    return null;
  }
  return problems.length === 0 ? null : problems.join('; ');
}

/** A ReferenceGrant in `toNamespace` lets a Gateway or ListenerSet of `fromNamespace` refer to Secret `name`. */
function grantPermits(
  topology: Topology,
  fromNamespace: string,
  fromKind: string,
  toNamespace: string,
  name: string,
): boolean {
  for (const grant of topology.referenceGrants.get(toNamespace) ?? []) {
    const spec = record(grant.object.spec);
    const from = Array.isArray(spec?.from) ? spec.from : [];
    const to = Array.isArray(spec?.to) ? spec.to : [];
    const fromOk = from.some((f) => {
      const r = record(f);
      return r?.namespace === fromNamespace && r.group === 'gateway.networking.k8s.io' && r.kind === fromKind;
    });
    const toOk = to.some((t) => {
      const r = record(t);
      return (
        (r?.group ?? '') === '' &&
        r?.kind === 'Secret' &&
        (r.name === undefined || r.name === null || r.name === '' || r.name === name)
      );
    });
    if (fromOk && toOk) return true;
  }
  return false;
}

/** `validateListenerSpec`: the listener's own spec, without looking at other listeners. */
function specProblem(topology: Topology, l: ListenerNode, checkSecrets: boolean): ListenerProblem {
  const spec = l.spec as unknown as Readonly<Record<string, unknown>>;
  const allowed = record(spec.allowedRoutes);
  const namespaces = record(allowed?.namespaces);
  if (namespaces?.from === 'Selector' && record(namespaces.selector) === undefined)
    return 'allowedRoutes.namespaces.from is Selector but no selector is given';
  if (!SUPPORTED.has(l.protocol)) return `protocol ${l.protocol} is unsupported`;
  const tls = record(spec.tls);
  const mode = typeof tls?.mode === 'string' ? tls.mode : undefined;
  const kinds = Array.isArray(allowed?.kinds) ? (allowed.kinds as unknown[]) : [];
  const protocolKinds =
    l.protocol === 'TLS'
      ? mode === 'Passthrough'
        ? ['TLSRoute']
        : ['TCPRoute', 'TLSRoute']
      : KINDS_BY_PROTOCOL[l.protocol];
  for (const k of kinds) {
    const kind = record(k);
    if (kind?.group !== undefined && kind.group !== null && kind.group !== 'gateway.networking.k8s.io')
      return 'allowedRoutes.kinds names a group other than gateway.networking.k8s.io';
    if (!(protocolKinds ?? []).includes(String(kind?.kind)))
      return `allowedRoutes.kinds names ${String(kind?.kind)}, which protocol ${l.protocol} does not carry`;
  }
  const refs = Array.isArray(tls?.certificateRefs) ? tls.certificateRefs : [];
  switch (l.protocol) {
    case 'HTTP':
    case 'TCP':
    case 'UDP':
      if (tls !== undefined) return `a ${l.protocol} listener must not have tls`;
      break;
    case 'HTTPS':
      if (tls === undefined) return 'an HTTPS listener must have tls';
      if (mode !== undefined && mode !== 'Terminate') return `TLS mode ${mode} is not supported on HTTPS`;
      if (refs.length === 0) return 'an HTTPS listener needs tls.certificateRefs';
      {
        const p = certificateProblem(topology, l, refs, checkSecrets);
        if (p !== null) return p;
      }
      break;
    case 'TLS':
      if (tls === undefined) return 'a TLS listener must have tls';
      if (mode === 'Passthrough' && refs.length > 0) return 'TLS Passthrough must not have certificateRefs';
      if (mode === 'Terminate' && refs.length === 0) return 'TLS Terminate needs tls.certificateRefs';
      if (mode === 'Terminate') {
        const p = certificateProblem(topology, l, refs, checkSecrets);
        if (p !== null) return p;
      }
      break;
  }
  if ((l.protocol === 'TCP' || l.protocol === 'UDP') && l.hostname !== null)
    return `a ${l.protocol} listener must not have a hostname`;
  return null;
}

function protocolFamily(protocol: string): string {
  return protocol === 'HTTPS' || protocol === 'TLS' ? 'https/tls' : protocol;
}

/**
 * The problem of every listener of the topology's accepted Gateways (absent = programmed).
 *
 * @param topology - the graph
 * @returns listener key → why it is not programmed
 */
export function listenerProblems(topology: Topology): ReadonlyMap<string, string> {
  const problems = new Map<string, string>();
  const groups: ListenerNode[][] = [];
  let checkSecrets = false;
  for (const r of topology.byKey.keys()) {
    if (r.startsWith('Secret/')) {
      checkSecrets = true;
      break;
    }
  }
  for (const gw of topology.gateways.values()) {
    if (!gw.accepted) continue;
    const ls: ListenerNode[] = [];
    for (const k of gw.listeners) {
      const l = topology.listeners.get(k);
      if (l === undefined) continue;
      const p = specProblem(topology, l, checkSecrets);
      if (p !== null) problems.set(l.key, p);
      ls.push(l);
    }
    groups.push(ls);
  }
  const valid = (l: ListenerNode): boolean => !problems.has(l.key);
  const conflicted = new Map<string, string>();
  const mark = (l: ListenerNode, why: string): void => {
    if (!conflicted.has(l.key)) conflicted.set(l.key, why);
  };
  // Gateways of a class that merges them share one Envoy fleet: their listeners conflict too.
  const merged = new Map<string, ListenerNode[]>();
  for (const ls of groups) {
    const first = ls[0];
    if (first === undefined) continue;
    const settings = gatewaySettings(topology, first.gateway);
    if (!settings.mergeGateways) continue;
    const list = merged.get(settings.gatewayClass);
    if (list) list.push(...ls);
    else merged.set(settings.gatewayClass, [...ls]);
  }
  for (const ls of groups) protocolConflicts(ls.filter(valid), mark);
  for (const ls of merged.values()) protocolConflicts(ls.filter(valid), mark);
  for (const ls of groups)
    hostnameConflicts(
      ls.filter((l) => valid(l) && !conflicted.has(l.key)),
      mark,
    );
  for (const ls of groups) {
    for (const protocol of ['TCP', 'UDP']) {
      const seen = new Set<number>();
      for (const l of ls) {
        if (!valid(l) || l.protocol !== protocol) continue;
        if (seen.has(l.port)) mark(l, `only one ${protocol} listener is allowed on port ${l.port}`);
        seen.add(l.port);
      }
    }
  }
  for (const ls of merged.values()) {
    const seen = new Set<string>();
    for (const l of ls) {
      if (!valid(l)) continue;
      const k = `${l.protocol}:${l.hostname ?? ''}:${l.port}`;
      if (seen.has(k)) mark(l, 'port, protocol and hostname must be unique across merged Gateways');
      seen.add(k);
    }
  }
  for (const [k, why] of conflicted) problems.set(k, `conflicted: ${why}`);
  return problems;
}

/** `validateConflictedProtocolsListeners` on one list of listeners. */
function protocolConflicts(
  listeners: readonly ListenerNode[],
  mark: (l: ListenerNode, why: string) => void,
): void {
  const byPort = new Map<number, ListenerNode[]>();
  for (const l of listeners) {
    const list = byPort.get(l.port);
    if (list) list.push(l);
    else byPort.set(l.port, [l]);
  }
  for (const [port, onPort] of byPort) {
    const nonUdp = onPort.filter((l) => l.protocol !== 'UDP');
    const all = new Set(nonUdp.map((l) => protocolFamily(l.protocol)));
    if (all.size <= 1) continue;
    const why = `listeners on port ${port} use incompatible protocols`;
    const gatewayProtocols = new Set(
      nonUdp.filter((l) => l.listenerSet === null).map((l) => protocolFamily(l.protocol)),
    );
    if (gatewayProtocols.size > 1) {
      for (const l of nonUdp) mark(l, why);
      continue;
    }
    const perSet = new Map<string, Set<string>>();
    for (const l of nonUdp) {
      if (l.listenerSet === null) continue;
      const s = perSet.get(l.listenerSet) ?? new Set<string>();
      s.add(protocolFamily(l.protocol));
      perSet.set(l.listenerSet, s);
    }
    let winner: string | undefined = gatewayProtocols.size === 1 ? [...gatewayProtocols][0] : undefined;
    for (const l of nonUdp) {
      const p = protocolFamily(l.protocol);
      if (
        l.listenerSet !== null &&
        gatewayProtocols.size === 0 &&
        (perSet.get(l.listenerSet)?.size ?? 0) > 1
      ) {
        mark(l, why);
        continue;
      }
      if (winner !== undefined) {
        if (p !== winner) mark(l, why);
      } else winner = p;
    }
  }
}

/** `validateConflictedHostnameListeners` on one Gateway's listeners (protocol losers excluded). */
function hostnameConflicts(
  listeners: readonly ListenerNode[],
  mark: (l: ListenerNode, why: string) => void,
): void {
  const byPort = new Map<number, ListenerNode[]>();
  for (const l of listeners) {
    if (l.protocol === 'UDP' || l.protocol === 'TCP') continue;
    const list = byPort.get(l.port);
    if (list) list.push(l);
    else byPort.set(l.port, [l]);
  }
  for (const onPort of byPort.values()) {
    const count = new Map<string, number>();
    for (const l of onPort) count.set(l.hostname ?? '', (count.get(l.hostname ?? '') ?? 0) + 1);
    const gatewayCount = new Map<string, number>();
    const sameSet = new Set<string>();
    const perSet = new Map<string, number>();
    for (const l of onPort) {
      const h = l.hostname ?? '';
      if ((count.get(h) ?? 0) <= 1) continue;
      if (l.listenerSet === null) gatewayCount.set(h, (gatewayCount.get(h) ?? 0) + 1);
      else {
        const k = `${l.listenerSet}|${h}`;
        perSet.set(k, (perSet.get(k) ?? 0) + 1);
        if ((perSet.get(k) ?? 0) > 1) sameSet.add(h);
      }
    }
    const winners = new Map<string, ListenerNode>();
    for (const l of onPort) {
      const h = l.hostname ?? '';
      if ((count.get(h) ?? 0) <= 1 || (gatewayCount.get(h) ?? 0) > 1) continue;
      if (sameSet.has(h) && l.listenerSet !== null) continue;
      const existing = winners.get(h);
      if (existing === undefined) winners.set(h, l);
      else if (existing.listenerSet !== null && l.listenerSet === null) winners.set(h, l);
    }
    for (const l of onPort) {
      const h = l.hostname ?? '';
      if ((count.get(h) ?? 0) <= 1) continue;
      const w = winners.get(h);
      if (w !== l)
        mark(l, `another listener on port ${l.port} has the same hostname${h === '' ? ' (none)' : ` ${h}`}`);
    }
  }
}
