import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  BENCH_CASES,
  type GeneratedObject,
  type GenerateParams,
  generateTopology,
  toJson,
  toYaml,
} from '../../bench/generate.js';

type Obj = Record<string, unknown>;
interface Ref {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

const POLICY_KINDS = [
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];
const small = BENCH_CASES.small.params;
const generated = generateTopology(small);
const { objects, counts } = generated;

const asObj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
const asList = <T = Obj>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const spec = (o: GeneratedObject): Obj => asObj(o.spec);
const ns = (o: GeneratedObject): string => o.metadata.namespace ?? '';
const ofKind = (list: readonly GeneratedObject[], ...kinds: string[]): GeneratedObject[] =>
  list.filter((o) => kinds.includes(o.kind));
const plainRefs = (p: GeneratedObject): Ref[] =>
  spec(p).targetRef === undefined ? asList<Ref>(spec(p).targetRefs) : [spec(p).targetRef as Ref];

function index(list: readonly GeneratedObject[]): Map<string, GeneratedObject> {
  return new Map(list.map((o) => [`${o.kind}/${ns(o)}/${o.metadata.name}`, o]));
}

describe('generateTopology (small case)', () => {
  test('produces the requested numbers of each thing', () => {
    expect(objects).toHaveLength(counts.objects);
    expect(ofKind(objects, 'Namespace')).toHaveLength(small.namespaces);
    expect(ofKind(objects, 'Gateway')).toHaveLength(small.gateways);
    expect(ofKind(objects, 'HTTPRoute')).toHaveLength(small.routes);
    expect(ofKind(objects, ...POLICY_KINDS)).toHaveLength(small.policies);
    for (const gw of ofKind(objects, 'Gateway'))
      expect(asList(spec(gw).listeners)).toHaveLength(small.listenersPerGateway);
    for (const r of ofKind(objects, 'HTTPRoute'))
      expect(asList(spec(r).rules)).toHaveLength(small.rulesPerRoute);
    expect(counts.rules).toBe(small.routes * small.rulesPerRoute);
    for (const kind of POLICY_KINDS) {
      expect(ofKind(objects, kind).length, kind).toBe(
        counts.policiesByKind[kind as keyof typeof counts.policiesByKind],
      );
    }
    expect(ofKind(objects, 'ListenerSet')).toHaveLength(counts.listenerSets);
    expect(ofKind(objects, 'Service')).toHaveLength(counts.services);
    expect(ofKind(objects, 'ReferenceGrant')).toHaveLength(counts.referenceGrants);
  });

  test('is deterministic for a seed and changes with the seed', () => {
    const again = generateTopology(small);
    expect(again).toEqual(generated);
    expect(toJson(again.objects)).toBe(toJson(objects));
    const other = generateTopology({ ...small, seed: small.seed + 1 });
    expect(toJson(other.objects)).not.toBe(toJson(objects));
  });

  test('object identities are unique and every name is a valid Kubernetes name', () => {
    const keys = objects.map((o) => `${o.kind}/${ns(o)}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of objects) expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/);
  });

  test('every policy kind is present, each policy with a creationTimestamp', () => {
    for (const kind of POLICY_KINDS) expect(ofKind(objects, kind).length, kind).toBeGreaterThan(0);
    const timestamps = ofKind(objects, ...POLICY_KINDS).map((p) => p.metadata.creationTimestamp);
    for (const t of timestamps) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Some policies share their creation second, so the namespace/name tie-break gets exercised.
    expect(new Set(timestamps).size).toBeLessThan(timestamps.length);
  });

  test('every targeting form is present', () => {
    const policies = ofKind(objects, ...POLICY_KINDS);
    const refs = policies.flatMap((p) => plainRefs(p));
    const selectors = policies.flatMap((p) => asList(spec(p).targetSelectors));
    expect(policies.some((p) => spec(p).targetRef !== undefined)).toBe(true);
    expect(policies.some((p) => asList(spec(p).targetRefs).length > 1)).toBe(true);
    expect(
      selectors.some((s) => s.namespaces === undefined && Object.keys(asObj(s.matchLabels)).length > 0),
    ).toBe(true);
    expect(selectors.some((s) => asObj(s.namespaces).from === 'Selector')).toBe(true);
    expect(selectors.some((s) => asObj(s.namespaces).from === 'All')).toBe(true);
    expect(refs.some((r) => r.kind === 'Gateway' && r.sectionName !== undefined)).toBe(true);
    expect(refs.some((r) => r.kind === 'ListenerSet' && r.sectionName !== undefined)).toBe(true);
    expect(refs.some((r) => r.kind === 'HTTPRoute' && r.sectionName !== undefined)).toBe(true);
    expect(refs.some((r) => r.kind === 'Gateway' && r.sectionName === undefined)).toBe(true);
    expect(refs.some((r) => r.kind === 'HTTPRoute' && r.sectionName === undefined)).toBe(true);
    const merges = new Set(policies.map((p) => spec(p).mergeType).filter((m) => m !== undefined));
    expect(merges).toEqual(new Set(['StrategicMerge', 'JSONMerge']));
  });

  test('the reported target-form counts match the objects', () => {
    const policies = ofKind(objects, ...POLICY_KINDS);
    const refs = policies.flatMap((p) => plainRefs(p));
    const f = counts.targetForms;
    expect(f.targetRef).toBe(policies.filter((p) => spec(p).targetRef !== undefined).length);
    expect(f.targetRefs).toBe(policies.filter((p) => spec(p).targetRefs !== undefined).length);
    expect(f.multiTargetRefs).toBe(policies.filter((p) => asList(spec(p).targetRefs).length > 1).length);
    expect(f.targetSelectors).toBe(policies.filter((p) => spec(p).targetSelectors !== undefined).length);
    const withSection = (kind: string): number => refs.filter((r) => r.kind === kind && r.sectionName).length;
    expect(f.sectionNameGatewayListener).toBe(withSection('Gateway'));
    expect(f.sectionNameListenerSet).toBe(withSection('ListenerSet'));
    expect(f.sectionNameRule).toBe(withSection('HTTPRoute'));
    expect(counts.mergeTypes.StrategicMerge).toBe(
      policies.filter((p) => spec(p).mergeType === 'StrategicMerge').length,
    );
  });

  test('ClientTrafficPolicies target only Gateways and ListenerSets; mergeType only on route targets', () => {
    for (const p of ofKind(objects, 'ClientTrafficPolicy')) {
      expect(spec(p).targetSelectors).toBeUndefined();
      for (const r of plainRefs(p)) expect(['Gateway', 'ListenerSet']).toContain(r.kind);
    }
    for (const p of ofKind(objects, ...POLICY_KINDS).filter((x) => spec(x).mergeType !== undefined)) {
      const kinds = [...plainRefs(p), ...asList<Ref>(spec(p).targetSelectors)].map((r) => r.kind);
      for (const k of kinds) expect(k).toBe('HTTPRoute');
    }
  });

  test('holds some same-scope conflicts among plain refs', () => {
    const seen = new Set<string>();
    let duplicates = 0;
    for (const p of ofKind(objects, ...POLICY_KINDS)) {
      for (const r of plainRefs(p)) {
        const key = `${p.kind}|${ns(p)}|${r.kind}|${r.name}|${r.sectionName ?? ''}`;
        if (seen.has(key)) duplicates++;
        seen.add(key);
      }
    }
    expect(duplicates).toBeGreaterThan(0);
    expect(counts.intendedConflicts).toBeGreaterThan(0);
    expect(duplicates).toBeLessThanOrEqual(counts.conflictingClaims);
  });

  test('every reference resolves: parentRefs, sectionNames, backendRefs, policy targets, TLS secrets', () => {
    const byKey = index(objects);
    const listeners = (o: GeneratedObject | undefined): string[] =>
      asList(spec(o ?? ({} as GeneratedObject)).listeners).map((l) => String(l.name));
    for (const r of ofKind(objects, 'HTTPRoute')) {
      for (const p of asList<Ref>(spec(r).parentRefs)) {
        const parent = byKey.get(`${p.kind ?? 'Gateway'}/${p.namespace ?? ns(r)}/${p.name}`);
        expect(parent, `${r.metadata.name} -> ${p.name}`).toBeDefined();
        if (p.sectionName !== undefined) expect(listeners(parent)).toContain(p.sectionName);
      }
      for (const rule of asList(spec(r).rules)) {
        for (const b of asList<Ref>(rule.backendRefs))
          expect(byKey.has(`Service/${ns(r)}/${b.name}`)).toBe(true);
      }
    }
    for (const p of ofKind(objects, ...POLICY_KINDS)) {
      for (const ref of plainRefs(p)) {
        const target = byKey.get(`${ref.kind}/${ns(p)}/${ref.name}`);
        expect(target, `${p.metadata.name} -> ${ref.kind}/${ref.name}`).toBeDefined();
        if (ref.sectionName === undefined || target === undefined) continue;
        const sections =
          ref.kind === 'HTTPRoute'
            ? asList(spec(target).rules).map((x) => String(x.name))
            : listeners(target);
        expect(sections).toContain(ref.sectionName);
      }
      for (const e of asList(spec(p).extProc)) {
        for (const b of asList<Ref>(e.backendRefs))
          expect(byKey.has(`Service/${ns(p)}/${b.name}`)).toBe(true);
      }
    }
    for (const gw of ofKind(objects, 'Gateway', 'ListenerSet')) {
      for (const l of asList(spec(gw).listeners)) {
        for (const c of asList<Ref>(asObj(l.tls).certificateRefs))
          expect(byKey.has(`Secret/${ns(gw)}/${c.name}`)).toBe(true);
      }
    }
  });

  test('object sizes are sane', () => {
    const sizes = objects.map((o) => JSON.stringify(o).length);
    expect(Math.max(...sizes)).toBeLessThan(4096);
    const policySizes = ofKind(objects, ...POLICY_KINDS).map((o) => JSON.stringify(o).length);
    const mean = policySizes.reduce((a, b) => a + b, 0) / policySizes.length;
    expect(mean).toBeGreaterThan(250);
    expect(mean).toBeLessThan(1500);
  });

  test('toYaml and toJson round-trip the objects', () => {
    const docs = parseAllDocuments(toYaml(objects));
    expect(docs).toHaveLength(objects.length);
    expect(docs.map((d) => d.toJS())).toEqual(objects);
    const list = JSON.parse(toJson(objects)) as Obj;
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBe('List');
    expect(list.items).toEqual(objects);
  });
});

describe('generateTopology (selector reach)', () => {
  test('a few same-namespace selectors match many routes, most match few', () => {
    const medium: GenerateParams = { ...small, routes: 600, policies: 1200, seed: 11 };
    const { objects: all } = generateTopology(medium);
    const routes = ofKind(all, 'HTTPRoute');
    const reach = ofKind(all, ...POLICY_KINDS)
      .flatMap((p) => asList(spec(p).targetSelectors).map((s) => ({ p, s })))
      .filter(({ s }) => s.namespaces === undefined)
      .map(({ p, s }) => {
        const labels = Object.entries(asObj(s.matchLabels));
        return routes.filter((r) => ns(r) === ns(p) && labels.every(([k, v]) => r.metadata.labels?.[k] === v))
          .length;
      })
      .sort((a, b) => a - b);
    expect(reach.length).toBeGreaterThan(20);
    const median = reach[Math.floor(reach.length / 2)] as number;
    expect(median).toBeGreaterThanOrEqual(1);
    expect(median).toBeLessThanOrEqual(4);
    expect(reach.at(-1) as number).toBeGreaterThanOrEqual(5 * median);
    expect(reach.filter((n) => n > 4).length).toBeLessThan(reach.length / 5);
  });
});

describe('BENCH_CASES and parameter checks', () => {
  test('large is 10,000 HTTPRoutes x 3 rules with 20,000 policies; half is half of it', () => {
    expect(BENCH_CASES.large.params).toMatchObject({ routes: 10_000, rulesPerRoute: 3, policies: 20_000 });
    expect(BENCH_CASES.half.params).toMatchObject({ routes: 5_000, rulesPerRoute: 3, policies: 10_000 });
  });

  test('rejects sizes that are not positive integers', () => {
    expect(() => generateTopology({ ...small, routes: 0 })).toThrow(RangeError);
    expect(() => generateTopology({ ...small, namespaces: 1 })).toThrow(RangeError);
    expect(() => generateTopology({ ...small, policies: 1.5 })).toThrow(RangeError);
  });

  test('with no policy budget it still builds the topology', () => {
    const { counts: c } = generateTopology({ ...small, policies: 0 });
    expect(c.policies).toBe(0);
    expect(c.routes).toBe(small.routes);
  });
});
