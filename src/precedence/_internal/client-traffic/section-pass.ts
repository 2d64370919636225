/**
 * R9.1: the ClientTrafficPolicy section pass. Plain refs only, in policy order; a target of any
 * kind but ListenerSet is read as a Gateway; the first policy to name a section of a Gateway
 * claims it (a Gateway section by bare listener name), later ones are Conflicted; the listener's
 * port overlap, then its feature errors, decide Invalid.
 */

import { formatRef } from '../../../model/object-ref.js';
import type { Resource } from '../../../model/resource.js';
import type { ListenerNode } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import { ancestorRef } from '../../ancestor-ref.js';
import { plainTargetRefs } from '../../resolve-targets.js';
import { scope } from '../../scope.js';
import { policyId } from '../keys.js';
import { conditionMessage } from '../status-recorder.js';
import { applyAtListener, applyFailedAtListener, http3Message } from './apply.js';
import { failedNote } from './listener-translation.js';
import { portOverlap } from './port-overlap.js';
import { type CtpState, claimSection, sectionRef, sectionsOf, translateForListener } from './state.js';
import { ctpNotFoundReason, resolveCtpTarget } from './target.js';

/**
 * Runs the section pass.
 *
 * @param state - the run
 * @param policies - the ClientTrafficPolicies, ordered and admitted
 */
export function sectionPass(state: CtpState, policies: readonly Resource<Policy>[]): void {
  const rec = state.status;
  const topology = state.run.topology;
  for (const current of policies) {
    const pid = policyId(current);
    for (const t of plainTargetRefs(current.object, current.namespace)) {
      if (t.sectionName === null) continue;
      const p = rec.handle(current);
      const section = t.sectionName;
      const resolved = resolveCtpTarget(state.run, t);
      const tScope = scope(t.kind === 'ListenerSet' ? 'ListenerSetListener' : 'GatewayListener', {
        kind: t.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway',
        namespace: t.namespace,
        name: t.name,
        section,
      });
      const decide = (
        verdict: 'notFound' | 'targetNotFound' | 'conflicted' | 'applied' | 'invalid',
        reason: string,
      ) => rec.decide({ policy: pid, scope: tScope, verdict, reason, fromSelector: false });
      if (!resolved) {
        decide('notFound', ctpNotFoundReason(t));
        continue;
      }
      const { gw, ls } = resolved;
      const anc = [
        ls
          ? ancestorRef('ListenerSet', ls.namespace, ls.name, section)
          : ancestorRef('Gateway', gw.namespace, gw.name, section),
      ];
      if (resolved.error) {
        rec.set(p, anc, 'Accepted', 'False', 'TargetNotFound', resolved.error);
        decide('targetNotFound', `R9.1: ${resolved.error}`);
        continue;
      }
      const claim = sectionRef(gw, ls, section);
      if (sectionsOf(state, gw.key).has(formatRef(claim))) {
        rec.set(
          p,
          anc,
          'Accepted',
          'False',
          'Conflicted',
          `Unable to target section of ${t.name}, another ClientTrafficPolicy has already attached to it`,
        );
        const where = ls ? `${ls.namespace}/${ls.name}/${section}` : section;
        decide(
          'conflicted',
          `R9.1: another ClientTrafficPolicy earlier in processing order already claims listener ${where} of Gateway ${gw.key}`,
        );
        continue;
      }
      claimSection(state, gw.key, claim);
      let err: string | null = null;
      let failedOn: ListenerNode | null = null;
      let http3: string | null = null;
      for (const l of state.run.graph.listeners.get(gw.key) ?? []) {
        if (ls && l.listenerSet !== ls.key) continue;
        if (l.name !== section) continue;
        err = portOverlap(state.httpIr, l, 'section');
        if (err === null) {
          // R9.1: the listener's feature errors replace the (absent) port-overlap error; Envoy
          // Gateway then keeps only what it wrote before the error.
          const translated = translateForListener(state, p, l);
          if (translated.disablesHttp3) http3 = http3Message([l.name]);
          err = translated.error;
          if (err === null) applyAtListener(state, l, p, tScope);
          else {
            applyFailedAtListener(state, l, p, tScope);
            failedOn = l;
          }
        }
        break;
      }
      if (err !== null) rec.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(err));
      rec.accepted(p, anc);
      if (http3 !== null) rec.warning(p, anc, 'UnsupportedHTTP3ClientValidation', http3);
      rec.deprecated(p, anc);
      decide(
        err === null ? 'applied' : 'invalid',
        err === null
          ? 'R9.4: a section ClientTrafficPolicy beats ListenerSet-wide and Gateway-wide ones'
          : `R9.1: ${err}${failedOn ? failedNote(topology, failedOn) : ''}`,
      );
    }
  }
}
