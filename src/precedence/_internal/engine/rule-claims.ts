/**
 * R8.6: a policy targeting a whole route is Overridden by the rules of that route a rule policy
 * claims (successfully, R5.1).
 */

import { compareBytes } from '../../../go/string-order.js';
import type { RouteNode } from '../../../model/topology-types.js';
import { ruleScopeKeysOf } from '../links.js';
import type { KindContext } from './kind-context.js';

const NO_RULES: readonly string[] = [];

/**
 * The names of a route's rules claimed by rule policies, sorted; cached per route until a rule
 * scope of it is re-resolved.
 *
 * @param ctx - the kind's state
 * @param route - the route
 * @returns the rule names (sorted bytewise, as Go's sort.Strings)
 */
export function claimedRules(ctx: KindContext, route: RouteNode): readonly string[] {
  const routeKey = route.key;
  if (!ctx.rules.routesWithRuleVisits.has(routeKey)) return NO_RULES;
  const hit = ctx.rules.byRoute.get(routeKey);
  if (hit) return hit;
  let names: string[] | null = null;
  for (const [name, key] of ruleScopeKeysOf(ctx.run.links, route)) {
    const list = ctx.byScope.get(key);
    if (list === undefined) continue;
    for (const x of list) {
      if (x.outcome !== 'ok') continue;
      if (names === null) names = [];
      names.push(name);
      break;
    }
  }
  const sorted = names === null ? NO_RULES : [...new Set(names)].sort(compareBytes);
  ctx.rules.byRoute.set(routeKey, sorted);
  return sorted;
}
