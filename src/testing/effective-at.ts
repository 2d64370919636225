/**
 * `effectiveAt`: what takes effect at a point named by reference (a route, a rule, a Gateway
 * listener), per policy kind, from a simulation or a resolution: the oracle question "which
 * values reach this route?" in one call.
 *
 * @packageDocumentation
 */

import { createPointExplainer, type ExplainKind, type ExplainPoint } from '../explain/explain.js';
import { jsonEqual } from '../model/_internal/json-equal.js';
import { malformedReference, unknownReference } from '../model/_internal/unknown-reference.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { parseRef } from '../model/object-ref.js';
import { type JsonObject, POLICY_KINDS, type PolicyKind } from '../model/types.js';
import type { Point, Resolution } from '../precedence/resolution-types.js';

/** One kind's effect where every selected point agrees. */
export interface EffectiveKind {
  /** The policies whose values take effect, most specific first (`Kind/ns/name`). */
  readonly applied: readonly string[];
  /** The effective spec, without the targeting fields. */
  readonly effective: JsonObject;
  /** JSON pointer of every leaf of `effective` → the policy that supplied it. */
  readonly provenance: Readonly<Record<string, string>>;
}

/** What {@link effectiveAt} returns. Plain data. */
export interface EffectiveAtResult {
  /** The reference as given. */
  readonly point: string;
  /** How many points it selects (a route attached to two listeners has a point on each, per rule). */
  readonly points: number;
  /**
   * Per kind, what takes effect: present when the kind reaches every selected point with the same
   * policies and values (absent when no policy of the kind reaches them).
   */
  readonly policies: Readonly<Partial<Record<PolicyKind, EffectiveKind>>>;
  /** Kinds that reach the selected points with different policies or values (or only some of them). */
  readonly differing: readonly PolicyKind[];
  /** `GWP-REF-UNKNOWN` / `GWP-REF-MALFORMED` when the reference selects nothing. */
  readonly diagnostics: readonly Diagnostic[];
}

const FORM =
  'RouteKind/namespace/name[/rule], Gateway/namespace/name[/listener] or ListenerSet/namespace/name[/listener]';

/**
 * What takes effect at the points a reference names: `HTTPRoute/ns/name` (every rule on every
 * listener it attaches to), `HTTPRoute/ns/name/rule` (a rule by name or index),
 * `Gateway/ns/name/listener` or `ListenerSet/ns/name/listener` (the listener itself, where
 * ClientTrafficPolicy applies), `Gateway/ns/name` (all its listeners).
 *
 * @param result - `simulate(...)` (or anything with its `resolution`), or a resolution
 * @param point - the reference
 * @returns per kind, the policies and values that take effect there, when all selected points agree
 * @example
 * effectiveAt(simulate(text), 'HTTPRoute/shop/web').policies.BackendTrafficPolicy?.effective;
 * // => { timeout: { http: { requestTimeout: '5s' } } }
 */
export function effectiveAt(
  result: Resolution | { readonly resolution: Resolution },
  point: string,
): EffectiveAtResult {
  const resolution = 'resolution' in result ? result.resolution : result;
  const selected = selectPoints(resolution, point);
  if (!Array.isArray(selected)) {
    return { point: String(point), points: 0, policies: {}, differing: [], diagnostics: [selected] };
  }
  const explainPoint = createPointExplainer(resolution);
  const explained: ExplainPoint[] = selected.map(explainPoint);
  const policies: Partial<Record<PolicyKind, EffectiveKind>> = {};
  const differing: PolicyKind[] = [];
  for (const kind of POLICY_KINDS) {
    const views = explained.map((p) => view(p.policies[kind]));
    const first = views[0];
    if (views.every((v) => v === undefined)) continue;
    if (first !== undefined && views.every((v) => v !== undefined && jsonEqual(v, first)))
      policies[kind] = first;
    else differing.push(kind);
  }
  return { point, points: selected.length, policies, differing, diagnostics: [] };
}

function view(k: ExplainKind | undefined): EffectiveKind | undefined {
  if (k === undefined || k.applied.length === 0) return undefined;
  return { applied: k.applied, effective: k.effective, provenance: k.provenance };
}

/** The points a reference selects, or the diagnostic of a reference that names nothing. */
function selectPoints(resolution: Resolution, text: string): Point[] | Diagnostic {
  const ref = typeof text === 'string' ? parseRef(text) : null;
  if (ref === null || ref.namespace === '') return malformedReference('effectiveAt', String(text), FORM);
  const { topology } = resolution;
  const object = `${ref.kind}/${ref.namespace}/${ref.name}`;
  let match: (p: Point) => boolean;
  let exists: boolean;
  let names: Iterable<string>;
  if (ref.kind === 'Gateway') {
    exists = topology.gateways.has(`${ref.namespace}/${ref.name}`);
    names = [...topology.gateways.keys()].map((k) => `Gateway/${k}`);
    match = (p) =>
      p.route === null &&
      p.gateway === object &&
      p.listenerSet === null &&
      (ref.section === undefined || p.listenerName === ref.section);
  } else if (ref.kind === 'ListenerSet') {
    exists = topology.listenerSets.has(`${ref.namespace}/${ref.name}`);
    names = [...topology.listenerSets.keys()].map((k) => `ListenerSet/${k}`);
    match = (p) =>
      p.route === null &&
      p.listenerSet === object &&
      (ref.section === undefined || p.listenerName === ref.section);
  } else if (ref.kind.endsWith('Route')) {
    exists = topology.routes.has(object);
    names = topology.routes.keys();
    match = (p) =>
      p.route === object &&
      (ref.section === undefined || p.rule === ref.section || String(p.ruleIndex) === ref.section);
  } else return malformedReference('effectiveAt', text, FORM);
  if (!exists) return unknownReference('effectiveAt', object, names);
  return resolution.points.filter(match);
}
