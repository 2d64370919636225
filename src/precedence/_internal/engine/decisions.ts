/**
 * The decisions explain reads: per visit a verdict and a sentence naming the rule that decided.
 */
import type { TargetDecision } from '../../resolution-types.js';
import type { TargetRef } from '../../resolve-targets.js';
import { describeScope, type Scope } from '../../scope.js';
import type { KindContext } from './kind-context.js';
import type { Visit } from './visit.js';

/**
 * Records a visit's decision.
 *
 * @param v - the visit
 * @param verdict - what became of its target
 * @param reason - the sentence, starting with the rule
 * @param heldBy - for `conflicted`: the policy that holds the scope
 */
export function decide(v: Visit, verdict: TargetDecision['verdict'], reason: string, heldBy?: string): void {
  const fromSelector = v.target.selectorIndex !== null;
  v.decision =
    heldBy === undefined
      ? { policy: v.entry.id, scope: v.scope, fromSelector, verdict, reason }
      : { policy: v.entry.id, scope: v.scope, fromSelector, verdict, reason, heldBy };
}

/**
 * R3.5: the reason of a target that names nothing this controller manages.
 *
 * @param t - the target
 * @returns the reason
 */
export function notFoundReason(t: TargetRef): string {
  return `R3.5: no ${t.kind} ${t.namespace}/${t.name} managed by this controller; the target is silently skipped`;
}

/**
 * The R6.1 reason of an applied route-level visit, one string per scope object.
 *
 * @param ctx - the kind's state
 * @param s - the scope
 * @returns the reason
 */
export function appliedReason(ctx: KindContext, s: Scope): string {
  let r = ctx.appliedReasons.get(s);
  if (r === undefined) {
    r = `R6.1: claims ${describeScope(s)} at every point not already claimed by a more specific policy`;
    ctx.appliedReasons.set(s, r);
  }
  return r;
}
