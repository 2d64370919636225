/**
 * R8.5 / R8.7: the condition steps of a ListenerSet or Gateway level visit, in the kind's order
 * (the profile's `gatewaySteps` / `listenerSetSteps`): Invalid, Accepted, the DeprecatedField
 * warning, and Merged / Overridden with the scopes the final scope graphs hold under its scope.
 */
import { fillTemplate } from '../../profile.js';
import { formatScopes } from '../../scope.js';
import { NONE, rightSized } from '../compact/small-lists.js';
import { isListenerSetLevel } from '../passes.js';
import { conditionMessage } from '../status-recorder.js';
import type { KindContext } from './kind-context.js';
import type { Visit } from './visit.js';
import { statusOf } from './visit-status.js';

/**
 * Writes the parent-side condition steps of a visit, reading the final graphs.
 *
 * @param ctx - the kind's state
 * @param v - the visit (applied; no-op for one that did not reach its scope)
 */
export function finishParentVisit(ctx: KindContext, v: Visit): void {
  if (v.parentAnc === null) return;
  // Keep the resolve part (none for an ok visit) and rebuild the steps.
  v.ops = NONE;
  const p = v.obj;
  const anc = v.parentAnc;
  const own = v.scope;
  const kp = ctx.kp;
  const profile = ctx.run.profile;
  const m = ctx.graphs.merged.directChildren(own);
  const o = ctx.graphs.overrides.withDescendants(own);
  for (const k of m.keys()) o.delete(k);
  const routesOnly = !profile.scopeGraphMessages;
  const steps = isListenerSetLevel(v.pass) ? kp.listenerSetSteps : kp.gatewaySteps;
  const r = statusOf(ctx, v);
  for (const step of steps) {
    if (step === 'invalid' && v.parentInvalid !== null)
      r.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(v.parentInvalid));
    else if (step === 'accepted') r.accepted(p, anc);
    else if (step === 'warning') r.deprecated(p, anc);
    else if (step === 'merged' && m.size > 0) {
      const scopes = formatScopes(m.values(), routesOnly);
      if (scopes !== '')
        r.set(
          p,
          anc,
          'Merged',
          'True',
          'Merged',
          fillTemplate(profile.messages.beingMerged, { plural: kp.plural, scopes }),
        );
    } else if (step === 'overridden' && o.size > 0) {
      const scopes = formatScopes(o.values(), routesOnly);
      if (scopes !== '')
        r.set(
          p,
          anc,
          'Overridden',
          'True',
          'Overridden',
          fillTemplate(profile.messages.beingOverridden, { plural: kp.plural, scopes }),
        );
    }
  }
  v.ops = rightSized(v.ops);
}
