/**
 * Listeners whose ClientTrafficPolicy's features failed (R9): their routes answer 500 (HTTP) or
 * are dropped (TCP, UDP, TLS), whatever the route policies say. Read from the listener points.
 *
 * @packageDocumentation
 */
import type { Point, Resolution } from '../../precedence/resolution-types.js';
import type { ListenerFailure } from '../listener-failure.js';

export type { ListenerFailure } from '../listener-failure.js';

/**
 * The failed listeners of a resolution, by listener key, with their listener point (memoised).
 *
 * @param res - a resolution
 * @returns listener key → its point and failure (only listeners that failed)
 */
export function listenerFailures(
  res: Resolution,
): ReadonlyMap<string, { readonly point: Point; readonly failure: ListenerFailure }> {
  const hit = cache.get(res);
  if (hit) return hit;
  const out = new Map<string, { point: Point; failure: ListenerFailure }>();
  for (const pt of res.points) {
    if (pt.route !== null) continue;
    const ctp = pt.policies.ClientTrafficPolicy;
    const policy = ctp?.applied[0];
    if (ctp?.failed && policy !== undefined)
      out.set(pt.listener, { point: pt, failure: { policy, routes: ctp.failed.routes } });
  }
  cache.set(res, out);
  return out;
}

/** Per resolution (results are immutable): explain and preview ask for the same one. */
const cache = new WeakMap<Resolution, Map<string, { point: Point; failure: ListenerFailure }>>();
