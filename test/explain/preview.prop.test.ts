/**
 * Laws of `preview` over generated topologies.
 */
import fc from 'fast-check';
import {
  createPreviewState,
  type PolicyKind,
  policyStatus,
  preview,
  type SimulateResult,
  simulate,
} from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import {
  featureOf,
  NAMESPACES,
  type Obj,
  policyObj,
  ref,
  topologyArbitrary,
} from '../_support/topology-arbitrary.js';

const KINDS: readonly PolicyKind[] = [
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];

function base(objects: readonly Obj[]): SimulateResult {
  return simulate(
    [{ file: 'base.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }],
    { order: 'cluster' },
  );
}

/** What a state looks like from outside: status, and every point's policies. */
function observable(s: SimulateResult): unknown {
  return {
    status: policyStatus(s.resolution),
    points: s.resolution.points.map((p) => [p.key, p.policies]),
  };
}

/** A change: edit, add or delete one policy (or a route), drawn against the objects. */
const changeArb = fc.record({
  what: fc.constantFrom('edit', 'add', 'delete', 'route'),
  pick: fc.nat(),
  kind: fc.constantFrom(...KINDS),
  ns: fc.constantFrom(...NAMESPACES),
  value: fc.constantFrom('1s', '7s', '30s'),
});

/** The same, plus a ClientTrafficPolicy whose features fail on the listener it aims at. */
const changeOrFailureArb = fc.record({
  what: fc.constantFrom('edit', 'add', 'delete', 'route', 'fail', 'fail'),
  pick: fc.nat(),
  kind: fc.constantFrom(...KINDS),
  ns: fc.constantFrom(...NAMESPACES),
  value: fc.constantFrom('1s', '7s', '30s'),
});

function changeFor(
  objects: readonly Obj[],
  c: { what: string; pick: number; kind: PolicyKind; ns: string; value: string },
) {
  const policies = objects.filter((o) => (KINDS as readonly string[]).includes(String(o.kind)));
  if (c.what === 'delete' && policies.length > 0) {
    const p = policies[c.pick % policies.length]!;
    const md = p.metadata as Obj;
    return { delete: [`${String(p.kind)}/${String(md.namespace)}/${String(md.name)}`] };
  }
  if (c.what === 'edit' && policies.length > 0) {
    const p = structuredClone(policies[c.pick % policies.length]!) as Obj;
    (p.spec as Obj).timeout = { http: { requestTimeout: c.value } };
    return { upsert: [p] };
  }
  if (c.what === 'route') {
    const routes = objects.filter((o) => o.kind === 'HTTPRoute');
    if (routes.length > 0) {
      const r = structuredClone(routes[c.pick % routes.length]!) as Obj;
      (r.metadata as Obj).labels = { app: 'moved' };
      return { upsert: [r] };
    }
  }
  const gw = objects.find((o) => o.kind === 'Gateway');
  const target = gw ? ref('Gateway', String((gw.metadata as Obj).name)) : ref('Gateway', 'nowhere');
  if (c.what === 'fail') {
    // An HTTP/2 window below Envoy's minimum: the features fail on every listener it takes. Aimed
    // at one listener, it beats Gateway-wide policies there (R9.4).
    const listeners = ((gw?.spec as Obj | undefined)?.listeners ?? []) as Obj[];
    const section = listeners[c.pick % Math.max(1, listeners.length)]?.name;
    const aimed = typeof section === 'string' ? { ...target, sectionName: section } : target;
    const spec = { targetRefs: [aimed], http2: { initialStreamWindowSize: '1' } };
    return { upsert: [policyObj('ClientTrafficPolicy', c.ns, 'failing', spec)] };
  }
  return { upsert: [policyObj(c.kind, c.ns, 'added', { targetRefs: [target], ...featureOf(c.kind) })] };
}

test('preview of no change is empty', () => {
  fc.assert(
    fc.property(topologyArbitrary({ maxPolicies: 6 }), ({ objects }) => {
      const b = base(objects);
      const r = preview(b, {});
      expect(r.changes).toEqual([]);
      expect(r.statusChanges).toEqual([]);
      expect(r.listenerChanges).toEqual([]);
    }),
    { numRuns: 60 },
  );
});

test('preview(base, change) followed by preview(after, its inverse) restores base', () => {
  let nonEmpty = 0;
  let listenersChanged = 0;
  fc.assert(
    fc.property(topologyArbitrary({ maxPolicies: 6 }), changeOrFailureArb, ({ objects }, c) => {
      const b = base(objects);
      const forward = preview(b, changeFor(objects, c), { order: 'cluster' });
      if (forward.changes.length + forward.statusChanges.length > 0) nonEmpty++;
      if (forward.listenerChanges.length > 0) listenersChanged++;
      const back = preview(forward.after, forward.inverse, { order: 'cluster' });
      expect(observable(back.after)).toEqual(observable(b));
      // The way back shows the same leaves, before and after swapped.
      const swap = (x: (typeof forward.changes)[number]) => ({
        ...x,
        before: x.after,
        after: x.before,
        sourceBefore: x.sourceAfter,
        sourceAfter: x.sourceBefore,
      });
      const norm = (list: readonly object[]) =>
        list.map((x) => JSON.stringify(x, Object.keys(x).sort())).sort();
      expect(norm(back.changes)).toEqual(norm(forward.changes.map(swap)));
      // Listeners that start failing on the way there recover on the way back, and vice versa.
      const swapListener = (c: (typeof forward.listenerChanges)[number]) => ({
        gateway: c.gateway,
        listener: c.listener,
        listenerSet: c.listenerSet,
        ...(c.after ? { before: c.after } : {}),
        ...(c.before ? { after: c.before } : {}),
        ...(c.presence ? { presence: c.presence === 'added' ? 'removed' : 'added' } : {}),
        nowFailing: c.noLongerFailing,
        noLongerFailing: c.nowFailing,
      });
      const normListeners = (list: readonly object[]) =>
        list.map((x) => JSON.stringify(x, Object.keys(x).sort())).sort();
      expect(normListeners(back.listenerChanges)).toEqual(
        normListeners(forward.listenerChanges.map(swapListener)),
      );
    }),
    { numRuns: 80 },
  );
  // The law is only worth something if changes happened. About a third of the generated changes
  // change something; the bound is far enough below that a random seed cannot make it flaky.
  expect(nonEmpty).toBeGreaterThan(8);
  expect(listenersChanged).toBeGreaterThan(0);
});

test('a change to a policy that reaches no point changes no point', () => {
  fc.assert(
    fc.property(
      topologyArbitrary({ maxPolicies: 6 }),
      fc.constantFrom(...KINDS),
      fc.constantFrom(...NAMESPACES),
      ({ objects }, kind, ns) => {
        const ghost = policyObj(kind, ns, 'ghost', {
          targetRefs: [ref('Gateway', 'no-such-gateway')],
          ...featureOf(kind),
        });
        const b = base([...objects, ghost]);
        const edited = structuredClone(ghost) as Obj;
        (edited.spec as Obj).timeout = { http: { requestTimeout: '99s' } };
        const r = preview(b, { upsert: [edited] }, { order: 'cluster' });
        expect(r.changes).toEqual([]);
        // Nor does deleting it.
        expect(preview(b, { delete: [`${kind}/${ns}/ghost`] }, { order: 'cluster' }).changes).toEqual([]);
      },
    ),
    { numRuns: 60 },
  );
});

test('the state after a preview equals a full simulation of the changed manifests, with or without a preview state', () => {
  let incremental = 0;
  fc.assert(
    fc.property(topologyArbitrary({ maxPolicies: 8 }), changeArb, ({ objects }, c) => {
      const b = base(objects);
      const change = changeFor(objects, c);
      const state = createPreviewState(b);
      const r = preview(b, change, { order: 'cluster', state });
      incremental += state.incrementalPreviews;
      const plain = preview(b, change);
      expect(observable(plain.after)).toEqual(observable(r.after));
      expect(plain.changes).toEqual(r.changes);
      expect(plain.statusChanges).toEqual(r.statusChanges);
      // The same end state, simulated from scratch.
      const keyOf = (o: Obj) =>
        `${String(o.kind)}/${String((o.metadata as Obj).namespace ?? 'default')}/${String((o.metadata as Obj).name)}`;
      const gone = new Set([...(change.delete ?? []), ...(change.upsert ?? []).map((o) => keyOf(o as Obj))]);
      const kept = objects.filter((o) => !gone.has(keyOf(o)));
      const full = base([...kept, ...((change.upsert ?? []) as Obj[])]);
      expect(observable(r.after)).toEqual(observable(full));
    }),
    { numRuns: 100 },
  );
  // Most single-policy changes go through the incremental engine.
  expect(incremental).toBeGreaterThan(30);
});
