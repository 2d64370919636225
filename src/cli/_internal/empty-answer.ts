/**
 * Why a query has no answer, in one of three words: the query names an object that is not there
 * (`no-such-object`, with the closest names), nothing applies where it looks
 * (`no-policy-applies`), or the policy kind asked for never attaches to what it names
 * (`kind-does-not-apply`). `explain` and `graph` say it instead of printing nothing.
 */
import type { ExplainQuery } from '../../explain/explain.js';
import { gatewayKeyOf } from '../../explain/query-references.js';
import { nearestNames } from '../../model/_internal/nearest-names.js';
import { parseRef } from '../../model/object-ref.js';
import type { PolicyKind } from '../../model/types.js';
import { POLICY_KINDS } from '../../model/types.js';
import type { Resolution } from '../../precedence/resolution-types.js';

/** Why an answer is empty. */
export interface EmptyAnswer {
  readonly reason: 'no-such-object' | 'no-policy-applies' | 'kind-does-not-apply';
  /** One sentence for people. */
  readonly message: string;
  /** For `no-such-object`: the closest existing names (at most 3). */
  readonly suggestions?: readonly string[];
}

function missing(what: string, wanted: string, names: Iterable<string>): EmptyAnswer {
  const suggestions = nearestNames(wanted, names);
  const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : '';
  return { reason: 'no-such-object', message: `no such object: ${what} ${wanted}${hint}`, suggestions };
}

/**
 * Says why a query selects nothing. Checks, in order: every object the query names exists (else
 * `no-such-object`, with the closest names of that kind); the policy kind can attach to what the
 * query names (a ClientTrafficPolicy attaches to listeners, never to routes; the route kinds'
 * policies never to a listener alone) (else `kind-does-not-apply`); else `no-policy-applies`.
 *
 * @param query - the query (explain's filters)
 * @param resolution - the resolution the query ran on
 * @returns the reason and a sentence
 */
export function whyEmpty(given: ExplainQuery, resolution: Resolution): EmptyAnswer {
  const { topology } = resolution;
  // The Gateway by its topology key, whichever form it was given in.
  const query: ExplainQuery =
    given.gateway === undefined ? given : { ...given, gateway: gatewayKeyOf(given.gateway) ?? given.gateway };
  if (query.gateway !== undefined && !topology.gateways.has(query.gateway))
    return missing('Gateway', query.gateway, topology.gateways.keys());
  if (query.route !== undefined && !topology.routes.has(query.route))
    return missing('route', query.route, topology.routes.keys());
  if (query.policy !== undefined) {
    const kind = parseRef(query.policy)?.kind ?? '';
    const known = (topology.policies.get(kind as PolicyKind) ?? []).map((p) => p.key);
    if (!known.includes(query.policy)) {
      const all = POLICY_KINDS.flatMap((k) => (topology.policies.get(k) ?? []).map((p) => p.key));
      return missing('policy', query.policy, all);
    }
  }
  if (query.listener !== undefined) {
    const names = [...topology.listeners.values()]
      .filter((l) => query.gateway === undefined || l.gateway === query.gateway)
      .map((l) => l.name);
    if (!names.includes(query.listener))
      return missing(
        query.gateway === undefined ? 'listener' : `listener of Gateway ${query.gateway}:`,
        query.listener,
        names,
      );
  }
  if (query.rule !== undefined && query.route !== undefined) {
    const route = topology.routes.get(query.route)!;
    const names = route.rules.flatMap((r) =>
      r.name === null ? [String(r.index)] : [r.name, String(r.index)],
    );
    if (!names.includes(query.rule)) return missing(`rule of ${query.route}:`, query.rule, names);
  }
  const kind =
    query.kind ?? (query.policy === undefined ? undefined : (parseRef(query.policy)?.kind as PolicyKind));
  if (kind === 'ClientTrafficPolicy' && (query.route !== undefined || query.rule !== undefined)) {
    return {
      reason: 'kind-does-not-apply',
      message: `this kind does not apply here: a ClientTrafficPolicy attaches to listeners, not to routes or rules (ask with --gateway and --listener)`,
    };
  }
  const where = describeQuery(query);
  const points = resolution.points.filter(
    (pt) =>
      (query.gateway === undefined || pt.gateway === `Gateway/${query.gateway}`) &&
      (query.listener === undefined || pt.listenerName === query.listener) &&
      (query.route === undefined || pt.route === query.route) &&
      (query.rule === undefined || pt.rule === query.rule || String(pt.ruleIndex) === query.rule),
  );
  if (query.route !== undefined && points.length === 0) {
    return {
      reason: 'no-policy-applies',
      message: `no policy applies: ${query.route} attaches to no listener${query.gateway === undefined ? '' : ` of Gateway ${query.gateway}`} (see GWP-TOPO-ROUTE-NOT-ATTACHED), so nothing reaches it`,
    };
  }
  if (
    kind !== undefined &&
    kind !== 'ClientTrafficPolicy' &&
    points.length > 0 &&
    points.every((pt) => pt.route === null)
  ) {
    return {
      reason: 'kind-does-not-apply',
      message: `this kind does not apply here: a ${kind} attaches to routes (through their Gateway, listener or ListenerSet), and ${where} has no route`,
    };
  }
  if (query.policy !== undefined) {
    return {
      reason: 'no-policy-applies',
      message: `no policy applies: ${query.policy} reaches no point${where === 'the input' ? '' : ` of ${where}`} (its status and the GWP-STATUS-* findings of gwpolicy validate say why)`,
    };
  }
  return {
    reason: 'no-policy-applies',
    message: `no policy applies: no ${kind ?? 'policy'} reaches ${where} (${points.length} point${points.length === 1 ? '' : 's'})`,
  };
}

function describeQuery(q: ExplainQuery): string {
  const parts: string[] = [];
  if (q.route !== undefined) parts.push(q.rule === undefined ? q.route : `${q.route} rule ${q.rule}`);
  if (q.gateway !== undefined) parts.push(`Gateway ${q.gateway}`);
  if (q.listener !== undefined) parts.push(`listener ${q.listener}`);
  return parts.length === 0 ? 'the input' : parts.join(', ');
}
