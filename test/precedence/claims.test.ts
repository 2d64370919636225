/**
 * Effective policy per point ("first writer wins", R6): whole-feature claims on HTTP routes
 * (R6.1), per-field fallback for BackendTrafficPolicy on TCP and UDP routes (R6.3), and
 * SecurityPolicy on TCP routes, authorization only (R6.4).
 */
import { describe, expect, test } from 'vitest';
import {
  featureOf,
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  type Obj,
  parentRefObj,
  policyObj,
  ref,
  routeObj,
} from '../_support/topology-arbitrary.js';
import { pointSummary, run, statusLines } from './_pipeline.js';

const BTP = 'BackendTrafficPolicy';
const SP = 'SecurityPolicy';
const world: Obj[] = [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [
    listenerObj('http', 'HTTP', 80),
    listenerObj('tcp', 'TCP', 9000),
    listenerObj('udp', 'UDP', 9001),
  ]),
  httpRouteObj('infra', 'web', [parentRefObj('gw', { sectionName: 'http' })]),
  httpRouteObj('infra', 'other', [parentRefObj('gw', { sectionName: 'http' })]),
  routeObj('TCPRoute', 'infra', 'db', [parentRefObj('gw', { sectionName: 'tcp' })]),
  routeObj('UDPRoute', 'infra', 'dns', [parentRefObj('gw', { sectionName: 'udp' })]),
];
const WEB = 'infra/gw/http|HTTPRoute/infra/web|0';
const OTHER = 'infra/gw/http|HTTPRoute/infra/other|0';
const DB = 'infra/gw/tcp|TCPRoute/infra/db|0';
const DNS = 'infra/gw/udp|UDPRoute/infra/dns|0';

describe('R6.1: on HTTP routes the most specific policy claims the whole feature', () => {
  test('a route BackendTrafficPolicy with no fields still claims the route and blocks the Gateway one', () => {
    const empty = policyObj(BTP, 'infra', 'empty', { targetRefs: [ref('HTTPRoute', 'web')] });
    const gw = policyObj(BTP, 'infra', 'gw-btp', { targetRefs: [ref('Gateway', 'gw')], ...featureOf(BTP) });
    const { resolution, status } = run([...world, empty, gw]);
    const points = pointSummary(resolution);
    expect(points[WEB]?.[BTP]).toEqual({
      applied: ['BackendTrafficPolicy/infra/empty'],
      mode: 'replace',
      scopeKind: 'Route',
    });
    expect(points[OTHER]?.[BTP]).toEqual({
      applied: ['BackendTrafficPolicy/infra/gw-btp'],
      mode: 'replace',
      scopeKind: 'Gateway',
    });
    expect(statusLines(status, BTP, 'infra/gw-btp')).toEqual([
      'Gateway infra/gw: Accepted/True/Accepted: Policy has been accepted. | Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for these routes: [infra/web]',
    ]);
  });

  test('no field inheritance on HTTP: a route policy setting only timeout hides the Gateway loadBalancer', () => {
    const route = policyObj(BTP, 'infra', 'route-btp', {
      targetRefs: [ref('HTTPRoute', 'web')],
      timeout: { http: { requestTimeout: '1s' } },
    });
    const gw = policyObj(BTP, 'infra', 'gw-btp', {
      targetRefs: [ref('Gateway', 'gw')],
      loadBalancer: { type: 'RoundRobin' },
    });
    const points = pointSummary(run([...world, route, gw]).resolution);
    expect(points[WEB]?.[BTP]).toEqual({
      applied: ['BackendTrafficPolicy/infra/route-btp'],
      mode: 'replace',
      scopeKind: 'Route',
    });
  });
});

describe('R6.3: BackendTrafficPolicy on TCP and UDP routes falls back field by field', () => {
  const route = policyObj(BTP, 'infra', 'route-btp', {
    targetRefs: [ref('TCPRoute', 'db'), ref('UDPRoute', 'dns')],
    timeout: { tcp: { connectTimeout: '1s' } },
  });
  const gw = policyObj(BTP, 'infra', 'gw-btp', {
    targetRefs: [ref('Gateway', 'gw')],
    loadBalancer: { type: 'RoundRobin' },
    timeout: { tcp: { connectTimeout: '9s' } },
    connection: { bufferLimit: '1Mi' },
    dns: { dnsRefreshRate: '5s' },
  });

  test('TCP: the Gateway fills the fields the route policy leaves unset (but never connection), and every toucher is listed', () => {
    const points = pointSummary(run([...world, route, gw]).resolution);
    expect(points[DB]?.[BTP]).toEqual({
      applied: ['BackendTrafficPolicy/infra/route-btp', 'BackendTrafficPolicy/infra/gw-btp'],
      mode: 'fieldFallback',
      scopeKind: 'Route',
      fields: {
        timeout: 'BackendTrafficPolicy/infra/route-btp',
        loadBalancer: 'BackendTrafficPolicy/infra/gw-btp',
        dns: 'BackendTrafficPolicy/infra/gw-btp',
      },
    });
  });

  test('TCP: a route-level connection is taken', () => {
    const withConnection = policyObj(BTP, 'infra', 'route-btp', {
      targetRefs: [ref('TCPRoute', 'db')],
      connection: { bufferLimit: '2Mi' },
    });
    const fields = pointSummary(run([...world, withConnection, gw]).resolution)[DB]?.[BTP] as {
      fields: Record<string, string>;
    };
    expect(fields.fields.connection).toBe('BackendTrafficPolicy/infra/route-btp');
  });

  test('UDP: only loadBalancer and dns, each from the first policy that sets it', () => {
    const points = pointSummary(run([...world, route, gw]).resolution);
    expect(points[DNS]?.[BTP]).toMatchObject({
      mode: 'fieldFallback',
      fields: { loadBalancer: 'BackendTrafficPolicy/infra/gw-btp', dns: 'BackendTrafficPolicy/infra/gw-btp' },
    });
  });
});

describe('R6.4: SecurityPolicy on TCP routes is authorization only, with its own claim', () => {
  const authorization = {
    defaultAction: 'Deny',
    rules: [{ action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8'] } }],
  };
  const gwSp = policyObj(SP, 'infra', 'gw-sp', { targetRefs: [ref('Gateway', 'gw')], authorization });
  const dbAt = (route: Obj): unknown => pointSummary(run([...world, route, gwSp]).resolution)[DB]?.[SP];

  test('a route policy with an HTTP-only feature is Invalid and the Gateway authorization still applies', () => {
    const cors = policyObj(SP, 'infra', 'route-sp', {
      targetRefs: [ref('TCPRoute', 'db')],
      ...featureOf(SP),
    });
    const { resolution, status } = run([...world, cors, gwSp]);
    expect(statusLines(status, SP, 'infra/route-sp')).toEqual([
      'Gateway infra/gw/tcp: Accepted/False/Invalid: Invalid SecurityPolicy for TCP route: only authorization is supported for TCP (routes/listeners).',
    ]);
    expect(pointSummary(resolution)[DB]?.[SP]).toMatchObject({
      applied: ['SecurityPolicy/infra/gw-sp'],
      fields: { authorization: 'SecurityPolicy/infra/gw-sp' },
    });
  });

  test('a route policy without authorization does not claim: the Gateway authorization applies', () => {
    const none = policyObj(SP, 'infra', 'route-sp', { targetRefs: [ref('TCPRoute', 'db')] });
    expect(dbAt(none)).toMatchObject({
      applied: ['SecurityPolicy/infra/gw-sp'],
      fields: { authorization: 'SecurityPolicy/infra/gw-sp' },
    });
  });

  test('a route policy with authorization claims it', () => {
    const authz = policyObj(SP, 'infra', 'route-sp', { targetRefs: [ref('TCPRoute', 'db')], authorization });
    expect(dbAt(authz)).toMatchObject({
      applied: ['SecurityPolicy/infra/route-sp'],
      fields: { authorization: 'SecurityPolicy/infra/route-sp' },
    });
  });
});
