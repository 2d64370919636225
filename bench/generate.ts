/**
 * Deterministic generator of synthetic Envoy Gateway topologies for benchmarks: Gateways with
 * HTTP/HTTPS listeners, ListenerSets, HTTPRoutes with named rules across namespaces, and
 * policies of all four kinds over every targeting form, with realistic spec bodies.
 *
 * Everything is drawn from a seeded PRNG, so one seed always gives the same objects, and the
 * work is linear in the number of objects produced.
 *
 * @packageDocumentation
 */
import { stringify } from 'yaml';
import {
  type Body,
  backendTrafficGatewayBody,
  backendTrafficRouteBody,
  clientTrafficBody,
  extensionGatewayBody,
  extensionRouteBody,
  securityGatewayBody,
  securityRouteBody,
} from './_internal/policy-bodies.js';
import { createRng, permutationCursor } from './_internal/prng.js';

/** Size and seed of a generated topology. */
export interface GenerateParams {
  /** Gateways, all in the platform namespace `infra`. */
  readonly gateways: number;
  /** Listeners per Gateway, alternating HTTP and HTTPS. */
  readonly listenersPerGateway: number;
  /** HTTPRoutes, spread over the application namespaces. */
  readonly routes: number;
  /** Named rules per HTTPRoute. */
  readonly rulesPerRoute: number;
  /** Policies of all four kinds, Gateway-level ones included. */
  readonly policies: number;
  /** Namespaces, the platform namespace included (at least 2). */
  readonly namespaces: number;
  /** PRNG seed. */
  readonly seed: number;
}

/** The four policy kinds. */
export type GeneratedPolicyKind =
  | 'ClientTrafficPolicy'
  | 'BackendTrafficPolicy'
  | 'SecurityPolicy'
  | 'EnvoyExtensionPolicy';

/** How often each targeting form was used (a policy can count under several forms). */
export interface TargetFormCounts {
  /** Policies using the deprecated single `targetRef`. */
  readonly targetRef: number;
  /** Policies using `targetRefs`. */
  readonly targetRefs: number;
  /** Policies whose `targetRefs` has more than one entry. */
  readonly multiTargetRefs: number;
  /** Policies using `targetSelectors`. */
  readonly targetSelectors: number;
  /** Policies whose selector has `namespaces.from` `Selector` or `All`. */
  readonly crossNamespaceSelectors: number;
  /** Target refs with a sectionName naming a Gateway listener. */
  readonly sectionNameGatewayListener: number;
  /** Target refs with a sectionName naming a ListenerSet listener. */
  readonly sectionNameListenerSet: number;
  /** Target refs with a sectionName naming a route rule. */
  readonly sectionNameRule: number;
}

/** What a generated topology holds. */
export interface GenerateCounts {
  readonly objects: number;
  readonly namespaces: number;
  readonly gateways: number;
  /** Gateway listeners (ListenerSet listeners not included). */
  readonly listeners: number;
  readonly listenerSets: number;
  readonly listenerSetListeners: number;
  readonly routes: number;
  readonly rules: number;
  readonly services: number;
  readonly secrets: number;
  readonly referenceGrants: number;
  readonly policies: number;
  readonly policiesByKind: Readonly<Record<GeneratedPolicyKind, number>>;
  readonly targetForms: TargetFormCounts;
  readonly mergeTypes: { readonly StrategicMerge: number; readonly JSONMerge: number };
  /**
   * Target claims on a scope that a same-kind policy already claims: the losers of same-scope
   * conflicts. Counts plain refs and same-namespace selectors; cross-namespace selectors are not
   * counted (their reach depends on ReferenceGrants).
   */
  readonly conflictingClaims: number;
  /** Policies that reuse the exact target of the previous same-kind policy on purpose. */
  readonly intendedConflicts: number;
}

/** A generated Kubernetes object. */
export interface GeneratedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly creationTimestamp?: string;
  };
  readonly [key: string]: unknown;
}

/** A generated topology: the objects in apply order, and what they hold. */
export interface GeneratedTopology {
  readonly objects: GeneratedObject[];
  readonly counts: GenerateCounts;
}

/** A named benchmark case. */
export interface BenchCase {
  readonly name: string;
  readonly description: string;
  readonly params: GenerateParams;
}

/** The benchmark cases: `small` for tests, `half` and `large` for the bench runner. */
export const BENCH_CASES: Readonly<Record<'small' | 'half' | 'large', BenchCase>> = {
  small: {
    name: 'small',
    description: '60 HTTPRoutes x 3 rules, 120 policies: fast enough for unit tests',
    params: {
      gateways: 4,
      listenersPerGateway: 4,
      routes: 60,
      rulesPerRoute: 3,
      policies: 120,
      namespaces: 6,
      seed: 7,
    },
  },
  half: {
    name: 'half',
    description: '5,000 HTTPRoutes x 3 rules, 10,000 policies',
    params: {
      gateways: 10,
      listenersPerGateway: 8,
      routes: 5_000,
      rulesPerRoute: 3,
      policies: 10_000,
      namespaces: 101,
      seed: 20_260_101,
    },
  },
  large: {
    name: 'large',
    description: '10,000 HTTPRoutes x 3 rules, 20,000 policies (envoyproxy/gateway#9539 scale)',
    params: {
      gateways: 20,
      listenersPerGateway: 8,
      routes: 10_000,
      rulesPerRoute: 3,
      policies: 20_000,
      namespaces: 201,
      seed: 20_260_101,
    },
  },
};

const GW_GROUP = 'gateway.networking.k8s.io';
const EG_API = 'gateway.envoyproxy.io/v1alpha1';
const PLATFORM_NS = 'infra';
const SHARD_SIZE = 4;
const TIERS = ['web', 'api', 'internal'] as const;
const RULE_NAMES = ['api', 'static', 'health', 'search', 'admin', 'events', 'uploads', 'webhooks'];
const ROUTE_POLICY_KINDS: readonly GeneratedPolicyKind[] = [
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];
const PLACEHOLDER_PEM = Buffer.from(
  '-----BEGIN PLACEHOLDER-----\nbench\n-----END PLACEHOLDER-----\n',
).toString('base64');

/** The ways a route-level policy targets routes. */
type RouteForm = 'route' | 'routes' | 'rule' | 'targetRef' | 'conflict' | 'shard' | 'tier' | 'crossNamespace';
const FORCED_FORMS: readonly RouteForm[] = [
  'route',
  'routes',
  'rule',
  'targetRef',
  'shard',
  'tier',
  'crossNamespace',
  'crossNamespace',
  'conflict',
];

/** Route-level kind mix: 45% BackendTrafficPolicy, 35% SecurityPolicy, 20% EnvoyExtensionPolicy. */
function pickKind(roll: number): GeneratedPolicyKind {
  return roll < 0.45 ? 'BackendTrafficPolicy' : roll < 0.8 ? 'SecurityPolicy' : 'EnvoyExtensionPolicy';
}

/** Route-level form mix (a drawn `route` may still become a conflict, see the generator). */
function pickForm(roll: number): RouteForm {
  if (roll < 0.35) return 'route';
  if (roll < 0.4) return 'routes';
  if (roll < 0.85) return 'rule';
  if (roll < 0.89) return 'targetRef';
  if (roll < 0.993) return 'shard';
  if (roll < 0.995) return 'tier';
  return 'crossNamespace';
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const ruleName = (j: number): string => RULE_NAMES[j] ?? `rule-${j}`;

function checkParams(p: GenerateParams): void {
  const ints: [keyof GenerateParams, number][] = [
    ['gateways', 1],
    ['listenersPerGateway', 1],
    ['routes', 1],
    ['rulesPerRoute', 1],
    ['policies', 0],
    ['namespaces', 2],
  ];
  for (const [key, min] of ints) {
    const v = p[key];
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`generateTopology: ${key} must be an integer >= ${min}`);
  }
  if (!Number.isFinite(p.seed)) throw new RangeError('generateTopology: seed must be a finite number');
}

interface RouteInfo {
  readonly name: string;
  readonly namespace: string;
  readonly domain: string;
}

interface GatewayInfo {
  readonly name: string;
  readonly listeners: readonly { readonly name: string; readonly https: boolean }[];
}

interface ListenerSetInfo {
  readonly name: string;
  readonly namespace: string;
  readonly parentGateway: string;
  readonly listeners: readonly { readonly name: string; readonly https: boolean }[];
}

/**
 * Generates a synthetic topology: Namespaces, a GatewayClass, Gateways, ListenerSets, Secrets,
 * ReferenceGrants, Services, HTTPRoutes and policies, in apply order.
 *
 * @param params - sizes and seed; see {@link BENCH_CASES}
 * @returns the objects and their counts
 * @example
 * const { objects, counts } = generateTopology(BENCH_CASES.small.params);
 * counts.routes; // => 60
 * objects.length === counts.objects; // => true
 */
export function generateTopology(params: GenerateParams): GeneratedTopology {
  checkParams(params);
  const rng = createRng(params.seed);
  const out = {
    namespaces: [] as GeneratedObject[],
    infra: [] as GeneratedObject[],
    services: [] as GeneratedObject[],
    routes: [] as GeneratedObject[],
    policies: [] as GeneratedObject[],
  };

  // A creation clock: every object is created a little after the previous one.
  let clock = Date.UTC(2025, 0, 6, 9, 0, 0);
  const created = (stepSeconds: number): string => {
    clock += stepSeconds * 1000;
    return new Date(clock).toISOString().replace('.000Z', 'Z');
  };

  // --- namespaces -------------------------------------------------------------------------------
  const appNamespaces: { name: string; pci: boolean; grant: boolean }[] = [];
  out.namespaces.push({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: PLATFORM_NS, labels: { 'kubernetes.io/metadata.name': PLATFORM_NS, team: 'platform' } },
  });
  for (let j = 0; j < params.namespaces - 1; j++) {
    const name = `team-${pad(j, 3)}`;
    const pci = j % 7 === 3;
    const labels: Record<string, string> = {
      'kubernetes.io/metadata.name': name,
      team: name,
      env: rng.chance(0.8) ? 'prod' : 'staging',
    };
    if (j % 8 !== 5) labels.exposure = 'public';
    if (pci) labels.compliance = 'pci';
    appNamespaces.push({ name, pci, grant: pci || rng.chance(0.6) });
    out.namespaces.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  }
  const A = appNamespaces.length;

  // --- GatewayClass, Gateways, Secrets, ListenerSets --------------------------------------------
  out.infra.push({
    apiVersion: `${GW_GROUP}/v1`,
    kind: 'GatewayClass',
    metadata: { name: 'eg', creationTimestamp: created(0) },
    spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
  });
  const tlsSecret = (name: string, namespace: string): GeneratedObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': PLACEHOLDER_PEM, 'tls.key': PLACEHOLDER_PEM },
  });
  let secrets = 0;
  const gateways: GatewayInfo[] = [];
  const listenerSets: ListenerSetInfo[] = [];
  for (let g = 0; g < params.gateways; g++) {
    const name = `gw-${pad(g, 3)}`;
    const hasListenerSet = g % 4 === 0;
    const listeners: { name: string; https: boolean }[] = [];
    const specListeners: Body[] = [];
    for (let l = 0; l < params.listenersPerGateway; l++) {
      const https = l % 2 === 1;
      const listenerName = `${https ? 'https' : 'http'}-${l}`;
      listeners.push({ name: listenerName, https });
      specListeners.push(
        https
          ? {
              name: listenerName,
              protocol: 'HTTPS',
              port: 8443 + l,
              hostname: '*.example',
              tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: `${name}-tls` }] },
              allowedRoutes: {
                namespaces: { from: 'Selector', selector: { matchLabels: { exposure: 'public' } } },
              },
            }
          : {
              name: listenerName,
              protocol: 'HTTP',
              port: 8080 + l,
              allowedRoutes: { namespaces: { from: 'All' } },
            },
      );
    }
    if (listeners.some((l) => l.https)) {
      out.infra.push(tlsSecret(`${name}-tls`, PLATFORM_NS));
      secrets++;
    }
    const spec: Body = { gatewayClassName: 'eg', listeners: specListeners };
    if (hasListenerSet) spec.allowedListeners = { namespaces: { from: 'All' } };
    out.infra.push({
      apiVersion: `${GW_GROUP}/v1`,
      kind: 'Gateway',
      metadata: {
        name,
        namespace: PLATFORM_NS,
        labels: { tier: g % 3 === 2 ? 'internal' : 'edge' },
        creationTimestamp: created(60),
      },
      spec,
    });
    gateways.push({ name, listeners });
    if (hasListenerSet) {
      const ns = (appNamespaces[g % A] as { name: string }).name;
      const lsName = `ls-${pad(g, 3)}`;
      const lsListeners = [
        { name: 'ext-http', https: false },
        { name: 'ext-https', https: true },
      ];
      out.infra.push(tlsSecret(`${lsName}-tls`, ns));
      secrets++;
      out.infra.push({
        apiVersion: `${GW_GROUP}/v1`,
        kind: 'ListenerSet',
        metadata: { name: lsName, namespace: ns, creationTimestamp: created(30) },
        spec: {
          parentRef: { group: GW_GROUP, kind: 'Gateway', namespace: PLATFORM_NS, name },
          listeners: [
            {
              name: 'ext-http',
              protocol: 'HTTP',
              port: 9080,
              allowedRoutes: { namespaces: { from: 'All' } },
            },
            {
              name: 'ext-https',
              protocol: 'HTTPS',
              port: 9443,
              hostname: `*.${ns}.example`,
              tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: `${lsName}-tls` }] },
              allowedRoutes: { namespaces: { from: 'All' } },
            },
          ],
        },
      });
      listenerSets.push({ name: lsName, namespace: ns, parentGateway: name, listeners: lsListeners });
    }
  }

  // --- ReferenceGrants and shared Services ------------------------------------------------------
  let referenceGrants = 0;
  out.services.push(service('ext-proc', PLATFORM_NS, 9002, 'grpc'));
  for (const ns of appNamespaces) {
    out.services.push(service('ext-proc', ns.name, 9002, 'grpc'));
    if (!ns.grant) continue;
    referenceGrants++;
    out.infra.push({
      apiVersion: `${GW_GROUP}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-platform-policies', namespace: ns.name, creationTimestamp: created(5) },
      spec: {
        from: ROUTE_POLICY_KINDS.map((kind) => ({
          group: 'gateway.envoyproxy.io',
          kind,
          namespace: PLATFORM_NS,
        })),
        to: [{ group: GW_GROUP, kind: 'HTTPRoute' }],
      },
    });
  }

  // --- HTTPRoutes -------------------------------------------------------------------------------
  const routes: RouteInfo[] = [];
  const byShard = new Map<string, number[]>(); // `${ns}/${shard}` -> route indices
  const byTier = new Map<string, number[]>(); // `${ns}/${tier}` -> route indices
  const shardKeys: string[] = [];
  for (let i = 0; i < params.routes; i++) {
    const nsInfo = appNamespaces[i % A] as { name: string; pci: boolean };
    const ns = nsInfo.name;
    const local = Math.floor(i / A);
    const name = `app-${pad(i, 5)}`;
    const shard = `s-${Math.floor(local / SHARD_SIZE)}`;
    const tier = TIERS[local % TIERS.length] as string;
    const labels: Record<string, string> = { app: name, tier, shard };
    if (nsInfo.pci && local % 5 === 0) labels.pci = 'true';
    const shardKey = `${ns}/${shard}`;
    const shardList = byShard.get(shardKey);
    if (shardList === undefined) {
      byShard.set(shardKey, [i]);
      shardKeys.push(shardKey);
    } else shardList.push(i);
    const tierKey = `${ns}/${tier}`;
    const tierList = byTier.get(tierKey);
    if (tierList === undefined) byTier.set(tierKey, [i]);
    else tierList.push(i);

    const parentRefs: Body[] = [];
    if (listenerSets.length > 0 && rng.chance(0.05)) {
      const ls = rng.pick(listenerSets);
      const ref: Body = { group: GW_GROUP, kind: 'ListenerSet', namespace: ls.namespace, name: ls.name };
      if (rng.chance(0.7)) ref.sectionName = rng.pick(ls.listeners).name;
      parentRefs.push(ref);
    } else {
      const first = rng.int(gateways.length);
      const parentRef = (g: number): Body => {
        const gw = gateways[g] as GatewayInfo;
        const ref: Body = { name: gw.name, namespace: PLATFORM_NS };
        if (rng.chance(0.6)) ref.sectionName = rng.pick(gw.listeners).name;
        return ref;
      };
      parentRefs.push(parentRef(first));
      if (gateways.length > 1 && rng.chance(0.08))
        parentRefs.push(parentRef((first + 1 + rng.int(gateways.length - 1)) % gateways.length));
    }
    const rules: Body[] = [];
    for (let j = 0; j < params.rulesPerRoute; j++) {
      rules.push({
        name: ruleName(j),
        matches: [{ path: { type: 'PathPrefix', value: `/${name}/${ruleName(j)}` } }],
        backendRefs: [{ name, port: 8080 }],
      });
    }
    const domain = `${name}.${ns}.example`;
    out.routes.push({
      apiVersion: `${GW_GROUP}/v1`,
      kind: 'HTTPRoute',
      metadata: { name, namespace: ns, labels, creationTimestamp: created(17) },
      spec: { parentRefs, hostnames: [domain], rules },
    });
    out.services.push(service(name, ns, 8080, 'http'));
    routes.push({ name, namespace: ns, domain });
  }

  // --- policies ---------------------------------------------------------------------------------
  const byKind: Record<GeneratedPolicyKind, number> = {
    ClientTrafficPolicy: 0,
    BackendTrafficPolicy: 0,
    SecurityPolicy: 0,
    EnvoyExtensionPolicy: 0,
  };
  const forms = {
    targetRef: 0,
    targetRefs: 0,
    multiTargetRefs: 0,
    targetSelectors: 0,
    crossNamespaceSelectors: 0,
    sectionNameGatewayListener: 0,
    sectionNameListenerSet: 0,
    sectionNameRule: 0,
  };
  const mergeTypes = { StrategicMerge: 0, JSONMerge: 0 };
  const claims = new Map<GeneratedPolicyKind, Set<string>>(
    ['ClientTrafficPolicy', 'BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy'].map((k) => [
      k as GeneratedPolicyKind,
      new Set<string>(),
    ]),
  );
  let conflictingClaims = 0;
  let intendedConflicts = 0;
  const claim = (kind: GeneratedPolicyKind, scope: string): void => {
    const set = claims.get(kind) as Set<string>;
    if (set.has(scope)) conflictingClaims++;
    else set.add(scope);
  };

  const abbrev: Record<GeneratedPolicyKind, string> = {
    ClientTrafficPolicy: 'ctp',
    BackendTrafficPolicy: 'btp',
    SecurityPolicy: 'sp',
    EnvoyExtensionPolicy: 'eep',
  };
  const emit = (kind: GeneratedPolicyKind, namespace: string, hint: string, spec: Body): void => {
    byKind[kind]++;
    // Policies are created over time; about 1 in 25 shares its second with the previous one.
    const step = rng.chance(0.04) ? 0 : 1 + rng.int(90);
    out.policies.push({
      apiVersion: EG_API,
      kind,
      metadata: {
        name: `${abbrev[kind]}-${pad(out.policies.length, 5)}-${hint}`,
        namespace,
        creationTimestamp: created(step),
      },
      spec,
    });
  };
  const countRefs = (refs: readonly Body[]): void => {
    for (const ref of refs) {
      if (ref.sectionName === undefined) continue;
      if (ref.kind === 'Gateway') forms.sectionNameGatewayListener++;
      else if (ref.kind === 'ListenerSet') forms.sectionNameListenerSet++;
      else forms.sectionNameRule++;
    }
  };
  const withRefs = (refs: Body[], body: Body, single: boolean): Body => {
    countRefs(refs);
    if (single) {
      forms.targetRef++;
      return { targetRef: refs[0], ...body };
    }
    forms.targetRefs++;
    if (refs.length > 1) forms.multiTargetRefs++;
    return { targetRefs: refs, ...body };
  };
  const gwRef = (name: string, sectionName?: string): Body =>
    sectionName === undefined
      ? { group: GW_GROUP, kind: 'Gateway', name }
      : { group: GW_GROUP, kind: 'Gateway', name, sectionName };

  const listenerSetOf = new Map(listenerSets.map((ls) => [ls.parentGateway, ls]));

  // Gateway-level policies first (at most a quarter of the budget), Gateway by Gateway.
  const gatewayPlans: (() => void)[] = [];
  const plan = (
    kind: GeneratedPolicyKind,
    namespace: string,
    hint: string,
    refs: Body[],
    makeBody: () => Body,
  ): void => {
    gatewayPlans.push(() => {
      for (const ref of refs) {
        const section = ref.sectionName === undefined ? '' : `/${String(ref.sectionName)}`;
        claim(kind, `${String(ref.kind)}:${namespace}/${String(ref.name)}${section}`);
      }
      emit(kind, namespace, hint, withRefs(refs, makeBody(), false));
    });
  };
  gateways.forEach((gw, g) => {
    const whole = [gwRef(gw.name)];
    plan('ClientTrafficPolicy', PLATFORM_NS, gw.name, whole, () => clientTrafficBody(rng, false));
    plan('BackendTrafficPolicy', PLATFORM_NS, gw.name, whole, () => backendTrafficGatewayBody(rng));
    if (g % 2 === 0) plan('SecurityPolicy', PLATFORM_NS, gw.name, whole, () => securityGatewayBody(rng));
    if (g % 3 === 0)
      plan('EnvoyExtensionPolicy', PLATFORM_NS, gw.name, whole, () => extensionGatewayBody(rng));
    const https = gw.listeners.filter((l) => l.https).map((l) => l.name);
    if (https.length > 0) {
      // One CTP for up to three HTTPS listeners (several sectionName refs), one BTP on the first.
      const tlsRefs = https.slice(0, 3).map((l) => gwRef(gw.name, l));
      plan('ClientTrafficPolicy', PLATFORM_NS, `${gw.name}-tls`, tlsRefs, () => clientTrafficBody(rng, true));
      const first = https[0] as string;
      const firstRef = [gwRef(gw.name, first)];
      plan('BackendTrafficPolicy', PLATFORM_NS, `${gw.name}-${first}`, firstRef, () =>
        backendTrafficGatewayBody(rng),
      );
    }
    const ls = listenerSetOf.get(gw.name);
    if (ls !== undefined) {
      const lsRef: Body = { group: GW_GROUP, kind: 'ListenerSet', name: ls.name };
      const listenerRef = [{ ...lsRef, sectionName: 'ext-https' }];
      plan('ClientTrafficPolicy', ls.namespace, ls.name, listenerRef, () => clientTrafficBody(rng, true));
      plan('BackendTrafficPolicy', ls.namespace, ls.name, [lsRef], () => backendTrafficGatewayBody(rng));
    }
  });
  const gatewayLevel = Math.min(gatewayPlans.length, Math.floor(params.policies / 4));
  for (let k = 0; k < gatewayLevel; k++) (gatewayPlans[k] as () => void)();

  // Route-level policies. Routes are split by shard: even shards are left to selectors, odd ones
  // to plain refs, and each kind walks its half in a scrambled order, so most policies of a kind
  // land on distinct routes and conflicts stay the exception (intended ones, plus the selectors
  // that match many routes).
  const plainRoutes: number[] = [];
  for (let i = 0; i < routes.length; i++)
    if (Math.floor(Math.floor(i / A) / SHARD_SIZE) % 2 === 1) plainRoutes.push(i);
  if (plainRoutes.length === 0) for (let i = 0; i < routes.length; i++) plainRoutes.push(i);
  const selectorShards = shardKeys.filter((key) => Number(key.slice(key.lastIndexOf('/s-') + 3)) % 2 === 0);
  const plainCursor = new Map(ROUTE_POLICY_KINDS.map((k) => [k, permutationCursor(plainRoutes.length, rng)]));
  const ruleCursor = new Map(ROUTE_POLICY_KINDS.map((k) => [k, permutationCursor(routes.length, rng)]));
  const shardCursor = new Map(
    ROUTE_POLICY_KINDS.map((k) => [k, permutationCursor(selectorShards.length, rng)]),
  );
  const lastPlain = new Map<GeneratedPolicyKind, number>();
  const grantedNamespaces = new Set(appNamespaces.filter((ns) => ns.grant).map((ns) => ns.name));
  const wideSelectors = new Set<string>();
  const routeRef = (r: RouteInfo, sectionName?: string): Body =>
    sectionName === undefined
      ? { group: GW_GROUP, kind: 'HTTPRoute', name: r.name }
      : { group: GW_GROUP, kind: 'HTTPRoute', name: r.name, sectionName };
  const body = (kind: GeneratedPolicyKind, r: RouteInfo, merging: boolean): Body => {
    if (kind === 'BackendTrafficPolicy') return backendTrafficRouteBody(rng);
    if (kind === 'SecurityPolicy') return securityRouteBody(rng, r.domain, merging);
    return extensionRouteBody(rng, 'ext-proc');
  };
  const nextShard = (kind: GeneratedPolicyKind): string =>
    selectorShards[(shardCursor.get(kind) as () => number)()] as string;

  for (let k = gatewayLevel; k < params.policies; k++) {
    // The first route-level policies go through every form for every kind, so even a small
    // topology holds each of them; after that kind, form and mergeType are drawn.
    const j = k - gatewayLevel;
    const forced = j < FORCED_FORMS.length * ROUTE_POLICY_KINDS.length;
    const kind: GeneratedPolicyKind = forced
      ? (ROUTE_POLICY_KINDS[j % ROUTE_POLICY_KINDS.length] as GeneratedPolicyKind)
      : pickKind(rng.next());
    const form: RouteForm = forced
      ? (FORCED_FORMS[Math.floor(j / ROUTE_POLICY_KINDS.length)] as RouteForm)
      : pickForm(rng.next());
    const mergeRoll = forced ? (j % 5 === 1 ? 0.05 : j % 5 === 3 ? 0.19 : 1) : rng.next();
    const merge = mergeRoll < 0.15 ? 'StrategicMerge' : mergeRoll < 0.2 ? 'JSONMerge' : undefined;
    const withMerge = (spec: Body): Body => {
      if (merge === undefined) return spec;
      mergeTypes[merge]++;
      return { ...spec, mergeType: merge };
    };

    if (form === 'route' || form === 'targetRef' || form === 'conflict') {
      // One route, by targetRefs or by the deprecated targetRef. A conflict reuses the previous
      // same-kind policy's route on purpose (3% of the drawn ones, besides the forced ones).
      const reuse = lastPlain.has(kind) && (form === 'conflict' || rng.chance(0.03));
      const idx = reuse
        ? (lastPlain.get(kind) as number)
        : (plainRoutes[(plainCursor.get(kind) as () => number)()] as number);
      if (reuse) intendedConflicts++;
      lastPlain.set(kind, idx);
      claim(kind, `route:${idx}`);
      const r = routes[idx] as RouteInfo;
      const spec = withRefs([routeRef(r)], body(kind, r, merge !== undefined), form === 'targetRef');
      emit(kind, r.namespace, r.name, withMerge(spec));
    } else if (form === 'routes') {
      // Several routes of one namespace in one policy.
      const idx = plainRoutes[(plainCursor.get(kind) as () => number)()] as number;
      const r = routes[idx] as RouteInfo;
      const refs: Body[] = [];
      const n = 2 + rng.int(3);
      for (let m = 0; m < n; m++) {
        const other = idx + m * A * SHARD_SIZE * 2; // same namespace, also an odd shard
        if (other >= routes.length) break;
        refs.push(routeRef(routes[other] as RouteInfo));
        claim(kind, `route:${other}`);
      }
      emit(kind, r.namespace, r.name, withMerge(withRefs(refs, body(kind, r, merge !== undefined), false)));
    } else if (form === 'rule') {
      // One rule (sectionName), any route.
      const idx = (ruleCursor.get(kind) as () => number)();
      const r = routes[idx] as RouteInfo;
      const rule = ruleName(rng.int(params.rulesPerRoute));
      claim(kind, `rule:${idx}/${rule}`);
      const spec = withRefs([routeRef(r, rule)], body(kind, r, merge !== undefined), false);
      emit(kind, r.namespace, `${r.name}-${rule}`, withMerge(spec));
    } else if (form === 'shard' || form === 'tier') {
      // Same-namespace selector: mostly one shard (a few routes), rarely a whole tier (many).
      forms.targetSelectors++;
      const shardKey = nextShard(kind);
      const members = byShard.get(shardKey) as number[];
      const r = routes[members[0] as number] as RouteInfo;
      let selector: Body;
      let matched: readonly number[];
      if (form === 'tier') {
        const tier = rng.pick(TIERS);
        selector = { group: GW_GROUP, kind: 'HTTPRoute', matchLabels: { tier } };
        matched = byTier.get(`${r.namespace}/${tier}`) ?? [];
      } else {
        const shard = shardKey.slice(r.namespace.length + 1);
        selector = { group: GW_GROUP, kind: 'HTTPRoute', matchLabels: { shard } };
        matched = members;
      }
      for (const m of matched) claim(kind, `route:${m}`);
      const spec = { targetSelectors: [selector], ...body(kind, r, merge !== undefined) };
      emit(kind, r.namespace, 'selected', withMerge(spec));
    } else {
      // Cross-namespace selector from the platform namespace (reaches only namespaces with a
      // ReferenceGrant). One per kind covers every PCI route, one in the whole topology covers a
      // tier of every namespace; the rest pick one shard of one team.
      forms.targetSelectors++;
      forms.crossNamespaceSelectors++;
      let selector: Body;
      let hint = 'team-shard';
      if (!wideSelectors.has(`pci/${kind}`)) {
        wideSelectors.add(`pci/${kind}`);
        hint = 'pci';
        selector = {
          group: GW_GROUP,
          kind: 'HTTPRoute',
          namespaces: { from: 'Selector', selector: { matchLabels: { compliance: 'pci' } } },
          matchLabels: { pci: 'true' },
        };
      } else if (!wideSelectors.has('tier')) {
        wideSelectors.add('tier');
        hint = 'tier';
        selector = {
          group: GW_GROUP,
          kind: 'HTTPRoute',
          namespaces: { from: 'All' },
          matchLabels: { tier: 'web' },
        };
      } else {
        const shardKey = nextShard(kind);
        const ns = shardKey.slice(0, shardKey.lastIndexOf('/'));
        selector = {
          group: GW_GROUP,
          kind: 'HTTPRoute',
          namespaces: { from: 'Selector', selector: { matchLabels: { team: ns } } },
          matchLabels: { shard: shardKey.slice(ns.length + 1) },
        };
        if (grantedNamespaces.has(ns))
          for (const m of byShard.get(shardKey) as number[]) claim(kind, `route:${m}`);
      }
      const anyRoute = routes[rng.int(routes.length)] as RouteInfo;
      const spec = { targetSelectors: [selector], ...body(kind, anyRoute, merge !== undefined) };
      emit(kind, PLATFORM_NS, hint, withMerge(spec));
    }
  }

  const objects = [...out.namespaces, ...out.infra, ...out.services, ...out.routes, ...out.policies];
  return {
    objects,
    counts: {
      objects: objects.length,
      namespaces: out.namespaces.length,
      gateways: gateways.length,
      listeners: gateways.length * params.listenersPerGateway,
      listenerSets: listenerSets.length,
      listenerSetListeners: listenerSets.reduce((n, ls) => n + ls.listeners.length, 0),
      routes: routes.length,
      rules: routes.length * params.rulesPerRoute,
      services: out.services.length,
      secrets,
      referenceGrants,
      policies: out.policies.length,
      policiesByKind: byKind,
      targetForms: forms,
      mergeTypes,
      conflictingClaims,
      intendedConflicts,
    },
  };
}

function service(name: string, namespace: string, port: number, portName: string): GeneratedObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } },
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ name: portName, port, targetPort: port }],
    },
  };
}

/**
 * Serialises objects as one multi-document YAML stream (`---` between documents).
 *
 * @param objects - the objects, e.g. {@link GeneratedTopology.objects}
 * @returns the YAML text
 * @example
 * toYaml([{ kind: 'Namespace', metadata: { name: 'a' } }]); // => 'kind: Namespace\nmetadata:\n  name: a\n'
 */
export function toYaml(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

/**
 * Serialises objects as a Kubernetes `List` in compact JSON.
 *
 * @param objects - the objects, e.g. {@link GeneratedTopology.objects}
 * @returns `{"apiVersion":"v1","kind":"List","items":[…]}`
 * @example
 * toJson([]); // => '{"apiVersion":"v1","kind":"List","items":[]}'
 */
export function toJson(objects: readonly unknown[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
}
