/**
 * R7: a route or rule policy with `mergeType` merges, per listener of each managed parentRef, with
 * the closest parent policy on that listener (R7.2: one parent, no chaining; a rule policy skips
 * route policies), or applies alone where there is none (R7.3); the merge itself (R7.5), the
 * merged SecurityPolicy's validation (R7.9), feature errors with field owners (R7.7), and the
 * Merged condition and graph edge of a successful merge (R7.10).
 */
import { asText } from '../../../model/_internal/topology-read.js';
import type { Policy } from '../../../model/types.js';
import { specValidationError, validatesSpec } from '../../feature-checks.js';
import { fillTemplate } from '../../profile.js';
import type { AncestorRef, PointMode } from '../../resolution-types.js';
import type { Scope } from '../../scope.js';
import { listenerLinkOf, type RouteFrame } from '../links.js';
import { conditionMessage } from '../status-recorder.js';
import { featureError } from './feature-errors.js';
import { addEdge } from './graph-edges.js';
import type { KindContext } from './kind-context.js';
import { consultParents } from './parent-map.js';
import type { Entry, Visit } from './visit.js';
import { statusOf } from './visit-status.js';

/**
 * Merges a route-level visit's policy per listener; fills `v.claimByListener`.
 *
 * @param ctx - the kind's state
 * @param v - the visit (outcome ok, spec valid)
 * @param frame - its route's frame
 * @param mergeType - the policy's `mergeType` as written
 * @returns whether some listener merged, and whether some listener failed
 */
export function mergePerListener(
  ctx: KindContext,
  v: Visit,
  frame: RouteFrame,
  mergeType: unknown,
): { anyMerged: boolean; anyInvalid: boolean } {
  const { topology, profile } = ctx.run;
  const p = v.obj;
  const pid = v.entry.id;
  const claims = new Map<string, NonNullable<Visit['claimAll']>>();
  v.claimByListener = claims;
  let anyMerged = false;
  let anyInvalid = false;
  const invalid = (ancestors: readonly AncestorRef[], message: string): void => {
    statusOf(ctx, v).set(p, ancestors, 'Accepted', 'False', 'Invalid', message);
    anyInvalid = true;
  };
  for (const pr of frame.parentRefs) {
    // R7.2: Envoy Gateway iterates RouteParentContext.listeners, before the hostname check.
    for (const lk of pr.allowedListeners) {
      const l = topology.listeners.get(lk);
      if (!l) continue;
      // R7.2: the closest parent per listener, from its parent-map keys (most specific first).
      const link = listenerLinkOf(ctx.run.links, l);
      const found = consultParents(ctx, v, link.keys);
      const parent: Entry | undefined = found?.entry;
      const parentScope: Scope | undefined = found ? link.scopes[found.at] : undefined;
      if (!parent || !parentScope) {
        // R7.3: no parent ⇒ the route policy alone, on this listener only.
        const ferr = featureError(ctx, p.object, p.object, null);
        if (ferr !== null) invalid(link.ancestors, conditionMessage(ferr));
        claims.set(lk, {
          policy: pid,
          mode: 'replace',
          scope: v.scope,
          failed: ferr !== null,
          object: p.object,
        });
        continue;
      }
      const parentObj = parent.resource.object;
      if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') {
        // utils.Merge rejects any other value (R1.5: CEL forbids Replace in a cluster).
        invalid(link.ancestors, mergeErrorMessage(ctx, `unsupported merge type: ${asText(mergeType)}`));
        continue;
      }
      // R7.5: the merge itself.
      const res = ctx.run.merge(parentObj, p.object, mergeType);
      if (!res.ok) {
        invalid(link.ancestors, mergeErrorMessage(ctx, res.error));
        continue;
      }
      const mergedPolicy = mergedObjectOf(ctx, res.merged, p.object);
      if (validatesSpec(ctx.kind)) {
        // R7.9: the merged policy is validated again (it can break rules each side kept).
        const mergedErr = specValidationError(ctx.kind, mergedPolicy, v.target.kind === 'TCPRoute');
        if (mergedErr !== null) {
          invalid(link.ancestors, conditionMessage(mergedErr));
          continue;
        }
      }
      // R7.7: references in the merged policy resolve in the namespace of the field's owner.
      const ferr = featureError(ctx, mergedPolicy, p.object, parentObj);
      // R7.4: the merged result applies on this listener only.
      claims.set(lk, {
        policy: pid,
        mode: mergeType as PointMode,
        scope: v.scope,
        parent: { policy: parent.id, scope: parentScope },
        failed: ferr !== null,
        object: mergedPolicy,
      });
      if (ferr !== null) {
        // R7.10: the listener's ancestor gets Invalid; no Merged, nothing recorded as merged.
        invalid(link.ancestors, conditionMessage(ferr));
        continue;
      }
      addEdge(ctx, v, 'merged', parentScope, frame.scope);
      anyMerged = true;
      const pr2 = parent.resource;
      statusOf(ctx, v).set(
        p,
        link.ancestors,
        'Merged',
        'True',
        'Merged',
        fillTemplate(profile.messages.mergedWith, { parent: `${pr2.namespace}/${pr2.name}` }),
      );
    }
  }
  return { anyMerged, anyInvalid };
}

/** R7.10: the merge error as the kind writes it (BTP as a condition message, SP and EEP raw). */
function mergeErrorMessage(ctx: KindContext, error: string): string {
  const text = `error merging policies: ${error}`;
  return ctx.kp.mergeErrorStyle === 'condition' ? conditionMessage(text) : text;
}

/** The merged policy object of a merge result, one per result (the merge function memoises results per pair). */
function mergedObjectOf(ctx: KindContext, merged: { readonly spec?: unknown }, route: Policy): Policy {
  let m = ctx.features.mergedObjects.get(merged);
  if (!m || m.metadata !== route.metadata) {
    m = { ...route, spec: (merged.spec ?? {}) as Policy['spec'] } as Policy;
    ctx.features.mergedObjects.set(merged, m);
  }
  return m;
}
