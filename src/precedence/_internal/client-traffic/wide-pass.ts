/**
 * R9.2: the whole-ListenerSet, then whole-Gateway passes of ClientTrafficPolicy. Targets come from
 * plain refs and selectors over Gateways and ListenerSets; the first policy per ListenerSet or
 * Gateway claims it; the sections already claimed make it Overridden (before Accepted) and are
 * skipped; each remaining listener is checked for port overlap, then translated. Ancestors and
 * the output list follow pass order (R9.3).
 */

import { compareBytes } from '../../../go/string-order.js';
import { formatRef } from '../../../model/object-ref.js';
import type { Resource } from '../../../model/resource.js';
import type { ListenerNode } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import { ancestorRef } from '../../ancestor-ref.js';
import { composeTargets } from '../../resolve-targets.js';
import { type Scope, scope } from '../../scope.js';
import { policyId, splitKey } from '../keys.js';
import { conditionMessage } from '../status-recorder.js';
import { applyAtListener, applyFailedAtListener, http3Message } from './apply.js';
import { failedNote } from './listener-translation.js';
import { portOverlap } from './port-overlap.js';
import {
  type CtpState,
  claimSection,
  listenerSectionRef,
  sectionRef,
  translateForListener,
} from './state.js';
import { ctpNotFoundReason, resolveCtpTarget } from './target.js';

/**
 * Runs the ListenerSet-wide pass (when the release has ListenerSets), then the Gateway-wide one.
 *
 * @param state - the run
 * @param policies - the ClientTrafficPolicies, ordered and admitted
 */
export function widePasses(state: CtpState, policies: readonly Resource<Policy>[]): void {
  const { topology, profile, graph } = state.run;
  const targets = policies.map((p) =>
    composeTargets(topology, p, 'GatewayOrListenerSet', undefined, graph.rank),
  );
  for (const passKind of ['ListenerSet', 'Gateway'] as const) {
    if (passKind === 'ListenerSet' && !profile.listenerSets) continue;
    policies.forEach((current, i) => {
      for (const t of targets[i] ?? []) {
        if (t.sectionName !== null || t.kind !== passKind) continue;
        widePassTarget(state, current, t, passKind);
      }
    });
  }
}

function widePassTarget(
  state: CtpState,
  current: Resource<Policy>,
  t: ReturnType<typeof composeTargets>[number],
  passKind: 'ListenerSet' | 'Gateway',
): void {
  const rec = state.status;
  const topology = state.run.topology;
  const pid = policyId(current);
  const p = rec.handle(current);
  const resolved = resolveCtpTarget(state.run, t);
  const tScope = scope(passKind, { kind: passKind, namespace: t.namespace, name: t.name });
  const fromSelector = t.selectorIndex !== null;
  const decide = (
    scopeOf: Scope,
    verdict: 'notFound' | 'conflicted' | 'applied' | 'invalid',
    reason: string,
  ) => rec.decide({ policy: pid, scope: scopeOf, verdict, reason, fromSelector });
  if (!resolved) {
    decide(tScope, 'notFound', ctpNotFoundReason(t));
    return;
  }
  const { gw, ls } = resolved;
  const anc = [
    ls
      ? ancestorRef('ListenerSet', ls.namespace, ls.name, null)
      : ancestorRef('Gateway', gw.namespace, gw.name, null),
  ];
  const wholeKey = formatRef(
    ls
      ? { kind: 'ListenerSet', namespace: ls.namespace, name: ls.name }
      : { kind: 'Gateway', namespace: gw.namespace, name: gw.name },
  );
  let wholes = state.claimedScopes.get(gw.key);
  if (wholes?.has(wholeKey)) {
    const what = ls ? 'ListenerSet' : 'Gateway';
    rec.set(
      p,
      anc,
      'Accepted',
      'False',
      'Conflicted',
      `Unable to target ${what} ${t.name}, another ClientTrafficPolicy has already attached to it`,
    );
    decide(
      tScope,
      'conflicted',
      `R9.2: another ClientTrafficPolicy earlier in processing order already claims ${what} ${t.namespace}/${t.name}`,
    );
    return;
  }
  // R9.2 step 3: Overridden before Accepted, listing the sections claimed (a ListenerSet's own).
  const claimed = state.claimedSections.get(gw.key) ?? new Map();
  const overriding: string[] = [];
  for (const ref of claimed.values()) {
    if (ls && (ref.kind !== 'ListenerSet' || ref.namespace !== ls.namespace || ref.name !== ls.name))
      continue;
    overriding.push(ref.section ?? '');
  }
  if (overriding.length > 0) {
    overriding.sort(compareBytes);
    rec.set(
      p,
      anc,
      'Overridden',
      'True',
      'Overridden',
      `There are existing ClientTrafficPolicies that are overriding these sections [${overriding.join(' ')}]`,
    );
  }
  if (!wholes) {
    wholes = new Set();
    state.claimedScopes.set(gw.key, wholes);
  }
  wholes.add(wholeKey);
  const errs: string[] = [];
  let portErrors = 0;
  let appliedCount = 0;
  const featureFailures: { l: ListenerNode; err: string }[] = [];
  const http3Listeners: string[] = [];
  for (const l of state.run.graph.listeners.get(gw.key) ?? []) {
    if (ls && l.listenerSet !== ls.key) continue;
    if (claimed.has(formatRef(listenerSectionRef(l)))) continue;
    const err = portOverlap(state.httpIr, l, ls ? 'listenerSet' : 'gateway');
    if (err !== null) {
      errs.push(err);
      portErrors++;
      continue;
    }
    const translated = translateForListener(state, p, l);
    if (translated.disablesHttp3) http3Listeners.push(l.name);
    const ferr = translated.error;
    if (ferr !== null) {
      // Envoy Gateway keeps what it wrote before the error; the policy still covers the others.
      errs.push(ferr);
      featureFailures.push({ l, err: ferr });
      applyFailedAtListener(state, l, p, tScope);
    } else {
      applyAtListener(state, l, p, tScope);
      appliedCount++;
    }
    if (ls) claimSection(state, gw.key, sectionRef(gw, ls, l.name));
  }
  if (errs.length > 0) rec.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(errs.join('\n')));
  rec.accepted(p, anc);
  if (http3Listeners.length > 0)
    rec.warning(p, anc, 'UnsupportedHTTP3ClientValidation', http3Message(http3Listeners));
  rec.deprecated(p, anc);
  const invalid = portErrors > 0 || (featureFailures.length > 0 && appliedCount === 0);
  const covers =
    passKind === 'ListenerSet'
      ? 'R9.2: a ListenerSet-wide ClientTrafficPolicy covers its listeners not claimed by section policies, and beats a Gateway-wide one'
      : 'R9.2: a Gateway-wide ClientTrafficPolicy covers every listener not claimed by a section or ListenerSet-wide policy';
  decide(
    tScope,
    invalid ? 'invalid' : 'applied',
    !invalid
      ? covers
      : portErrors > 0
        ? `R9.2: ${errs.join('; ')}`
        : `${covers}, but its features failed on every one of them (see each listener)`,
  );
  // The listeners whose features failed, each decided on its own (R9.2 step 4).
  for (const { l, err } of featureFailures) {
    const listenerScope =
      l.listenerSet !== null
        ? (() => {
            const [lsNs, lsName] = splitKey(l.listenerSet);
            return scope('ListenerSetListener', {
              kind: 'ListenerSet',
              namespace: lsNs,
              name: lsName,
              section: l.name,
            });
          })()
        : scope('GatewayListener', {
            kind: 'Gateway',
            namespace: gw.namespace,
            name: gw.name,
            section: l.name,
          });
    decide(listenerScope, 'invalid', `R9.2: ${err}${failedNote(topology, l)}`);
  }
}
