/**
 * `ListenerFailure`: how the routes of a listener fare when its ClientTrafficPolicy's features
 * failed there (R9), as explain and preview report it.
 *
 * @packageDocumentation
 */

/** How the routes of a listener fare when its ClientTrafficPolicy's features failed there. */
export interface ListenerFailure {
  /** The ClientTrafficPolicy (`Kind/ns/name`) that failed. */
  readonly policy: string;
  /** HTTP routes answer 500; TCP/UDP/TLS routes are dropped (their listener keeps no route). */
  readonly routes: 'answer500' | 'dropped';
}
