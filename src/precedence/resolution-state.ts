/**
 * The state incremental re-resolution keeps: the engine state of every six-pass kind of one
 * resolution, held in an explicit object by whoever wants to re-resolve changes (`preview` makes
 * one per base, a session keeps one). It is never part of a result, and a change applied to it is
 * taken back before the call returns, so the state always stands for its resolution; a session
 * keeps a change instead (`keep`), and the state then stands for the new resolution.
 *
 * @packageDocumentation
 */

import { fail } from '../model/errors.js';
import type { Resource } from '../model/resource.js';
import type { Topology } from '../model/topology-types.js';
import type { Policy } from '../model/types.js';
import { validate } from '../model/validate.js';
import { allVisits } from './_internal/engine/enumerate.js';
import { type EngineDelta, updateTo } from './_internal/engine/incremental-update.js';
import type { KindContext } from './_internal/engine/kind-context.js';
import { engineResult } from './_internal/engine/output.js';
import type { DirectKind } from './_internal/engine/visit.js';
import { policyId } from './_internal/keys.js';
import {
  admitted,
  crdOptionsOf,
  kindResolutionOf,
  type ResolveSetup,
  resolveRun,
  setupOf,
} from './_internal/resolve-run.js';
import type { RunContext } from './_internal/run-context.js';
import { orderPolicies } from './order-policies.js';
import type { Point, Resolution, ResolveOptions } from './resolution-types.js';

/** The engine state behind one resolution. */
export interface ResolutionState {
  readonly setup: ResolveSetup;
  readonly run: RunContext;
  readonly engines: ReadonlyMap<DirectKind, KindContext>;
  /** The resolution the engines stand for. */
  readonly resolution: Resolution;
  /** Set when a change failed half-way: the engines then stand for nothing and are not used again. */
  broken: boolean;
}

/**
 * Resolves a topology and keeps the engine state.
 *
 * @param topology - the graph
 * @param options - the resolve options
 * @returns the state (its `resolution` equals `resolvePolicies(topology, options)`)
 */
export function createResolutionState(topology: Topology, options: ResolveOptions = {}): ResolutionState {
  const setup = setupOf(options);
  const { resolution, run, engines } = resolveRun(topology, setup);
  return { setup, run, engines, resolution, broken: false };
}

/** A resolution after a change to one kind, and what the change touched. */
export interface KindChange {
  readonly resolution: Resolution;
  readonly delta: EngineDelta;
}

/**
 * Re-resolves one six-pass kind whose policies changed (the graph unchanged: `topology` is the
 * state's with other policies of that kind), hands the new resolution to `use`, then brings the
 * state back to its resolution. Only the scopes, parent keys, graph readers and points the change
 * touches are recomputed.
 *
 * @param state - the state
 * @param topology - the graph with the kind's new policies
 * @param kind - the kind that changed
 * @param use - what to do with the new resolution
 * @param keep - keep the change: the state then stands for the new resolution (a session moving
 *   to its next state); by default the state is brought back to its resolution
 * @returns what `use` returns, or undefined when the change cannot be re-resolved incrementally
 *   (repeated policy identities, a kind without engine state)
 */
export function withKindChange<T>(
  state: ResolutionState,
  topology: Topology,
  kind: DirectKind,
  use: (change: KindChange) => T,
  keep = false,
): T | undefined {
  if (state.broken) fail('GWP-API-BAD-OPTION', 'this resolution state failed earlier and cannot be used');
  const ctx = state.engines.get(kind);
  const base = state.resolution;
  if (
    !ctx ||
    (topology.duplicatePolicies.get(kind) ?? []).length > 0 ||
    (base.topology.duplicatePolicies.get(kind) ?? []).length > 0
  )
    return undefined;
  let change: KindChange;
  try {
    change = applyKindChange(state, ctx, base, topology, kind, true);
  } catch (error) {
    state.broken = true;
    throw error;
  }
  if (keep) return use(change);
  try {
    return use(change);
  } finally {
    try {
      applyKindChange(state, ctx, change.resolution, base.topology, kind, false);
      (state as { resolution: Resolution }).resolution = base;
    } catch (error) {
      state.broken = true;
      // biome-ignore lint/correctness/noUnsafeFinally: a failed restore must surface
      throw error;
    }
  }
}

/** Brings a kind's engine from `from` to the policies of `topology`; builds the resolution when asked. */
function applyKindChange(
  state: ResolutionState,
  ctx: KindContext,
  from: Resolution,
  topology: Topology,
  kind: DirectKind,
  withResult: boolean,
): KindChange {
  const { admission } = state.setup;
  const before = from.topology.policies.get(kind) ?? [];
  const after = topology.policies.get(kind) ?? [];
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  const removed = before.filter((r) => !afterSet.has(r));
  const added = after.filter((r) => !beforeSet.has(r));

  // Admission: the findings of the removed objects go, the added ones are validated.
  const removedKeys = new Set(removed.map((r) => r.key));
  const admissionDiagnostics = [
    ...from.admissionDiagnostics.filter((d) => d.resource === undefined || !removedKeys.has(d.resource)),
    ...validate(added, crdOptionsOf(state.setup.profile)),
  ];
  const { diagnostics, rejected } = admitted(admissionDiagnostics, admission);

  // The new processing order: the engine's, without the removed objects (those admission left
  // out are not in it), with the admitted added ones at their place.
  const gone = new Set(removed);
  const list = ctx.entries.map((e) => e.resource).filter((r) => !gone.has(r));
  for (const r of added) if (admission !== 'reject' || !rejected.has(r.key)) insertOrdered(list, r, state);
  state.run.topology = topology;
  const { delta, pointPolicies } = updateTo(ctx, list);
  if (!withResult) return { resolution: from, delta };

  const points: Point[] = from.points.slice();
  for (const id of delta.points) {
    const prev = points[id]!;
    const policies = { ...prev.policies };
    const pp = pointPolicies.get(id);
    if (pp) policies[kind] = pp;
    else delete policies[kind];
    points[id] = { ...prev, policies };
  }
  const resolution: Resolution = {
    ...from,
    topology,
    ordered: { ...from.ordered, [kind]: list.map(policyId) },
    kinds: { ...from.kinds, [kind]: kindResolutionOf(kind, engineResult(allVisits(ctx), pointPolicies)) },
    points,
    diagnostics: [...topology.diagnostics, ...diagnostics],
    admissionDiagnostics,
  };
  (state as { resolution: Resolution }).resolution = resolution;
  return { resolution, delta };
}

/** Inserts a policy into an ordered list at its place in the ordering mode (binary search). */
function insertOrdered(list: Resource<Policy>[], r: Resource<Policy>, state: ResolutionState): void {
  const { order, profile } = state.setup;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pair = orderPolicies([list[mid]!, r], order, profile);
    if (pair[0] === r) hi = mid;
    else lo = mid + 1;
  }
  list.splice(lo, 0, r);
}
