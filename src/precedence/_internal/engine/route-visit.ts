/**
 * A route-level visit (the rule and route passes): its ancestors and graph writes (R8.2, R8.7),
 * its outcome's conditions (R5), then the policy applied to the route's points whole (R6.1) or
 * merged per listener (R7, `merge-visit.ts`), and the Overridden-by-rules condition (R8.6). A
 * policy that also targets the route's Gateway claims the route here first (R10.4).
 */
import { asText } from '../../../model/_internal/topology-read.js';
import { specValidationError, validatesSpec } from '../../feature-checks.js';
import { fillTemplate } from '../../profile.js';
import { frameByGatewayClass, routeFrameOf } from '../links.js';
import { Pass } from '../passes.js';
import { conditionMessage } from '../status-recorder.js';
import { conflictMessage, decideConflict, routeOf } from './conflicts.js';
import { appliedReason, decide, notFoundReason } from './decisions.js';
import { routeFeatureErrors } from './feature-errors.js';
import { holdRouteLinks } from './graph-edges.js';
import type { KindContext } from './kind-context.js';
import { mergePerListener } from './merge-visit.js';
import { claimedRules } from './rule-claims.js';
import type { Claim, Visit } from './visit.js';
import { statusOf } from './visit-status.js';

/**
 * Applies a rule or route pass visit: status operations, decision, graph edges and claims.
 *
 * @param ctx - the kind's state
 * @param v - the visit (outcome resolved)
 */
export function applyRouteVisit(ctx: KindContext, v: Visit): void {
  const { profile } = ctx.run;
  const kp = ctx.kp;
  const t = v.target;
  const p = v.obj;
  const pid = v.entry.id;
  if (v.pass === Pass.Route && ctx.rules.visitsByRoute) {
    let set = ctx.rules.visitsByRoute.get(v.routeKey);
    if (!set) {
      set = new Set();
      ctx.rules.visitsByRoute.set(v.routeKey, set);
    }
    set.add(v);
  }
  if (v.outcome === 'notFound') {
    decide(v, 'notFound', notFoundReason(t));
    return;
  }
  const route = routeOf(ctx, v)!;

  // R8.2 ancestors and R8.7 step 1 graph writes, before the error check (R5.2).
  const frame = routeFrameOf(ctx.run.links, ctx.run.topology, route);
  const { ancestors, parentRefs } = frame;
  holdRouteLinks(ctx, v, frame);

  if (v.outcome === 'targetNotFound') {
    const message = `No section name ${t.sectionName} found for ${t.kind} ${t.namespace}/${t.name}`;
    statusOf(ctx, v).set(p, ancestors, 'Accepted', 'False', 'TargetNotFound', message);
    decide(v, 'targetNotFound', `R5.3: ${message}`);
    return;
  }
  if (v.outcome === 'conflicted') {
    const message =
      t.sectionName !== null
        ? conflictMessage(ctx, 'RouteRule', `${t.name}/${t.sectionName}`)
        : conflictMessage(ctx, t.kind, t.name);
    statusOf(ctx, v).set(p, ancestors, 'Accepted', 'False', 'Conflicted', message);
    decideConflict(v);
    return;
  }

  // R6.4 / R7.9: the spec is validated before anything else (TCPRoute: authorization only).
  if (validatesSpec(ctx.kind)) {
    const tcp = t.kind === 'TCPRoute';
    const specErr = specValidationError(ctx.kind, p.object, tcp);
    if (specErr !== null) {
      const prefix = tcp ? `invalid ${ctx.kind} for TCP route` : `invalid ${ctx.kind}`;
      statusOf(ctx, v).set(
        p,
        ancestors,
        'Accepted',
        'False',
        'Invalid',
        conditionMessage(`${prefix}: ${specErr}`),
      );
      decide(v, 'invalid', `${tcp ? 'R6.4' : 'R7.9'}: ${specErr}`);
      return;
    }
  }

  // R7.1: only a route or rule policy's own mergeType merges (where the release supports it).
  const mergeType = p.object.spec?.mergeType;
  let anyMerged = false;
  let anyInvalid = false;
  if (mergeType === undefined || mergeType === null || !kp.mergeType) {
    // R6.5: a feature error is Invalid on every ancestor; the kind's `failedPolicyClaims` says
    // whether the policy still claims the routes. Envoy Gateway translates one GatewayClass at a
    // time: a route whose parents are Gateways of several classes gets each class's errors on
    // that class's ancestors and points only.
    const groups = ctx.features.perGatewayChecks
      ? frameByGatewayClass(ctx.run.topology, frame, ctx.run.graph.gatewayClasses)
      : null;
    if (groups === null) {
      const ferr = routeFeatureErrors(ctx, v, route, parentRefs, p.object);
      if (ferr !== null) {
        statusOf(ctx, v).set(p, ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
        anyInvalid = true;
      }
      v.claimAll = { policy: pid, mode: 'replace', scope: v.scope, failed: ferr !== null, object: p.object };
    } else {
      const claims = new Map<string, Claim>();
      v.claimByListener = claims;
      for (const g of groups) {
        const ferr = routeFeatureErrors(ctx, v, route, g.parentRefs, p.object);
        if (ferr !== null) {
          statusOf(ctx, v).set(p, g.ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
          anyInvalid = true;
        }
        const claim: Claim = {
          policy: pid,
          mode: 'replace',
          scope: v.scope,
          failed: ferr !== null,
          object: p.object,
        };
        for (const pr of g.parentRefs) for (const lk of pr.listeners) claims.set(lk, claim);
      }
    }
  } else {
    const merged = mergePerListener(ctx, v, frame, mergeType);
    anyMerged = merged.anyMerged;
    anyInvalid = merged.anyInvalid;
  }

  const rec = statusOf(ctx, v);
  rec.accepted(p, ancestors);
  rec.deprecated(p, ancestors);
  decide(
    v,
    anyInvalid ? 'invalid' : anyMerged ? 'merged' : 'applied',
    anyInvalid
      ? 'R6.5: a feature of the policy failed to translate (see its status); Envoy Gateway answers 500 on the affected routes'
      : anyMerged
        ? `R7.2: merged (${asText(mergeType)}) with the closest parent policy per listener; parents are not chained`
        : appliedReason(ctx, v.scope),
  );

  // R8.6: a whole-route policy is Overridden by rules claimed by rule policies.
  if (t.sectionName === null) {
    const names = claimedRules(ctx, route);
    if (names.length > 0) {
      statusOf(ctx, v).set(
        p,
        ancestors,
        'Overridden',
        'True',
        'Overridden',
        fillTemplate(profile.messages.overriddenByRules, {
          noun: kp.ruleOverrideNoun,
          rules: names.join(' '),
        }),
      );
    }
  }
}
