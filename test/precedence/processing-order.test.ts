/**
 * R2.1 for the readers of a resolution: `buildTopology` keeps the input order, and in `cluster`
 * ordering the readers whose answer depends on processing order (policy status per GatewayClass,
 * request routing) read the topology in the order a cluster sorts it, however the manifests were
 * given.
 */
import { policyStatus, routeRequest, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { gatewayClasses, processingTopology } from '../../src/precedence/processing-order.js';
import { CLASS, gateway, httpRoute, type Obj, rule } from '../request/_fixtures.js';

const HTTP = { name: 'http', protocol: 'HTTP', port: 80 };
const at = (t: string): Obj => ({ creationTimestamp: t });

function withMeta(o: Obj, meta: Obj): Obj {
  return { ...o, metadata: { ...(o.metadata as Obj), ...meta } };
}

function run(objects: readonly Obj[]) {
  return simulate(objects.map((o) => JSON.stringify(o)).join('\n---\n'));
}

// Two routes equal on every sort key: the stable sort keeps processing order, the older first.
const objects: Obj[] = [
  CLASS,
  gateway('eg', [HTTP]),
  httpRoute(
    'older',
    { rules: [rule([{ path: { type: 'PathPrefix', value: '/' } }])] },
    at('2024-01-01T00:00:00Z'),
  ),
  httpRoute(
    'newer',
    { rules: [rule([{ path: { type: 'PathPrefix', value: '/' } }])] },
    at('2025-01-01T00:00:00Z'),
  ),
];

describe('processing order in cluster ordering', () => {
  test('the route a request reaches does not depend on the file order', () => {
    for (const list of [objects, [...objects].reverse()]) {
      const { resolution } = run(list);
      expect(
        routeRequest(resolution, { method: 'GET', url: 'http://x.example/' }, { gateway: 'default/eg' })
          .route,
      ).toBe('HTTPRoute/default/older');
    }
  });

  test('processingTopology sorts routes (and keeps the topology when it is in order)', () => {
    const sorted = run(objects).resolution;
    expect(processingTopology(sorted)).toBe(sorted.topology);
    const reversed = run([...objects].reverse()).resolution;
    expect([...reversed.topology.routes.keys()]).toEqual([
      'HTTPRoute/default/newer',
      'HTTPRoute/default/older',
    ]);
    expect([...processingTopology(reversed).routes.keys()]).toEqual([
      'HTTPRoute/default/older',
      'HTTPRoute/default/newer',
    ]);
    expect(processingTopology({ ...reversed, order: 'input' })).toBe(reversed.topology);
  });

  test('GatewayClasses come in creation order, and policy status concatenates their ancestors so', () => {
    const classA = withMeta({ ...CLASS, metadata: { name: 'a-class' } }, at('2024-02-01T00:00:00Z'));
    const classB = withMeta({ ...CLASS, metadata: { name: 'b-class' } }, at('2024-01-01T00:00:00Z'));
    const gwA = { ...gateway('gw-a', [HTTP]), spec: { gatewayClassName: 'a-class', listeners: [HTTP] } };
    const gwB = { ...gateway('gw-b', [HTTP]), spec: { gatewayClassName: 'b-class', listeners: [HTTP] } };
    const policy: Obj = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'both', namespace: 'default' },
      spec: {
        targetRefs: [
          { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw-a' },
          { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw-b' },
        ],
        timeout: { http: { requestTimeout: '5s' } },
      },
    };
    for (const list of [
      [classA, classB, gwA, gwB, policy],
      [classB, classA, gwB, gwA, policy],
    ]) {
      const { resolution } = run(list);
      expect(gatewayClasses(resolution)).toEqual(['b-class', 'a-class']);
      const doc = policyStatus(resolution).BackendTrafficPolicy!.find((d) => d.metadata.name === 'both')!;
      const names = (doc.status.ancestors ?? []).map((a) => a.ancestorRef.name);
      expect(names).toEqual(['gw-b', 'gw-a']);
    }
  });
});
