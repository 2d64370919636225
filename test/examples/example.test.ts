/**
 * Structural promises of the bundled example (examples/**): the scenarios the README describes
 * must stay in the manifests. Reads the YAML with the `yaml` package only, so it does not depend
 * on the loader or the engine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';

type Obj = Record<string, unknown>;
interface Doc {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly creationTimestamp: string | undefined;
  readonly spec: Obj;
  readonly raw: Obj;
}
interface Ref {
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

const examplesDir = fileURLToPath(new URL('../../examples', import.meta.url));
const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass']);
const POLICY_KINDS = [
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];
const GW = 'gateway.networking.k8s.io';

/** apiVersion served for each kind by the CRDs bundled with Envoy Gateway v1.9 (Gateway API v1.6.1). */
const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  Service: 'v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  GatewayClass: `${GW}/v1`,
  Gateway: `${GW}/v1`,
  ListenerSet: `${GW}/v1`,
  HTTPRoute: `${GW}/v1`,
  GRPCRoute: `${GW}/v1`,
  TCPRoute: `${GW}/v1`,
  ReferenceGrant: `${GW}/v1beta1`,
  ClientTrafficPolicy: 'gateway.envoyproxy.io/v1alpha1',
  BackendTrafficPolicy: 'gateway.envoyproxy.io/v1alpha1',
  SecurityPolicy: 'gateway.envoyproxy.io/v1alpha1',
  EnvoyExtensionPolicy: 'gateway.envoyproxy.io/v1alpha1',
};

/** Top-level spec fields of each policy kind in Envoy Gateway v1.9 (targeting fields included). */
const TARGETING = ['targetRef', 'targetRefs', 'targetSelectors'];
const SPEC_FIELDS: Record<string, readonly string[]> = {
  ClientTrafficPolicy: [
    ...TARGETING,
    'tcpKeepalive',
    'enableProxyProtocol',
    'proxyProtocol',
    'clientIPDetection',
    'tls',
    'path',
    'headers',
    'timeout',
    'connection',
    'http1',
    'http2',
    'http3',
    'grpc',
    'healthCheck',
    'scheme',
  ],
  BackendTrafficPolicy: [
    ...TARGETING,
    'mergeType',
    'loadBalancer',
    'retry',
    'proxyProtocol',
    'tcpKeepalive',
    'healthCheck',
    'circuitBreaker',
    'timeout',
    'connection',
    'dns',
    'http2',
    'rateLimit',
    'bandwidthLimit',
    'faultInjection',
    'admissionControl',
    'useClientProtocol',
    'compression',
    'compressor',
    'responseOverride',
    'httpUpgrade',
    'requestBuffer',
    'telemetry',
    'routingType',
  ],
  SecurityPolicy: [
    ...TARGETING,
    'mergeType',
    'apiKeyAuth',
    'cors',
    'csrf',
    'basicAuth',
    'jwt',
    'oidc',
    'extAuth',
    'authorization',
  ],
  EnvoyExtensionPolicy: [...TARGETING, 'mergeType', 'wasm', 'extProc', 'lua', 'dynamicModule'],
};

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

function asObj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function asList<T = Obj>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

const parseProblems: string[] = [];
const docs: Doc[] = [];
for (const path of yamlFiles(examplesDir)) {
  const file = relative(examplesDir, path);
  for (const parsed of parseAllDocuments(readFileSync(path, 'utf8'))) {
    for (const e of [...parsed.errors, ...parsed.warnings]) parseProblems.push(`${file}: ${e.message}`);
    const raw = asObj(parsed.toJS());
    if (Object.keys(raw).length === 0) continue;
    const meta = asObj(raw.metadata);
    const kind = String(raw.kind);
    docs.push({
      file,
      apiVersion: String(raw.apiVersion),
      kind,
      name: String(meta.name),
      namespace: CLUSTER_SCOPED.has(kind) ? '' : String(meta.namespace ?? 'default'),
      labels: asObj(meta.labels) as Record<string, string>,
      creationTimestamp: typeof meta.creationTimestamp === 'string' ? meta.creationTimestamp : undefined,
      spec: asObj(raw.spec),
      raw,
    });
  }
}

const ofKind = (...kinds: string[]): Doc[] => docs.filter((d) => kinds.includes(d.kind));
const find = (kind: string, namespace: string, name: string): Doc | undefined =>
  docs.find((d) => d.kind === kind && d.namespace === namespace && d.name === name);
const policies = ofKind(...POLICY_KINDS);
const routes = ofKind(...ROUTE_KINDS);

/** Plain targetRef(s) of a policy, as Envoy Gateway reads them: targetRef beats targetRefs. */
function plainRefs(policy: Doc): Ref[] {
  const single = policy.spec.targetRef;
  return single === undefined ? asList<Ref>(policy.spec.targetRefs) : [single as Ref];
}

function listenerNames(doc: Doc): string[] {
  return asList(doc.spec.listeners).map((l) => String(l.name));
}

function ruleNames(route: Doc): string[] {
  return asList(route.spec.rules).flatMap((r) => (typeof r.name === 'string' ? [r.name] : []));
}

/** The parentRefs of a route, resolved to the example's Gateway or ListenerSet objects. */
function parentsOf(route: Doc): { ref: Ref; parent: Doc | undefined }[] {
  return asList<Ref>(route.spec.parentRefs).map((ref) => ({
    ref,
    parent: find(ref.kind ?? 'Gateway', ref.namespace ?? route.namespace, ref.name),
  }));
}

/** The Gateways a route ends up on (through a ListenerSet when it is attached to one). */
function gatewaysOf(route: Doc): Doc[] {
  return parentsOf(route).flatMap(({ parent }) => {
    if (parent?.kind === 'Gateway') return [parent];
    if (parent?.kind === 'ListenerSet') {
      const p = asObj(parent.spec.parentRef) as unknown as Ref;
      const gw = find('Gateway', p.namespace ?? parent.namespace, p.name);
      return gw === undefined ? [] : [gw];
    }
    return [];
  });
}

function selectorMatches(selector: Obj, labels: Readonly<Record<string, string>>): boolean {
  const matchLabels = asObj(selector.matchLabels) as Record<string, string>;
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

function policiesTargeting(kind: string, target: Doc, sectionName?: string): Doc[] {
  return ofKind(kind).filter(
    (p) =>
      p.namespace === target.namespace &&
      plainRefs(p).some(
        (r) => r.kind === target.kind && r.name === target.name && r.sectionName === sectionName,
      ),
  );
}

describe('the bundled example', () => {
  test('every file parses as multi-document YAML without errors or warnings', () => {
    expect(docs.length).toBeGreaterThan(50);
    expect(parseProblems).toEqual([]);
    for (const d of docs) expect(`${d.file}: ${d.kind}/${d.name}`).not.toMatch(/undefined/);
  });

  test('each kind uses the apiVersion the Envoy Gateway v1.9 CRDs serve', () => {
    for (const d of docs) expect(`${d.kind} ${d.apiVersion}`).toBe(`${d.kind} ${API_VERSIONS[d.kind]}`);
  });

  test('object identities are unique', () => {
    const keys = docs.map((d) => `${d.kind}/${d.namespace}/${d.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('has an Envoy Gateway GatewayClass, and both Gateways use it', () => {
    const classes = ofKind('GatewayClass');
    expect(classes).toHaveLength(1);
    expect(classes[0]?.spec.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    for (const gw of ofKind('Gateway')) expect(gw.spec.gatewayClassName).toBe(classes[0]?.name);
  });

  test('has three labelled Namespaces, and every namespaced object lives in one of them', () => {
    const namespaces = ofKind('Namespace');
    expect(namespaces.map((n) => n.name).sort()).toEqual(['infra', 'payments', 'shop']);
    for (const n of namespaces) expect(Object.keys(n.labels).length).toBeGreaterThanOrEqual(2);
    const names = new Set(namespaces.map((n) => n.name));
    for (const d of docs)
      if (d.namespace !== '') expect(names.has(d.namespace), `${d.kind}/${d.name}`).toBe(true);
  });

  test('has two Gateways with HTTP and HTTPS listeners, HTTPS backed by Secrets of the example', () => {
    const gateways = ofKind('Gateway');
    expect(gateways).toHaveLength(2);
    for (const gw of [...gateways, ...ofKind('ListenerSet')]) {
      const listeners = asList(gw.spec.listeners);
      if (gw.kind === 'Gateway') {
        expect(listeners.map((l) => l.protocol)).toEqual(expect.arrayContaining(['HTTP', 'HTTPS']));
      }
      for (const l of listeners.filter((x) => x.protocol === 'HTTPS')) {
        const refs = asList<Ref>(asObj(l.tls).certificateRefs);
        expect(refs.length).toBeGreaterThan(0);
        for (const ref of refs) expect(find('Secret', ref.namespace ?? gw.namespace, ref.name)).toBeDefined();
      }
    }
  });

  test('allowedRoutes use namespace selectors', () => {
    const fromValues = ofKind('Gateway', 'ListenerSet').flatMap((g) =>
      asList(g.spec.listeners).map((l) => asObj(asObj(l.allowedRoutes).namespaces).from),
    );
    expect(fromValues).toContain('Selector');
  });

  test('a ListenerSet adds listeners to the one Gateway that allows ListenerSets from its namespace', () => {
    const sets = ofKind('ListenerSet');
    expect(sets).toHaveLength(1);
    const ls = sets[0] as Doc;
    const p = asObj(ls.spec.parentRef) as unknown as Ref;
    const gw = find('Gateway', p.namespace ?? ls.namespace, p.name);
    expect(gw).toBeDefined();
    const allowed = asObj(asObj(gw?.spec.allowedListeners).namespaces);
    expect(allowed.from).toBe('Selector');
    expect(selectorMatches(asObj(allowed.selector), find('Namespace', '', ls.namespace)?.labels ?? {})).toBe(
      true,
    );
    expect(listenerNames(ls).length).toBeGreaterThanOrEqual(2);
    expect(ofKind('Gateway').filter((g) => g.spec.allowedListeners !== undefined)).toHaveLength(1);
  });

  test('has 6+ application routes in 2 namespaces, including a GRPCRoute and a TCPRoute', () => {
    const appRoutes = routes.filter((r) => r.namespace !== 'infra');
    expect(appRoutes.length).toBeGreaterThanOrEqual(6);
    expect(new Set(appRoutes.map((r) => r.namespace)).size).toBe(2);
    expect(ofKind('GRPCRoute').length).toBeGreaterThanOrEqual(1);
    expect(ofKind('TCPRoute').length).toBeGreaterThanOrEqual(1);
  });

  test('every HTTPRoute and GRPCRoute rule is named, uniquely within its route', () => {
    for (const r of ofKind('HTTPRoute', 'GRPCRoute')) {
      const rules = asList(r.spec.rules);
      expect(ruleNames(r), `${r.kind}/${r.namespace}/${r.name}`).toHaveLength(rules.length);
      expect(new Set(ruleNames(r)).size).toBe(rules.length);
    }
  });

  test('every parentRef and sectionName resolves, and every Service backendRef exists', () => {
    for (const r of routes) {
      for (const { ref, parent } of parentsOf(r)) {
        expect(parent, `${r.name} -> ${ref.name}`).toBeDefined();
        if (ref.sectionName !== undefined && parent !== undefined) {
          expect(listenerNames(parent)).toContain(ref.sectionName);
        }
      }
      for (const rule of asList(r.spec.rules)) {
        for (const b of asList<Ref>(rule.backendRefs)) {
          expect(
            find(b.kind ?? 'Service', b.namespace ?? r.namespace, b.name),
            `${r.name} -> ${b.name}`,
          ).toBeDefined();
        }
      }
    }
  });

  test('routes attach with and without sectionName, through the ListenerSet, and to both Gateways', () => {
    const refs = routes.flatMap((r) => parentsOf(r).map((p) => p.ref));
    expect(refs.some((ref) => ref.sectionName !== undefined)).toBe(true);
    expect(refs.some((ref) => ref.sectionName === undefined)).toBe(true);
    expect(refs.some((ref) => ref.kind === 'ListenerSet')).toBe(true);
    const onBoth = routes.filter(
      (r) => r.namespace !== 'infra' && new Set(gatewaysOf(r).map((g) => g.name)).size === 2,
    );
    expect(onBoth.length).toBeGreaterThanOrEqual(1);
  });

  test('has policies of all four kinds, each with a creationTimestamp and only real spec fields', () => {
    for (const kind of POLICY_KINDS) expect(ofKind(kind).length, kind).toBeGreaterThanOrEqual(3);
    for (const p of policies) {
      expect(p.creationTimestamp, p.name).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const allowed = SPEC_FIELDS[p.kind] ?? [];
      for (const key of Object.keys(p.spec))
        expect(allowed, `${p.kind}/${p.name}.spec.${key}`).toContain(key);
    }
  });

  test('the README counts (nine routes, 23 policies) hold', () => {
    const readme = readFileSync(join(examplesDir, 'README.md'), 'utf8');
    expect(readme).toContain(`nine routes and ${policies.length} policies`);
    expect(routes).toHaveLength(9);
  });

  test('uses every targeting form, with the deprecated single targetRef exactly once', () => {
    expect(policies.filter((p) => p.spec.targetRef !== undefined)).toHaveLength(1);
    expect(policies.filter((p) => asList(p.spec.targetRefs).length > 1).length).toBeGreaterThanOrEqual(1);
    const selectors = policies.flatMap((p) => asList(p.spec.targetSelectors));
    expect(selectors.some((s) => Object.keys(asObj(s.matchLabels)).length > 0)).toBe(true);
    expect(selectors.some((s) => asObj(s.namespaces).from === 'Selector')).toBe(true);
  });

  test('every plain target exists in the policy namespace, with its sectionName', () => {
    for (const p of policies) {
      for (const ref of plainRefs(p)) {
        const target = find(ref.kind, p.namespace, ref.name);
        expect(target, `${p.name} -> ${ref.kind}/${ref.name}`).toBeDefined();
        if (ref.sectionName === undefined || target === undefined) continue;
        const sections = ROUTE_KINDS.includes(target.kind) ? ruleNames(target) : listenerNames(target);
        expect(sections, `${p.name} -> ${ref.name}/${ref.sectionName}`).toContain(ref.sectionName);
      }
    }
  });

  test('sectionName targets a Gateway listener, a ListenerSet listener and a route rule', () => {
    const kinds = new Set(
      policies.flatMap((p) => plainRefs(p).filter((r) => r.sectionName !== undefined)).map((r) => r.kind),
    );
    expect([...kinds]).toEqual(expect.arrayContaining(['Gateway', 'ListenerSet', 'HTTPRoute']));
  });

  test('ClientTrafficPolicies target only Gateways and ListenerSets, and never set mergeType', () => {
    for (const p of ofKind('ClientTrafficPolicy')) {
      expect(p.spec.mergeType).toBeUndefined();
      for (const ref of plainRefs(p)) expect(['Gateway', 'ListenerSet']).toContain(ref.kind);
    }
  });

  test('mergeType appears only on route-targeting policies, with StrategicMerge and JSONMerge both used', () => {
    const merging = policies.filter((p) => p.spec.mergeType !== undefined);
    expect(new Set(merging.map((p) => p.spec.mergeType))).toEqual(new Set(['StrategicMerge', 'JSONMerge']));
    for (const p of merging) {
      const kinds = [
        ...plainRefs(p).map((r) => r.kind),
        ...asList(p.spec.targetSelectors).map((s) => s.kind),
      ];
      for (const kind of kinds) expect(ROUTE_KINDS, p.name).toContain(kind);
    }
  });

  test('the cross-namespace selector is backed by a ReferenceGrant and matches a route there', () => {
    const crossNs = policies.filter((p) =>
      asList(p.spec.targetSelectors).some((s) => asObj(s.namespaces).from === 'Selector'),
    );
    expect(crossNs.length).toBeGreaterThanOrEqual(1);
    for (const p of crossNs) {
      for (const s of asList(p.spec.targetSelectors)) {
        const nsSelector = asObj(asObj(s.namespaces).selector);
        const matched = routes.filter(
          (r) =>
            r.kind === s.kind &&
            selectorMatches(nsSelector, find('Namespace', '', r.namespace)?.labels ?? {}) &&
            selectorMatches(s, r.labels),
        );
        expect(matched.length, p.name).toBeGreaterThanOrEqual(2);
        for (const r of matched.filter((x) => x.namespace !== p.namespace)) {
          const grant = ofKind('ReferenceGrant').find(
            (g) =>
              g.namespace === r.namespace &&
              asList(g.spec.from).some(
                (f) =>
                  f.group === 'gateway.envoyproxy.io' && f.kind === p.kind && f.namespace === p.namespace,
              ) &&
              asList(g.spec.to).some(
                (t) => t.group === GW && t.kind === r.kind && (t.name ?? r.name) === r.name,
              ),
          );
          expect(grant, `${p.name} -> ${r.namespace}/${r.name}`).toBeDefined();
        }
      }
    }
  });

  test('scenario: two BackendTrafficPolicies conflict on one route, and only their age decides', () => {
    const pair = routes
      .map((r) => policiesTargeting('BackendTrafficPolicy', r))
      .find((list) => list.length === 2 && list.every((p) => p.spec.mergeType === undefined));
    expect(pair).toBeDefined();
    const [a, b] = pair as [Doc, Doc];
    const [older, newer] = String(a.creationTimestamp) < String(b.creationTimestamp) ? [a, b] : [b, a];
    expect(older.creationTimestamp).not.toBe(newer.creationTimestamp);
    // The newer one sorts first by name, so name order alone would pick the wrong winner.
    expect(newer.name < older.name).toBe(true);
    expect(older.file).toBe(newer.file);
  });

  test('scenario: a route policy without mergeType replaces a Gateway policy that has retries', () => {
    const found = ofKind('BackendTrafficPolicy').filter((p) => {
      if (p.spec.mergeType !== undefined || p.spec.retry !== undefined) return false;
      return plainRefs(p).some((ref) => {
        const route = ROUTE_KINDS.includes(ref.kind) ? find(ref.kind, p.namespace, ref.name) : undefined;
        if (route === undefined || ref.sectionName !== undefined) return false;
        return gatewaysOf(route).some((gw) =>
          policiesTargeting('BackendTrafficPolicy', gw).some((gp) => gp.spec.retry !== undefined),
        );
      });
    });
    expect(found.length).toBeGreaterThanOrEqual(1);
  });

  test('scenario: a StrategicMerge route policy merges keyed lists and timeouts onto a Gateway-listener policy', () => {
    const found = ofKind('BackendTrafficPolicy').filter((p) => {
      if (p.spec.mergeType !== 'StrategicMerge' || p.spec.timeout === undefined) return false;
      return plainRefs(p).some((ref) => {
        const route = find(ref.kind, p.namespace, ref.name);
        if (route === undefined) return false;
        return parentsOf(route).some(({ ref: parentRef, parent }) => {
          if (parent?.kind !== 'Gateway' || parentRef.sectionName === undefined) return false;
          return policiesTargeting('BackendTrafficPolicy', parent, parentRef.sectionName).some(
            (lp) =>
              lp.spec.timeout !== undefined &&
              ['compressor', 'httpUpgrade'].some(
                (key) => lp.spec[key] !== undefined && p.spec[key] !== undefined,
              ),
          );
        });
      });
    });
    expect(found.length).toBeGreaterThanOrEqual(1);
  });

  test('scenario: a rule-level BackendTrafficPolicy overrides a route-level one on the same route', () => {
    const found = routes.filter(
      (r) =>
        policiesTargeting('BackendTrafficPolicy', r).length === 1 &&
        ruleNames(r).some((rule) => policiesTargeting('BackendTrafficPolicy', r, rule).length === 1),
    );
    expect(found.length).toBeGreaterThanOrEqual(1);
  });

  test('scenario: a merging route SecurityPolicy omits the defaultAction its Gateway parent sets', () => {
    const found = ofKind('SecurityPolicy').filter((p) => {
      const authz = p.spec.authorization;
      if (p.spec.mergeType === undefined || authz === undefined || 'defaultAction' in asObj(authz))
        return false;
      return plainRefs(p).some((ref) => {
        const route = find(ref.kind, p.namespace, ref.name);
        if (route === undefined) return false;
        return gatewaysOf(route).some((gw) =>
          policiesTargeting('SecurityPolicy', gw).some(
            (gp) => asObj(gp.spec.authorization).defaultAction === 'Allow',
          ),
        );
      });
    });
    expect(found.length).toBe(1);
  });
});
