/**
 * Listeners whose ClientTrafficPolicy's features failed (R9): their routes answer 500 (HTTP) or
 * are dropped (TCP, UDP, TLS), whatever the route policies say. Read from the listener points.
 *
 * @packageDocumentation
 */
import type { Point, Resolution } from '../../precedence/resolution-types.js';

/** How the routes of a listener fare when its ClientTrafficPolicy's features failed there. */
export interface ListenerFailure {
  /** The ClientTrafficPolicy (`ns/name`) that failed. */
  readonly policy: string;
  /** HTTP routes answer 500; TCP/UDP/TLS routes are dropped (their listener keeps no route). */
  readonly routes: 'answer500' | 'dropped';
}

/**
 * The failed listeners of a resolution, by listener key, with their listener point.
 *
 * @param res - a resolution
 * @returns listener key → its point and failure (only listeners that failed)
 */
export function listenerFailures(res: Resolution): Map<string, { point: Point; failure: ListenerFailure }> {
  const out = new Map<string, { point: Point; failure: ListenerFailure }>();
  for (const pt of res.points) {
    if (pt.route !== null) continue;
    const ctp = pt.policies.ClientTrafficPolicy;
    const policy = ctp?.applied[0];
    if (ctp?.failed && policy !== undefined)
      out.set(pt.listener, { point: pt, failure: { policy, routes: ctp.failed.routes } });
  }
  return out;
}
