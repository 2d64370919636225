/**
 * Applying one visit: its status operations (all but the parent-side steps), decision, graph
 * edges and claims, by the rules of its pass.
 */
import { fitted, NONE, rightSized } from '../compact/small-lists.js';
import { isRouteLevel } from '../passes.js';
import type { KindContext } from './kind-context.js';
import { applyParentVisit } from './parent-visit.js';
import { applyRouteVisit } from './route-visit.js';
import type { Visit } from './visit.js';

/**
 * Applies a visit whose outcome is resolved; what it wrote before must have been withdrawn.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 */
export function applyVisit(ctx: KindContext, v: Visit): void {
  v.ops = NONE;
  v.decision = null;
  v.claimAll = null;
  v.claimByListener = null;
  v.claimListeners = null;
  v.parentAnc = null;
  v.parentInvalid = null;
  v.parentClaim = null;
  if (isRouteLevel(v.pass)) applyRouteVisit(ctx, v);
  else applyParentVisit(ctx, v);
  // Visits live as long as their state: their lists are cut to size.
  v.ops = rightSized(v.ops);
  v.edges = fitted(v.edges);
  v.containments = fitted(v.containments);
  v.consulted = fitted(v.consulted);
}
