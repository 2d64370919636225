/**
 * A fast-check arbitrary of small but rich policy-attachment topologies, as plain manifest
 * objects (what `loadObjects` takes): a GatewayClass, labelled Namespaces, 1–3 Gateways with
 * HTTP/HTTPS listeners, an optional ListenerSet, 1–6 HTTPRoutes in 1–3 namespaces with named and
 * unnamed rules and parentRefs with and without sectionName, ReferenceGrants, and policies of the
 * four kinds targeting through `targetRef`, `targetRefs` and `targetSelectors`, with sectionNames on
 * listeners and rules and an optional `mergeType` on route policies.
 *
 * Timestamps come from a set of three, so ties happen; namespaces are `team`, `team-a` and
 * `infra`, and policy names `a`, `b`, `c`, so the (namespace, name) tuple order and the `ns/name`
 * string order disagree (`team-a/a` < `team/b` as strings, `team` < `team-a` as namespaces).
 */
import fc from 'fast-check';
import {
  buildTopology,
  type LoadResult,
  loadObjects,
  type PolicyKind,
  type Topology,
  type TopologyOptions,
} from 'gateway-policy-sim';

export type Obj = Record<string, unknown>;

export const GW_GROUP = 'gateway.networking.k8s.io';
export const EG_GROUP = 'gateway.envoyproxy.io';
export const EG_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** Namespaces the arbitrary draws from; `team` is a prefix of `team-a` on purpose. */
export const NAMESPACES = ['team', 'team-a', 'infra'] as const;
/** creationTimestamps the arbitrary draws from (few, so ties happen). */
export const TIMESTAMPS = ['2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', '2025-01-01T00:00:00Z'] as const;
/** Policy names the arbitrary draws from. */
export const POLICY_NAMES = ['a', 'b', 'c'] as const;

const ALL_KINDS: readonly PolicyKind[] = [
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];

/** Options of {@link topologyArbitrary}. */
export interface TopologyArbitraryOptions {
  /** Policy kinds to draw. Default: all four. */
  readonly kinds?: readonly PolicyKind[];
  /** Whether route policies may carry `mergeType`. Default true. */
  readonly mergeType?: boolean;
  /** Whether a ListenerSet may appear. Default true. */
  readonly listenerSet?: boolean;
  /** Maximum number of policies. Default 8. */
  readonly maxPolicies?: number;
}

/** A generated case: the manifest objects in input order. */
export interface TopologyCase {
  readonly objects: readonly Obj[];
}

// ---------------------------------------------------------------------------------------------
// Manifest builders (shared with the handwritten tests)

/** Kubernetes metadata with an optional creationTimestamp and labels. */
export function meta(
  name: string,
  namespace: string | null,
  ts?: string,
  labels?: Record<string, string>,
): Obj {
  return {
    name,
    ...(namespace === null ? {} : { namespace }),
    ...(ts === undefined ? {} : { creationTimestamp: ts }),
    ...(labels === undefined ? {} : { labels }),
  };
}

export function gatewayClassObj(name = 'eg'): Obj {
  return {
    apiVersion: `${GW_GROUP}/v1`,
    kind: 'GatewayClass',
    metadata: meta(name, null),
    spec: { controllerName: EG_CONTROLLER },
  };
}

export function namespaceObj(name: string, labels?: Record<string, string>): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, null, undefined, labels) };
}

/** A listener; HTTPS ones get a certificate ref, every listener allows routes from all namespaces. */
export function listenerObj(name: string, protocol: string, port: number): Obj {
  return {
    name,
    protocol,
    port,
    allowedRoutes: { namespaces: { from: 'All' } },
    ...(protocol === 'HTTPS' || protocol === 'TLS' ? { tls: { certificateRefs: [{ name: 'cert' }] } } : {}),
  };
}

export function gatewayObj(
  namespace: string,
  name: string,
  listeners: readonly Obj[],
  o: { ts?: string; labels?: Record<string, string> } = {},
): Obj {
  return {
    apiVersion: `${GW_GROUP}/v1`,
    kind: 'Gateway',
    metadata: meta(name, namespace, o.ts, o.labels),
    spec: { gatewayClassName: 'eg', allowedListeners: { namespaces: { from: 'All' } }, listeners },
  };
}

export function listenerSetObj(
  namespace: string,
  name: string,
  parent: { namespace: string; name: string },
  listeners: readonly Obj[],
  o: { ts?: string; labels?: Record<string, string> } = {},
): Obj {
  return {
    apiVersion: `${GW_GROUP}/v1`,
    kind: 'ListenerSet',
    metadata: meta(name, namespace, o.ts, o.labels),
    spec: {
      parentRef: { group: GW_GROUP, kind: 'Gateway', namespace: parent.namespace, name: parent.name },
      listeners,
    },
  };
}

/** A parentRef; `kind` ListenerSet adds the group. */
export function parentRefObj(
  name: string,
  o: { namespace?: string; sectionName?: string; kind?: 'Gateway' | 'ListenerSet' } = {},
): Obj {
  return {
    ...(o.kind === 'ListenerSet' ? { group: GW_GROUP, kind: 'ListenerSet' } : {}),
    name,
    ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
    ...(o.sectionName === undefined ? {} : { sectionName: o.sectionName }),
  };
}

/** A route; `rules` are rule names, `null` for an unnamed rule. */
export function routeObj(
  kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'UDPRoute',
  namespace: string,
  name: string,
  parentRefs: readonly Obj[],
  rules: readonly (string | null)[] = [null],
  o: { ts?: string; labels?: Record<string, string> } = {},
): Obj {
  const version = kind === 'HTTPRoute' || kind === 'GRPCRoute' ? 'v1' : 'v1alpha2';
  return {
    apiVersion: `${GW_GROUP}/${version}`,
    kind,
    metadata: meta(name, namespace, o.ts, o.labels),
    spec: {
      parentRefs,
      rules: rules.map((r) => ({
        ...(r === null ? {} : { name: r }),
        backendRefs: [{ name: 'backend', port: 8080 }],
      })),
    },
  };
}

export function httpRouteObj(
  namespace: string,
  name: string,
  parentRefs: readonly Obj[],
  rules: readonly (string | null)[] = [null],
  o: { ts?: string; labels?: Record<string, string> } = {},
): Obj {
  return routeObj('HTTPRoute', namespace, name, parentRefs, rules, o);
}

/** A plain target reference (group set, as CEL requires). */
export function ref(kind: string, name: string, sectionName?: string): Obj {
  return { group: GW_GROUP, kind, name, ...(sectionName === undefined ? {} : { sectionName }) };
}

/** A policy of any kind with the given spec (targeting fields included). */
export function policyObj(kind: PolicyKind, namespace: string, name: string, spec: Obj, ts?: string): Obj {
  return { apiVersion: `${EG_GROUP}/v1alpha1`, kind, metadata: meta(name, namespace, ts), spec };
}

export function referenceGrantObj(
  namespace: string,
  name: string,
  from: { kind: string; namespace: string },
  to: { kind: string; name?: string },
): Obj {
  return {
    apiVersion: `${GW_GROUP}/v1beta1`,
    kind: 'ReferenceGrant',
    metadata: meta(name, namespace),
    spec: {
      from: [{ group: EG_GROUP, kind: from.kind, namespace: from.namespace }],
      to: [{ group: GW_GROUP, kind: to.kind, ...(to.name === undefined ? {} : { name: to.name }) }],
    },
  };
}

/** A feature field per kind, so policies are not empty. */
export function featureOf(kind: PolicyKind): Obj {
  switch (kind) {
    case 'ClientTrafficPolicy':
      return { timeout: { http: { idleTimeout: '5s' } } };
    case 'BackendTrafficPolicy':
      return { timeout: { http: { requestTimeout: '10s' } } };
    case 'SecurityPolicy':
      return { cors: { allowOrigins: ['https://example.com'] } };
    case 'EnvoyExtensionPolicy':
      return { lua: [{ type: 'Inline', inline: 'function envoy_on_request(h) end' }] };
  }
}

/**
 * The pipeline the tests use: `loadObjects` then `buildTopology`.
 *
 * @param objects - manifest objects
 * @param options - topology options
 * @returns the load result and the topology
 */
export function loadTopology(
  objects: readonly unknown[],
  options: TopologyOptions = {},
): { load: LoadResult; topology: Topology } {
  const load = loadObjects(objects);
  // The generated worlds model an install with Lua on (EnvoyExtensionPolicies carry a Lua body).
  return { load, topology: buildTopology(load, { enableLua: true, ...options }) };
}

// ---------------------------------------------------------------------------------------------
// The arbitrary

const tsArb = fc.constantFrom(...TIMESTAMPS);
const nsArb = fc.constantFrom(...NAMESPACES);
const LISTENERS: Readonly<Record<string, readonly [string, number]>> = {
  http: ['HTTP', 80],
  https: ['HTTPS', 443],
  admin: ['HTTP', 8080],
};

interface GatewaySkel {
  readonly namespace: string;
  readonly name: string;
  readonly listeners: readonly string[];
  readonly app: string;
  readonly ts: string;
}
interface ListenerSetSkel {
  readonly namespace: string;
  readonly name: string;
  readonly parent: number;
  readonly listeners: readonly Obj[];
  readonly app: string;
  readonly ts: string;
}
interface RouteSkel {
  readonly namespace: string;
  readonly name: string;
  readonly app: string;
  readonly rules: readonly (string | null)[];
  readonly parentRefs: readonly Obj[];
  readonly ts: string;
}
interface Skeleton {
  readonly nsLabels: readonly (string | null)[];
  readonly gateways: readonly GatewaySkel[];
  readonly listenerSet: ListenerSetSkel | null;
  readonly routes: readonly RouteSkel[];
}

const gatewaysArb = fc
  .array(
    fc.record({
      namespace: fc.constantFrom('infra', 'team'),
      listeners: fc.subarray(['http', 'https', 'admin'], { minLength: 1 }),
      app: fc.constantFrom('edge', 'internal'),
      ts: tsArb,
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((gws): GatewaySkel[] => gws.map((g, i) => ({ ...g, name: `gw-${i + 1}` })));

function listenerSetArb(gateways: readonly GatewaySkel[]): fc.Arbitrary<ListenerSetSkel> {
  return fc
    .record({
      namespace: nsArb,
      parent: fc.nat({ max: gateways.length - 1 }),
      // ls-http shares port 80 with the Gateway's http listener half of the time (R9.1 overlap).
      httpPort: fc.constantFrom(80, 8081),
      which: fc.subarray(['ls-http', 'ls-https'], { minLength: 1 }),
      app: fc.constantFrom('edge', 'internal'),
      ts: tsArb,
    })
    .map((r) => ({
      namespace: r.namespace,
      name: 'ls-1',
      parent: r.parent,
      listeners: r.which.map((w) =>
        w === 'ls-http' ? listenerObj('ls-http', 'HTTP', r.httpPort) : listenerObj('ls-https', 'HTTPS', 8443),
      ),
      app: r.app,
      ts: r.ts,
    }));
}

function routesArb(gateways: readonly GatewaySkel[], ls: ListenerSetSkel | null): fc.Arbitrary<RouteSkel[]> {
  const parentArb = fc.record({
    parent: fc.nat({ max: gateways.length - 1 + (ls ? 1 : 0) }),
    section: fc.option(fc.nat({ max: 3 }), { freq: 2 }),
  });
  return fc
    .record({
      namespaces: fc.subarray([...NAMESPACES], { minLength: 1 }),
      routes: fc.array(
        fc.record({
          ns: fc.nat(),
          app: fc.constantFrom('a', 'b'),
          rules: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
          parents: fc.array(parentArb, { minLength: 1, maxLength: 2 }),
          ts: tsArb,
        }),
        { minLength: 1, maxLength: 6 },
      ),
    })
    .map(({ namespaces, routes }) =>
      routes.map(
        (r, i): RouteSkel => ({
          namespace: namespaces[r.ns % namespaces.length]!,
          name: `route-${i + 1}`,
          app: r.app,
          // Named rules `r1`, `r2`… by position; unnamed ones cannot be targeted (R5.3).
          rules: r.rules.map((named, j) => (named ? `r${j + 1}` : null)),
          parentRefs: r.parents.map((p) => {
            if (ls && p.parent === gateways.length) {
              const names = ls.listeners.map((l) => String(l.name));
              const section = p.section === null ? undefined : names[p.section % names.length];
              return parentRefObj(ls.name, {
                kind: 'ListenerSet',
                namespace: ls.namespace,
                ...(section ? { sectionName: section } : {}),
              });
            }
            const gw = gateways[p.parent]!;
            const section = p.section === null ? undefined : gw.listeners[p.section % gw.listeners.length];
            return parentRefObj(gw.name, {
              namespace: gw.namespace,
              ...(section ? { sectionName: section } : {}),
            });
          }),
          ts: r.ts,
        }),
      ),
    );
}

const skeletonArb = (withListenerSet: boolean): fc.Arbitrary<Skeleton> =>
  gatewaysArb.chain((gateways) =>
    (withListenerSet ? fc.option(listenerSetArb(gateways), { freq: 2 }) : fc.constant(null)).chain(
      (listenerSet) =>
        fc
          .record({
            nsLabels: fc.tuple(...NAMESPACES.map(() => fc.option(fc.constantFrom('prod', 'dev')))),
            routes: routesArb(gateways, listenerSet),
          })
          .map(({ nsLabels, routes }) => ({ nsLabels, gateways, listenerSet, routes })),
    ),
  );

type TargetChoice = 'gateway' | 'gatewayListener' | 'listenerSet' | 'listenerSetListener' | 'route' | 'rule';
type SelectorNamespaces = 'absent' | 'Same' | 'All' | 'Selector';

interface PolicyDraw {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly ts: string;
  readonly namespace: string | null;
  readonly form: 'targetRef' | 'targetRefs' | 'targetSelectors' | 'both';
  readonly targets: readonly { readonly what: TargetChoice; readonly i: number; readonly j: number }[];
  readonly selectors: readonly {
    readonly kind: 'Gateway' | 'ListenerSet' | 'HTTPRoute';
    readonly app: string | null;
    readonly namespaces: SelectorNamespaces;
  }[];
  readonly mergeType: string | null;
}

function policyDrawArb(kinds: readonly PolicyKind[], mergeType: boolean): fc.Arbitrary<PolicyDraw> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    name: fc.constantFrom(...POLICY_NAMES),
    ts: tsArb,
    namespace: fc.option(nsArb, { freq: 3 }),
    form: fc.constantFrom('targetRef', 'targetRefs', 'targetRefs', 'targetSelectors', 'both'),
    targets: fc.array(
      fc.record({
        what: fc.constantFrom<TargetChoice>(
          'gateway',
          'gatewayListener',
          'listenerSet',
          'listenerSetListener',
          'route',
          'rule',
        ),
        i: fc.nat({ max: 7 }),
        j: fc.nat({ max: 3 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    selectors: fc.array(
      fc.record({
        kind: fc.constantFrom('Gateway', 'ListenerSet', 'HTTPRoute'),
        app: fc.option(fc.constantFrom('a', 'b', 'edge', 'internal'), { freq: 4 }),
        namespaces: fc.constantFrom<SelectorNamespaces>('absent', 'Same', 'All', 'Selector'),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    mergeType: mergeType
      ? fc.option(fc.constantFrom('StrategicMerge', 'JSONMerge'), { freq: 2 })
      : fc.constant(null),
  });
}

/** Turns a draw into a policy object against the skeleton (namespace: the first target's, unless drawn). */
function policyFromDraw(d: PolicyDraw, s: Skeleton): Obj {
  const ctp = d.kind === 'ClientTrafficPolicy';
  const ls = s.listenerSet;
  const refs: Obj[] = [];
  let firstNs: string | null = null;
  for (const t of d.targets) {
    let what = t.what;
    if (!ls && (what === 'listenerSet' || what === 'listenerSetListener'))
      what = what === 'listenerSet' ? 'gateway' : 'gatewayListener';
    if (ctp && (what === 'route' || what === 'rule')) what = what === 'route' ? 'gateway' : 'gatewayListener';
    if (what === 'gateway' || what === 'gatewayListener') {
      const gw = s.gateways[t.i % s.gateways.length]!;
      firstNs ??= gw.namespace;
      refs.push(
        what === 'gateway'
          ? ref('Gateway', gw.name)
          : ref('Gateway', gw.name, gw.listeners[t.j % gw.listeners.length]),
      );
    } else if (what === 'listenerSet' || what === 'listenerSetListener') {
      firstNs ??= ls!.namespace;
      refs.push(
        what === 'listenerSet'
          ? ref('ListenerSet', ls!.name)
          : ref('ListenerSet', ls!.name, String(ls!.listeners[t.j % ls!.listeners.length]!.name)),
      );
    } else {
      const r = s.routes[t.i % s.routes.length]!;
      firstNs ??= r.namespace;
      const named = r.rules.filter((x): x is string => x !== null);
      // A rule target on a route without named rules names `r1` anyway (TargetNotFound, R5.3).
      refs.push(
        what === 'route'
          ? ref('HTTPRoute', r.name)
          : ref('HTTPRoute', r.name, named[t.j % Math.max(1, named.length)] ?? 'r1'),
      );
    }
  }
  const selectors = d.selectors.map((sel) => {
    let kind: string = sel.kind;
    if (ctp && kind === 'HTTPRoute') kind = 'Gateway';
    if (!ls && kind === 'ListenerSet') kind = 'Gateway';
    return {
      kind,
      ...(sel.app === null ? {} : { matchLabels: { app: sel.app } }),
      ...(sel.namespaces === 'absent'
        ? {}
        : sel.namespaces === 'Selector'
          ? { namespaces: { from: 'Selector', selector: { matchLabels: { env: 'prod' } } } }
          : { namespaces: { from: sel.namespaces } }),
    };
  });
  const namespace = d.namespace ?? firstNs ?? 'team';
  const useRefs = d.form !== 'targetSelectors';
  const useSelectors = d.form === 'targetSelectors' || d.form === 'both';
  const targeting: Obj = {
    ...(useRefs ? (d.form === 'targetRef' ? { targetRef: refs[0] } : { targetRefs: refs }) : {}),
    ...(useSelectors ? { targetSelectors: selectors } : {}),
  };
  const kindsUsed = [
    ...(useRefs ? (d.form === 'targetRef' ? refs.slice(0, 1) : refs) : []),
    ...(useSelectors ? selectors : []),
  ].map((x) => String(x.kind));
  // R1.5: mergeType only when every target is an xRoute (CEL); never on ClientTrafficPolicy.
  const merge =
    !ctp && d.mergeType !== null && kindsUsed.every((k) => k === 'HTTPRoute')
      ? { mergeType: d.mergeType }
      : {};
  return policyObj(d.kind, namespace, d.name, { ...targeting, ...merge, ...featureOf(d.kind) }, d.ts);
}

function skeletonObjects(s: Skeleton): Obj[] {
  const out: Obj[] = [gatewayClassObj()];
  NAMESPACES.forEach((ns, i) => {
    const env = s.nsLabels[i];
    out.push(namespaceObj(ns, env === null || env === undefined ? undefined : { env }));
  });
  for (const g of s.gateways) {
    out.push(
      gatewayObj(
        g.namespace,
        g.name,
        g.listeners.map((l) => listenerObj(l, LISTENERS[l]![0], LISTENERS[l]![1])),
        { ts: g.ts, labels: { app: g.app } },
      ),
    );
  }
  if (s.listenerSet) {
    const ls = s.listenerSet;
    const parent = s.gateways[ls.parent]!;
    out.push(
      listenerSetObj(ls.namespace, ls.name, parent, ls.listeners, { ts: ls.ts, labels: { app: ls.app } }),
    );
  }
  for (const r of s.routes)
    out.push(httpRouteObj(r.namespace, r.name, r.parentRefs, r.rules, { ts: r.ts, labels: { app: r.app } }));
  return out;
}

/**
 * The topology arbitrary.
 *
 * @param options - which kinds, whether mergeType and a ListenerSet may appear, how many policies
 * @returns an arbitrary of {@link TopologyCase}
 */
export function topologyArbitrary(options: TopologyArbitraryOptions = {}): fc.Arbitrary<TopologyCase> {
  const kinds = options.kinds ?? ALL_KINDS;
  const maxPolicies = options.maxPolicies ?? 8;
  return skeletonArb(options.listenerSet ?? true).chain((s) =>
    fc
      .record({
        policies: fc.array(policyDrawArb(kinds, options.mergeType ?? true), { maxLength: maxPolicies }),
        grants: fc.array(
          fc.record({
            ns: nsArb,
            fromNs: nsArb,
            fromKind: fc.constantFrom(...kinds),
            toKind: fc.constantFrom('Gateway', 'HTTPRoute', 'ListenerSet'),
          }),
          { maxLength: 2 },
        ),
      })
      .map(({ policies, grants }) => {
        const objects = skeletonObjects(s);
        grants.forEach((g, i) => {
          if (g.ns !== g.fromNs) {
            objects.push(
              referenceGrantObj(
                g.ns,
                `grant-${i + 1}`,
                { kind: g.fromKind, namespace: g.fromNs },
                { kind: g.toKind },
              ),
            );
          }
        });
        const seen = new Set<string>();
        for (const d of policies) {
          const p = policyFromDraw(d, s);
          const m = p.metadata as { namespace: string; name: string };
          const key = `${d.kind}/${m.namespace}/${m.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          objects.push(p);
        }
        return { objects };
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// Namespace renaming (for the renaming law)

/**
 * A renaming of {@link NAMESPACES} that keeps every order the engine uses: a common prefix and a
 * strictly increasing substitution of letters (`-` stays `-`), so namespaces, and `ns/…` strings,
 * compare the same before and after.
 */
export const namespaceRenamingArb: fc.Arbitrary<ReadonlyMap<string, string>> = fc
  .tuple(
    fc.constantFrom('x', 'xy', 'xq-'),
    fc
      .uniqueArray(fc.integer({ min: 0, max: 25 }), { minLength: 8, maxLength: 8 })
      .map((xs) => xs.sort((a, b) => a - b)),
  )
  .map(([prefix, image]) => {
    const letters = [...new Set(NAMESPACES.join('').replace(/-/g, ''))].sort();
    const map = new Map<string, string>();
    letters.forEach((c, i) => {
      map.set(c, String.fromCharCode(97 + image[i]!));
    });
    const renamed = new Map<string, string>();
    for (const ns of NAMESPACES) renamed.set(ns, prefix + [...ns].map((c) => map.get(c) ?? c).join(''));
    return renamed;
  });

/**
 * Renames namespaces everywhere in manifest objects: every `namespace` field, and the name of
 * Namespace objects.
 *
 * @param value - objects (not mutated)
 * @param renaming - old → new
 * @returns renamed copies
 */
export function renameNamespacesInManifests(value: unknown, renaming: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => renameNamespacesInManifests(v, renaming));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Obj;
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'namespace' && typeof v === 'string') out[k] = renaming.get(v) ?? v;
    else out[k] = renameNamespacesInManifests(v, renaming);
  }
  if (o.kind === 'Namespace' && typeof (o.metadata as Obj | undefined)?.name === 'string') {
    const m = out.metadata as Obj;
    out.metadata = { ...m, name: renaming.get(m.name as string) ?? m.name };
  }
  return out;
}

/**
 * Renames namespace tokens in every string of an output value (keys included): a token is a
 * maximal run of `[a-z0-9-]`, so `team` inside `team-a` is never touched.
 *
 * @param value - any JSON-like value (not mutated)
 * @param renaming - old → new
 * @returns the renamed copy
 */
export function renameNamespaceTokens(value: unknown, renaming: ReadonlyMap<string, string>): unknown {
  const rs = (s: string): string => s.replace(/[a-z0-9-]+/g, (t) => renaming.get(t) ?? t);
  if (typeof value === 'string') return rs(value);
  if (Array.isArray(value)) return value.map((v) => renameNamespaceTokens(v, renaming));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [rs(k), renameNamespaceTokens(v, renaming)]),
  );
}
