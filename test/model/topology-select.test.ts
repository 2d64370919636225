import type { Resource } from 'gateway-policy-sim';
import { buildTopology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { selectNamespaces, selectObjects } from '../../src/model/select-objects.js';
import {
  gateway,
  gatewayClass,
  httpRoute,
  listener,
  listenerSet,
  namespace,
  route,
  toResources,
} from './_fixtures.js';

const objects = [
  gatewayClass(),
  gatewayClass('other', 'example.com/other'),
  namespace('team', { env: 'prod' }),
  namespace('bare'),
  namespace('empty-labels', {}),
  gateway('gw', [listener('http')], {
    labels: { app: 'web' },
    spec: { allowedRoutes: {}, allowedListeners: { namespaces: { from: 'All' } } },
  }),
  gateway('gw', [listener('http', 'HTTP', 80, { allowedRoutes: { namespaces: { from: 'All' } } })], {
    ns: 'team',
    labels: { app: 'web' },
  }),
  gateway('foreign', [listener('http')], { className: 'other', labels: { app: 'web' } }),
  httpRoute('r1', [{ name: 'gw' }], { labels: { app: 'web', tier: 'a' } }),
  httpRoute('r2', [{ name: 'gw', namespace: 'team' }], { ns: 'team', labels: { app: 'web', tier: 'b' } }),
  httpRoute('r3', [{ name: 'gw' }], { labels: { app: 'api' } }),
  httpRoute('unmanaged', [{ name: 'foreign' }], { labels: { app: 'web' } }),
  route('GRPCRoute', 'g1', [{ name: 'gw' }], { labels: { app: 'web' } }),
  listenerSet('ls-ok', { name: 'gw' }, [listener('x', 'HTTP', 8080)], 'default', { app: 'web' }),
  listenerSet('ls-orphan', { name: 'nope' }, [listener('x', 'HTTP', 8080)], 'default', { app: 'web' }),
];
const t = buildTopology(toResources(objects));
const keys = (rs: readonly Resource[]): string[] => rs.map((r) => r.key);

describe('select', () => {
  test('matchLabels selects objects of the kind with every label, in input order', () => {
    expect(keys(selectObjects(t, { kind: 'HTTPRoute', matchLabels: { app: 'web' } }, null))).toEqual([
      'HTTPRoute/default/r1',
      'HTTPRoute/team/r2',
    ]);
  });

  test('an empty selector selects every candidate of the kind', () => {
    expect(keys(selectObjects(t, { kind: 'HTTPRoute' }, null))).toEqual([
      'HTTPRoute/default/r1',
      'HTTPRoute/team/r2',
      'HTTPRoute/default/r3',
    ]);
  });

  test('the namespaces argument restricts the result', () => {
    expect(
      keys(selectObjects(t, { kind: 'HTTPRoute', matchLabels: { app: 'web' } }, new Set(['team']))),
    ).toEqual(['HTTPRoute/team/r2']);
    expect(keys(selectObjects(t, { kind: 'HTTPRoute' }, new Set(['team', 'default'])))).toEqual([
      'HTTPRoute/default/r1',
      'HTTPRoute/team/r2',
      'HTTPRoute/default/r3',
    ]);
    expect(selectObjects(t, { kind: 'HTTPRoute' }, new Set())).toEqual([]);
  });

  test('route kinds give only relevant routes', () => {
    expect(keys(selectObjects(t, { kind: 'HTTPRoute', matchLabels: { app: 'web' } }, null))).not.toContain(
      'HTTPRoute/default/unmanaged',
    );
  });

  test('Gateway gives only accepted Gateways; ListenerSet gives all', () => {
    expect(keys(selectObjects(t, { kind: 'Gateway', matchLabels: { app: 'web' } }, null))).toEqual([
      'Gateway/default/gw',
      'Gateway/team/gw',
    ]);
    expect(keys(selectObjects(t, { kind: 'ListenerSet', matchLabels: { app: 'web' } }, null))).toEqual([
      'ListenerSet/default/ls-ok',
      'ListenerSet/default/ls-orphan',
    ]);
  });

  test('the group must match; it defaults to gateway.networking.k8s.io', () => {
    expect(selectObjects(t, { kind: 'HTTPRoute', group: 'gateway.envoyproxy.io' }, null)).toEqual([]);
    expect(selectObjects(t, { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io' }, null)).toHaveLength(3);
    expect(selectObjects(t, { kind: 'Namespace' }, null)).toEqual([]);
    expect(selectObjects(t, { kind: 'Namespace', group: '' }, null)).toHaveLength(3);
  });

  test('matchExpressions with every operator', () => {
    const sel = (operator: string, values?: string[]) =>
      keys(
        selectObjects(
          t,
          { kind: 'HTTPRoute', matchExpressions: [{ key: 'tier', operator, ...(values ? { values } : {}) }] },
          null,
        ),
      );
    expect(sel('In', ['b', 'z'])).toEqual(['HTTPRoute/team/r2']);
    expect(sel('In', ['b', 'a'])).toEqual(['HTTPRoute/default/r1', 'HTTPRoute/team/r2']);
    expect(sel('NotIn', ['a'])).toEqual(['HTTPRoute/team/r2', 'HTTPRoute/default/r3']);
    expect(sel('Exists')).toEqual(['HTTPRoute/default/r1', 'HTTPRoute/team/r2']);
    expect(sel('DoesNotExist')).toEqual(['HTTPRoute/default/r3']);
  });

  test('a malformed selector selects nothing', () => {
    expect(
      selectObjects(
        t,
        { kind: 'HTTPRoute', matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] },
        null,
      ),
    ).toEqual([]);
    expect(
      selectObjects(t, { kind: 'HTTPRoute', matchExpressions: [{ key: 'tier', operator: 'Bogus' }] }, null),
    ).toEqual([]);
  });

  test('with matchLabels, only the posting list is read, not every object of the kind', () => {
    let reads = 0;
    const resources: Resource[] = [];
    for (let i = 0; i < 2000; i++) {
      const labels = { id: `r${i}` };
      const metadata = { name: `r${i}`, namespace: 'default' };
      Object.defineProperty(metadata, 'labels', {
        enumerable: true,
        get: () => {
          reads++;
          return labels;
        },
      });
      const object = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata, spec: {} };
      resources.push({
        kind: 'ListenerSet',
        namespace: 'default',
        name: `r${i}`,
        key: `ListenerSet/default/r${i}`,
        object,
        source: {},
        index: i,
      });
    }
    const big = buildTopology(resources);
    reads = 0;
    expect(keys(selectObjects(big, { kind: 'ListenerSet', matchLabels: { id: 'r1234' } }, null))).toEqual([
      'ListenerSet/default/r1234',
    ]);
    expect(reads).toBeLessThanOrEqual(2);
  });
});

describe('selectNamespaces', () => {
  test('selects Namespace objects whose labels match', () => {
    expect([...selectNamespaces(t, { matchLabels: { env: 'prod' } })]).toEqual(['team']);
  });

  test('an empty selector matches only Namespaces that carry labels, as Envoy Gateway reads them', () => {
    expect([...selectNamespaces(t, {})].sort()).toEqual(['empty-labels', 'team']);
  });

  test('a missing or malformed selector matches no namespace', () => {
    expect(selectNamespaces(t, undefined).size).toBe(0);
    expect(
      selectNamespaces(t, { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] }).size,
    ).toBe(0);
  });
});
