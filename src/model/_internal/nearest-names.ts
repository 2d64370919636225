/**
 * The existing names closest to one that names nothing, by edit distance (`fastest-levenshtein`),
 * for the "did you mean …" of every reference a user passes (explain queries, status lookups,
 * preview deletions, the Gateway a request arrives at).
 *
 * @packageDocumentation
 */
import { closest, distance } from 'fastest-levenshtein';

/**
 * The names closest to `wanted`: the best ones and those one edit further, none further than a
 * fifth of its length (at least 2), at most `max`, best first (ties in code-unit order).
 *
 * @param wanted - the name that matched nothing
 * @param names - the names that exist
 * @param max - how many to return at most (default 3)
 * @returns the closest names, best first; empty when none is close
 */
export function nearestNames(wanted: string, names: Iterable<string>, max = 3): string[] {
  const list = [...new Set(names)];
  if (list.length === 0) return [];
  const best = closest(wanted, list);
  const limit = Math.min(Math.max(2, Math.ceil(wanted.length / 5)), distance(wanted, best) + 1);
  return list
    .map((n) => ({ n, d: distance(wanted, n) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.n === best ? -1 : b.n === best ? 1 : a.n < b.n ? -1 : 1))
    .slice(0, max)
    .map((x) => x.n);
}
