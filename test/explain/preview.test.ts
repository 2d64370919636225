import { explain, preview, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { exampleSources } from '../_support/examples.js';

const base = simulate(exampleSources());
/** A deep copy of an example object, typed loosely so tests can edit nested fields in place. */
// biome-ignore lint/suspicious/noExplicitAny: the tests write into known nested paths of example objects
type Editable = Record<string, any>;
const objectOf = (key: string): Editable =>
  structuredClone(base.load.resources.find((r) => r.key === key)!.object) as Editable;

describe('preview on the bundled example', () => {
  test('editing a value shows that leaf at every point, same source before and after', () => {
    const p = objectOf('BackendTrafficPolicy/shop/storefront-timeouts');
    p.spec.timeout.http.requestTimeout = '30s';
    const r = preview(base, { upsert: [p] });

    expect(r.changes.length).toBeGreaterThan(0);
    for (const c of r.changes) {
      expect(c).toMatchObject({
        route: 'HTTPRoute/shop/storefront',
        kind: 'BackendTrafficPolicy',
        path: '/timeout/http/requestTimeout',
        before: '10s',
        after: '30s',
        sourceBefore: 'BackendTrafficPolicy/shop/storefront-timeouts',
        sourceAfter: 'BackendTrafficPolicy/shop/storefront-timeouts',
      });
    }
    expect(r.statusChanges).toEqual([]);
  });

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'deleting %s (a name of Object.prototype) is an unknown deletion, not a throw',
    (key) => {
      const r = preview(base, { delete: [key] });

      expect(r.diagnostics.map((d) => [d.code, d.resource])).toEqual([['GWP-PREVIEW-DELETE-UNKNOWN', key]]);
      expect(r.changes).toEqual([]);
      expect(r.after).toBe(base);
      expect(({} as Record<string, unknown>).resources).toBeUndefined();
    },
  );

  test('deleting the conflict winner lets the loser in: its status flips from Conflicted to Accepted', () => {
    const r = preview(base, { delete: ['BackendTrafficPolicy/shop/storefront-timeouts'] });

    const loser = r.statusChanges.find((s) => s.policy === 'BackendTrafficPolicy/shop/storefront-lb');
    expect(loser?.before?.[0]).toMatchObject({ type: 'Accepted', status: 'False', reason: 'Conflicted' });
    expect(loser?.after?.[0]).toMatchObject({ type: 'Accepted', status: 'True', reason: 'Accepted' });
    const gone = r.statusChanges.find((s) => s.policy === 'BackendTrafficPolicy/shop/storefront-timeouts');
    expect(gone?.after).toBeUndefined();
    expect(r.changes.some((c) => c.sourceAfter === 'BackendTrafficPolicy/shop/storefront-lb')).toBe(true);
  });

  test('a route change rebuilds the graph: detaching a route removes its points (leaves with no after)', () => {
    const route = objectOf('HTTPRoute/shop/cart');
    route.spec.parentRefs = [{ name: 'no-such-gateway', namespace: 'infra' }];
    const r = preview(base, { upsert: [route] });

    const cart = r.changes.filter((c) => c.route === 'HTTPRoute/shop/cart');
    expect(cart.length).toBeGreaterThan(0);
    for (const c of cart) {
      expect('after' in c).toBe(false);
      expect('before' in c).toBe(true);
    }
  });

  test('deleting an unknown object is a warning, not an error, and changes nothing', () => {
    const r = preview(base, { delete: ['BackendTrafficPolicy/shop/nope'] });
    expect(r.changes).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toContainEqual([
      'GWP-PREVIEW-DELETE-UNKNOWN',
      'warning',
    ]);
  });

  test('an unknown deletion names the nearest objects of its kind in the base', () => {
    const r = preview(base, { delete: ['BackendTrafficPolicy/shop/storefront-timeout'] });
    expect(r.diagnostics[0]?.message).toBe(
      '--delete BackendTrafficPolicy/shop/storefront-timeout: no such object in the base; nothing deleted (did you mean BackendTrafficPolicy/shop/storefront-timeouts?)',
    );
  });

  test('the base is never mutated', () => {
    const snapshot = JSON.stringify(base.load.resources);
    const p = objectOf('BackendTrafficPolicy/shop/storefront-timeouts');
    p.spec.retry = { numRetries: 9 };
    preview(base, { upsert: [p], delete: ['SecurityPolicy/shop/cart-auth'] });
    expect(JSON.stringify(base.load.resources)).toBe(snapshot);
  });
});

describe('preview across kinds', () => {
  const GEO = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {namespace: infra, name: proxy}
spec: {geoIP: {provider: {type: MaxMind, maxMind: {cityDbSource: {local: {path: /db}}}}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: infra, name: gw}
spec:
  gatewayClassName: eg
  infrastructure: {parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy}}
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {namespace: infra, name: geo}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  authorization:
    defaultAction: Deny
    rules: [{action: Allow, principal: {clientIPGeoLocations: [{country: US}]}}]
`;
  const CTP = {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'ClientTrafficPolicy',
    metadata: { namespace: 'infra', name: 'detect' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }],
      clientIPDetection: { xForwardedFor: { numTrustedHops: 1 } },
    },
  };

  test('a ClientTrafficPolicy change shows the SecurityPolicy status it flips (GeoIP reads its client IP detection)', () => {
    const before = simulate(GEO);
    const r = preview(before, { upsert: [CTP] });
    const sp = r.statusChanges.filter((c) => c.policy === 'SecurityPolicy/infra/geo');
    expect(sp.map((c) => c.before?.[0]?.reason)).toEqual(['Invalid']);
    expect(sp.map((c) => c.after?.[0]?.reason)).toEqual(['Accepted']);
    // The same answer as a full simulation of the edited input.
    const full = simulate([
      { file: 'a.yaml', text: GEO },
      { file: 'b.json', text: JSON.stringify(CTP) },
    ]);
    expect(r.after.resolution.kinds.SecurityPolicy.ops).toEqual(full.resolution.kinds.SecurityPolicy.ops);
  });
});

describe('preview of a listener whose ClientTrafficPolicy starts or stops failing', () => {
  const failing = (): Editable => {
    const p = objectOf('ClientTrafficPolicy/infra/public-gw-client');
    // An HTTP/2 window below Envoy's minimum fails the HTTP2 feature on every listener it reaches.
    p.spec.http2 = { initialStreamWindowSize: '1' };
    return p;
  };

  test('a change that makes the features fail lists the listener and its routes, which now answer 500', () => {
    const r = preview(base, { upsert: [failing()] });
    // public-https-client replaces public-gw-client on the https listener: only http fails.
    expect(r.listenerChanges.map((c) => `${c.gateway} ${c.listener}`)).toEqual([
      'Gateway/infra/public-gw http',
    ]);
    const [c] = r.listenerChanges;
    expect(c?.before).toBeUndefined();
    expect(c?.after).toEqual({ policy: 'ClientTrafficPolicy/infra/public-gw-client', routes: 'answer500' });
    // The routes listed are exactly the routes explain marks on that listener after the change.
    const marked = new Set(
      explain(r.after.resolution)
        .points.filter((pt) => pt.listenerFailed && pt.gateway === c?.gateway && pt.listener === c?.listener)
        .map((pt) => pt.route),
    );
    expect(c?.nowFailing.length).toBeGreaterThan(0);
    expect(new Set(c?.nowFailing)).toEqual(marked);
    expect(c?.noLongerFailing).toEqual([]);
    expect(c?.presence).toBeUndefined();
  });

  test('previewing the inverse change lists the same listener recovering (before set, after absent)', () => {
    const r = preview(base, { upsert: [failing()] });
    const back = preview(r.after, r.inverse);
    const fwd = r.listenerChanges[0]!;
    expect(back.listenerChanges).toEqual([
      {
        gateway: fwd.gateway,
        listener: fwd.listener,
        listenerSet: fwd.listenerSet,
        before: fwd.after,
        nowFailing: [],
        noLongerFailing: fwd.nowFailing,
      },
    ]);
  });

  test('on a listener that fails before and after, only what changes for routes is listed', () => {
    const failed = preview(base, { upsert: [failing()] }).after;
    // Another failing policy in its place: still answer 500, nothing to list.
    const other = failing();
    other.spec.http2 = { initialStreamWindowSize: '2' };
    expect(preview(failed, { upsert: [other] }).listenerChanges).toEqual([]);
    // A route attached to the failing listener starts answering 500 there.
    const redirect = objectOf('HTTPRoute/infra/https-redirect');
    const extra = {
      ...structuredClone(redirect),
      metadata: { ...redirect.metadata, name: 'another-redirect' },
    };
    const r = preview(failed, { upsert: [extra] });
    expect(r.listenerChanges).toEqual([
      expect.objectContaining({
        listener: 'http',
        before: { policy: 'ClientTrafficPolicy/infra/public-gw-client', routes: 'answer500' },
        after: { policy: 'ClientTrafficPolicy/infra/public-gw-client', routes: 'answer500' },
        nowFailing: ['HTTPRoute/infra/another-redirect'],
        noLongerFailing: [],
      }),
    ]);
  });

  test('a failing listener renamed is one listener removed and one added, not two that changed state', () => {
    const failed = preview(base, { upsert: [failing()] }).after;
    const gw = structuredClone(
      failed.load.resources.find((x) => x.key === 'Gateway/infra/public-gw')!.object,
    ) as Editable;
    gw.spec.listeners = gw.spec.listeners.map((l: Editable) =>
      l.name === 'http' ? { ...l, name: 'web' } : l,
    );
    const r = preview(failed, { upsert: [gw] });
    const by = new Map(r.listenerChanges.map((c) => [c.listener, c]));
    expect(by.get('http')).toMatchObject({ presence: 'removed', before: { routes: 'answer500' } });
    expect(by.get('http')?.after).toBeUndefined();
    expect(by.get('web')).toMatchObject({ presence: 'added', after: { routes: 'answer500' } });
    expect(by.get('web')?.before).toBeUndefined();
  });

  test('a change that fails nowhere, or touches another kind, lists no listener', () => {
    const p = objectOf('ClientTrafficPolicy/infra/public-gw-client');
    p.spec.timeout.http.requestReceivedTimeout = '7s';
    expect(preview(base, { upsert: [p] }).listenerChanges).toEqual([]);
    expect(
      preview(base, { delete: ['BackendTrafficPolicy/shop/storefront-timeouts'] }).listenerChanges,
    ).toEqual([]);
  });
});

describe('preview and the clock', () => {
  test('a graph change is judged at the base’s instant, so certificate expiry cannot flip between the sides', () => {
    const at = Date.UTC(2030, 0, 1);
    const b = simulate(exampleSources(), { topology: { now: at } });
    const route = objectOf('HTTPRoute/shop/cart');
    route.metadata.labels = { ...(route.metadata.labels ?? {}), touched: 'yes' };
    const r = preview(b, { upsert: [route] });
    expect(r.after.topology.options.now).toBe(at);
  });
});
