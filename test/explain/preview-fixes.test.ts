/**
 * Regression tests for two wrong answers of `preview`:
 * - it must inherit every option of the base (issue 15): a caller who does not repeat the base's
 *   options got diffs against another ordering, admission or topology;
 * - a base holding a policy admission refused must preview without throwing (issue 17): deleting
 *   or fixing that policy threw `TypeError … reading 'id'` in the engine's update.
 */
import {
  createPreviewState,
  GatewayPolicySimError,
  loadManifests,
  policyStatus,
  preview,
  type SimulateResult,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { BASE, btp, CONFLICT } from '../cli/_fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: tests write into known nested paths of fixture objects
type Editable = Record<string, any>;
const objectOf = (text: string, key: string): Editable =>
  structuredClone(loadManifests(text).resources.find((r) => r.key === key)!.object) as Editable;

/** What a state looks like from outside: status, and every point's policies. */
function observable(s: SimulateResult): unknown {
  return { status: policyStatus(s.resolution), points: s.resolution.points.map((p) => [p.key, p.policies]) };
}

describe('preview inherits the base options', () => {
  test('a route edit that changes nothing shows nothing on an input-ordered base', () => {
    // Input order: route-a wins the route; cluster order (the default) would pick route-b.
    const base = simulate(CONFLICT, { order: 'input' });
    const route = objectOf(CONFLICT, 'HTTPRoute/default/web');
    route.metadata.labels = { moved: 'no' };

    const r = preview(base, { upsert: [route] });

    expect(r.changes).toEqual([]);
    expect(r.statusChanges).toEqual([]);
    expect(r.after.resolution.order).toBe('input');
  });

  test('a policy edit is resolved in the base order (the re-resolved kind and the reused ones agree)', () => {
    const base = simulate(CONFLICT, { order: 'input' });
    const p = objectOf(CONFLICT, 'BackendTrafficPolicy/default/route-a');

    const r = preview(base, { upsert: [p] });

    expect(r.changes).toEqual([]);
    expect(r.statusChanges).toEqual([]);
  });

  test('topology options (Lua enabled) carry over to a preview that rebuilds the graph', () => {
    const lua = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyExtensionPolicy
metadata: {name: lua, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  lua: [{type: Inline, inline: 'function envoy_on_request(h) end'}]
`;
    const text = `${BASE}---\n${lua}`;
    const base = simulate(text, { topology: { enableLua: true } });
    const route = objectOf(text, 'HTTPRoute/default/web');
    route.metadata.labels = { moved: 'no' };

    const r = preview(base, { upsert: [route] });

    expect(r.statusChanges).toEqual([]);
    expect(r.after.topology.options.enableLua).toBe(true);
  });

  test('an option that contradicts the base is refused, not silently used', () => {
    const base = simulate(CONFLICT, { order: 'input' });
    expect(() => preview(base, {}, { order: 'cluster' })).toThrow(GatewayPolicySimError);
    expect(() => preview(base, {}, { topology: { enableLua: !base.topology.options.enableLua } })).toThrow(
      /enableLua/,
    );
    // Repeating the base's own options is fine.
    expect(preview(base, {}, { order: 'input', admission: 'reject' }).changes).toEqual([]);
  });
});

describe('preview of a base holding a policy admission refused', () => {
  // No `group` in the targetRef: the CRD refuses it, and admission `reject` (the default) leaves it out.
  const refused = btp('no-group', 'targetRefs: [{kind: HTTPRoute, name: web}]', '2024-01-01T00:00:00Z');
  const text = [
    BASE,
    refused,
    btp('gw', 'targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]'),
  ].join('---\n');
  const fixed = objectOf(text, 'BackendTrafficPolicy/default/no-group');
  fixed.spec.targetRefs[0].group = 'gateway.networking.k8s.io';
  const other = objectOf(
    btp('other', 'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]'),
    'BackendTrafficPolicy/default/other',
  );
  const changes = {
    'delete the refused policy': { delete: ['BackendTrafficPolicy/default/no-group'] },
    'fix the refused policy': { upsert: [fixed] },
    'add another policy': { upsert: [other] },
    'delete another policy': { delete: ['BackendTrafficPolicy/default/gw'] },
  };

  for (const [name, change] of Object.entries(changes)) {
    test(`${name}: no throw, and the state after equals a fresh simulation`, () => {
      const base = simulate(text);
      expect(base.resolution.admissionDiagnostics.some((d) => d.severity === 'error')).toBe(true);
      const state = createPreviewState(base);
      const withState = preview(base, change, { state });
      const without = preview(base, change);

      const fresh = simulate(withState.after.load);
      expect(observable(withState.after)).toEqual(observable(fresh));
      expect(observable(without.after)).toEqual(observable(fresh));
      expect(withState.changes).toEqual(without.changes);
      expect(withState.statusChanges).toEqual(without.statusChanges);
      // The state is left standing for the base: previewing again gives the same answer.
      expect(preview(base, change, { state }).changes).toEqual(withState.changes);
      expect(state.incrementalPreviews).toBe(2);
    });
  }
});
