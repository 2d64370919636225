/**
 * Lint: a policy that was accepted for at least one target and reaches points, yet applies at none
 * of them, because a more specific policy of its kind claims every one (R4.3, R6.1, R9.4).
 */

import type { Point } from '../../precedence/resolution-types.js';
import { scopeKey } from '../../precedence/scope.js';
import { describePoints, type Finding, type LintIndex, lintFinding, targetPointers } from './lint-index.js';

/** Code of this finding. */
export const SHADOWED = 'GWP-LINT-SHADOWED';

/**
 * Finds fully shadowed policies. Linear: each policy's accepted scopes are looked up in the
 * point-by-scope index, and the policies applied per point are counted once.
 *
 * @param index - the shared indexes
 * @param maxPoints - point groups named in a message
 * @returns one finding per shadowed policy
 */
export function lintShadowed(index: LintIndex, maxPoints: number): Finding[] {
  const out: Finding[] = [];
  for (const ki of index.kinds.values()) {
    const kind = ki.kind;
    const appliedSomewhere = new Set<string>();
    for (const pt of index.resolution.points)
      for (const id of pt.policies[kind]?.applied ?? []) appliedSomewhere.add(id);
    const byScope = kind === 'ClientTrafficPolicy' ? index.listenerPointsByScope : index.rulePointsByScope;
    for (const [id, policy] of ki.byId) {
      if (appliedSomewhere.has(id)) continue;
      const accepted = (ki.decisionsByPolicy.get(id) ?? []).filter(
        (d) => d.verdict === 'applied' || d.verdict === 'merged',
      );
      if (accepted.length === 0) continue;
      const covered = new Map<string, Point>();
      for (const d of accepted)
        for (const pt of byScope.get(scopeKey(d.scope)) ?? []) covered.set(pt.key, pt);
      if (covered.size === 0) continue;
      // Shadowed only when another policy takes effect at every point it reaches; a point where
      // nothing of this kind applies (e.g. an EnvoyExtensionPolicy on a TCP route) is another story.
      const winners = new Map<string, number>();
      let everywhere = true;
      for (const pt of covered.values()) {
        const winner = pt.policies[kind]?.applied[0];
        if (winner === undefined) {
          everywhere = false;
          break;
        }
        winners.set(winner, (winners.get(winner) ?? 0) + 1);
      }
      if (!everywhere) continue;
      const by = [...winners]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, maxPoints)
        .map(([w, n]) => `${w} (${n})`)
        .join(', ');
      const more = winners.size > maxPoints ? ` and ${winners.size - maxPoints} more` : '';
      const ctp = kind === 'ClientTrafficPolicy';
      const rule = ctp ? 'R9.4' : 'R4.3, R6.1';
      const advice = ctp
        ? 'check that it is still needed'
        : 'check that it is still needed, or whether the more specific policies should merge with it (mergeType)';
      out.push(
        lintFinding(
          SHADOWED,
          'info',
          `${kind} ${id} is accepted but applies nowhere: at every one of the ${describePoints([...covered.values()], maxPoints)} ` +
            `a more specific ${kind} takes effect instead (${by}${more}) (${rule}). It only matters for points added later; ${advice}.`,
          policy,
          targetPointers(policy, accepted[0]!.scope, accepted[0]!.fromSelector)[0]!,
        ),
      );
    }
  }
  return out;
}
