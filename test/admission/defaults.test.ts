/**
 * Defaults as the API server applies them (structural defaulting), and objects as it stores them
 * in `cluster` ordering (issue 11, point 3); `input` ordering, the translator harness's, does not
 * default.
 */

import { explain, loadObjects, loadProfileCrds, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import {
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { admitWidget } from './_crds.js';

describe('structural defaulting', () => {
  const spec = {
    type: 'object',
    properties: {
      list: {
        type: 'array',
        items: {
          type: 'object',
          properties: { port: { type: 'integer', default: 80 }, name: { type: 'string' } },
        },
      },
      nested: {
        type: 'object',
        properties: {
          mode: { type: 'string', default: 'A' },
          inner: { type: 'object', default: {}, properties: { retries: { type: 'integer', default: 3 } } },
        },
      },
      level: { type: 'string', default: 'info' },
    },
  };

  test('inside list items, under objects that are present, and inside defaults themselves', async () => {
    const o = await admitWidget(spec, { list: [{ name: 'a' }, { name: 'b', port: 8080 }], nested: {} });
    expect(o.object.spec).toEqual({
      list: [
        { name: 'a', port: 80 },
        { name: 'b', port: 8080 },
      ],
      nested: { mode: 'A', inner: { retries: 3 } },
      level: 'info',
    });
  });

  test('an absent object is not created to hold defaults', async () => {
    const o = await admitWidget(spec, {});
    expect(o.object.spec).toEqual({ level: 'info' });
  });

  test('a null where null is not allowed takes the default', async () => {
    const o = await admitWidget(spec, { level: null });
    expect((o.object.spec as { level: unknown }).level).toBe('info');
  });

  test('without defaults (input ordering) the object is returned as given', async () => {
    const input = { list: [{ name: 'a' }] };
    const o = await admitWidget(spec, input, { fieldValidation: 'strict', defaults: false, prune: true });
    expect(o.object.spec).toBe(input);
  });

  test('the input object is never mutated', async () => {
    const input = { list: [{ name: 'a' }], nested: {} };
    const copy = structuredClone(input);
    await admitWidget(spec, input);
    expect(input).toEqual(copy);
  });
});

describe('objects as the API server stores them (cluster ordering)', () => {
  const objects = [
    gatewayClassObj(),
    gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80)]),
    httpRouteObj('app', 'web', [parentRefObj('gw', { namespace: 'infra', sectionName: 'http' })], ['main']),
    policyObj('BackendTrafficPolicy', 'infra', 'gw-btp', {
      targetRefs: [ref('Gateway', 'gw')],
      retry: { numRetries: 5, retryOn: { triggers: ['5xx'] } },
    }),
    policyObj('BackendTrafficPolicy', 'app', 'web-btp', {
      targetRefs: [ref('HTTPRoute', 'web')],
      mergeType: 'StrategicMerge',
      retry: { retryOn: { triggers: ['reset'] } },
    }),
  ];
  const numRetries = (r: ReturnType<typeof simulate>) => {
    const points = explain(r.resolution, { route: 'HTTPRoute/app/web' }).points;
    const retry = points[0]?.policies.BackendTrafficPolicy?.effective.retry as
      | { numRetries?: number }
      | undefined;
    return retry?.numRetries;
  };

  test("a StrategicMerge route policy's own default numRetries: 2 overrides the Gateway policy's 5", async () => {
    const profile = await loadProfileCrds();
    const r = simulate(loadObjects(objects), { profile, order: 'cluster' });
    expect(r.diagnostics.filter((d) => d.code.startsWith('GWP-ADMIT'))).toEqual([]);
    expect(numRetries(r)).toBe(2);
    const points = explain(r.resolution, { route: 'HTTPRoute/app/web' }).points;
    expect(points[0]?.policies.BackendTrafficPolicy?.provenance['/retry/numRetries']).toBe(
      'BackendTrafficPolicy/app/web-btp',
    );
  });

  test('input ordering does not default: the Gateway policy value stands', async () => {
    const profile = await loadProfileCrds();
    expect(numRetries(simulate(loadObjects(objects), { profile, order: 'input' }))).toBe(5);
  });

  test('health-check timeouts are defaulted too', async () => {
    const profile = await loadProfileCrds();
    const withHc = [
      ...objects.slice(0, 3),
      policyObj('BackendTrafficPolicy', 'app', 'hc', {
        targetRefs: [ref('HTTPRoute', 'web')],
        healthCheck: { active: { type: 'HTTP', http: { path: '/healthz' } } },
      }),
    ];
    const r = simulate(loadObjects(withHc), { profile });
    const active = r.load.resources.find((x) => x.name === 'hc')?.object.spec?.healthCheck as {
      active: Record<string, unknown>;
    };
    expect(active.active).toMatchObject({
      timeout: '1s',
      interval: '3s',
      unhealthyThreshold: 3,
      healthyThreshold: 1,
    });
  });
});
