/**
 * The full run of one kind: every policy's visits, resolved and applied in processing order.
 */
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import { isRouteLevel } from '../passes.js';
import { applyVisit } from './apply-visit.js';
import { sweepClaims } from './claims.js';
import { resolveScope } from './conflicts.js';
import { allVisits, assignObjects, enumerate, newEntry } from './enumerate.js';
import type { KindContext } from './kind-context.js';
import { type EngineResult, engineResult } from './output.js';
import { addParentCandidates, refreshParentKey } from './parent-map.js';
import { finishParentVisit } from './parent-status.js';

/**
 * Resolves every policy of the kind into an empty state.
 *
 * @param ctx - the kind's state (empty)
 * @param policies - the kind's policies, ordered and admitted
 * @returns the run's result (every point)
 */
export function runAll(ctx: KindContext, policies: readonly Resource<Policy>[]): EngineResult {
  ctx.entries = policies.map((r, i) => newEntry(ctx, r, i));
  // R4.1: the parent maps, before any pass.
  for (const e of ctx.entries) addParentCandidates(ctx, e);
  for (const k of ctx.parents.candidates.keys()) refreshParentKey(ctx, k);
  // R4.2: the visits; each scope's visits are appended in rank order (a scope key belongs to one pass).
  for (const e of ctx.entries) enumerate(ctx, e);
  // R5: outcomes per exact scope.
  for (const key of ctx.byScope.keys()) resolveScope(ctx, key);
  const all = allVisits(ctx);
  assignObjects(all);
  for (const v of all) applyVisit(ctx, v);
  // R8.5 / R8.7: parent-side steps read the final graphs.
  for (const v of all) if (!isRouteLevel(v.pass)) finishParentVisit(ctx, v);
  // R6: claims.
  sweepClaims(ctx, all);
  return engineResult(all, ctx.claims);
}
