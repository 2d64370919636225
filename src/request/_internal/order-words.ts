/**
 * The steps of Envoy Gateway's route order in words (internal/gatewayapi/sort.go `XdsIRRoutes.Less`,
 * applied in descending order with a stable sort).
 */
import type { IrRoute, OrderStep } from './ir-route.js';
import { matchType } from './string-match.js';

function pathWords(r: IrRoute): string {
  const p = r.pathMatch;
  if (p === null) return 'no path match';
  const t = matchType(p);
  return `${t === 'Prefix' ? 'PathPrefix' : t} ${JSON.stringify(p.exact ?? p.prefix ?? p.safeRegex ?? p.suffix ?? '')}`;
}

function count(list: readonly { readonly exact?: string }[], exactOnly: boolean): number {
  return exactOnly ? list.filter((m) => m.exact !== undefined).length : list.length;
}

/**
 * Why `winner` comes before `loser`, by the step that decided.
 *
 * @param step - the step (from `orderStepBetween`)
 * @param winner - the route Envoy tries first
 * @param loser - the route it tries later
 * @returns one phrase
 */
export function describeOrderStep(step: OrderStep, winner: IrRoute, loser: IrRoute): string {
  switch (step) {
    case 'pathMatchType':
      return `path match type (Exact before RegularExpression before PathPrefix): ${pathWords(winner)} before ${pathWords(loser)}`;
    case 'pathLength':
      return `longer path first: ${pathWords(winner)} before ${pathWords(loser)}`;
    case 'headerMatchCount':
      return `more header matches first (method counts as one): ${count(winner.headerMatches, false)} before ${count(loser.headerMatches, false)}`;
    case 'exactHeaderMatchCount':
      return `more exact header matches first: ${count(winner.headerMatches, true)} before ${count(loser.headerMatches, true)}`;
    case 'cookieMatchCount':
      return `more cookie matches first: ${count(winner.cookieMatches, false)} before ${count(loser.cookieMatches, false)}`;
    case 'exactCookieMatchCount':
      return `more exact cookie matches first: ${count(winner.cookieMatches, true)} before ${count(loser.cookieMatches, true)}`;
    case 'queryParamMatchCount':
      return `more query parameter matches first: ${count(winner.queryParamMatches, false)} before ${count(loser.queryParamMatches, false)}`;
    case 'exactQueryParamMatchCount':
      return `more exact query parameter matches first: ${count(winner.queryParamMatches, true)} before ${count(loser.queryParamMatches, true)}`;
    case 'processingOrder':
      return winner.route === loser.route
        ? 'equal on every sort key, so the stable sort keeps processing order: earlier hostname, rule and match first'
        : `equal on every sort key, so the stable sort keeps processing order: ${winner.routeKind === loser.routeKind ? `${winner.route} is processed first (route order: creation time, then namespace, then name in a cluster; input order in --order input)` : 'HTTPRoutes are processed before GRPCRoutes'}`;
  }
}
