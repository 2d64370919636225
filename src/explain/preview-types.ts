/**
 * The types of `preview`: the change it takes, its options and state, and what it returns.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { ManifestSource } from '../model/load-types.js';
import type { Resource } from '../model/resource.js';
import type { PolicyKind } from '../model/types.js';
import type { AncestorRef } from '../precedence/resolution-types.js';
import type { PolicyCondition } from '../status/policy-status.js';
import type { ListenerFailure } from './listener-failure.js';
import type { SimulateOptions, SimulateResult } from './simulate.js';

export type { ListenerFailure } from './listener-failure.js';

/** A change to preview. */
export interface PreviewChange {
  /** Objects to add, or to replace (matched by `Kind/ns/name`). */
  readonly upsert?: readonly unknown[];
  /** Manifest text to add or replace, like `upsert`. */
  readonly sources?: readonly ManifestSource[];
  /** `Kind/ns/name` (or `Kind/name` for cluster-scoped kinds) of objects to delete. */
  readonly delete?: readonly string[];
  /**
   * Resources to put back exactly as they were (identity, position, source): what an inverse
   * change carries so that previewing it restores the base.
   */
  readonly restore?: readonly Resource[];
}

/** One changed leaf of an effective spec at one point. */
export interface PointChange {
  readonly gateway: string;
  readonly listener: string;
  readonly listenerSet: string | null;
  readonly route: string | null;
  readonly rule: string | null;
  readonly kind: PolicyKind;
  /** JSON pointer into the effective spec. */
  readonly path: string;
  /** Absent when the leaf appears. */
  readonly before?: unknown;
  /** Absent when the leaf disappears. */
  readonly after?: unknown;
  readonly sourceBefore?: string;
  readonly sourceAfter?: string;
}

/** One changed ancestor of one policy's status. */
export interface StatusChange {
  /** `Kind/ns/name`. */
  readonly policy: string;
  readonly ancestor: AncestorRef;
  /** Conditions before; absent when the ancestor is new. */
  readonly before?: readonly PolicyCondition[];
  /** Conditions after; absent when the ancestor is gone. */
  readonly after?: readonly PolicyCondition[];
}

/**
 * A listener whose routes start or stop being answered by the listener's failure (a
 * ClientTrafficPolicy whose features failed there: 500 on HTTP routes, TCP/UDP/TLS routes
 * dropped), whatever the route policies say.
 */
export interface ListenerChange {
  readonly gateway: string;
  readonly listener: string;
  readonly listenerSet: string | null;
  /** The failure before the change; absent when the listener served its routes (or did not exist). */
  readonly before?: ListenerFailure;
  /** The failure after the change; absent when the listener serves its routes (or is gone). */
  readonly after?: ListenerFailure;
  /** `added` or `removed` when the listener exists on one side of the change only. */
  readonly presence?: 'added' | 'removed';
  /** Routes (`Kind/ns/name`) that start being answered by a failure here. */
  readonly nowFailing: readonly string[];
  /** Routes that stop being answered by a failure here (recovered, detached, or gone with the listener). */
  readonly noLongerFailing: readonly string[];
}

/** What `preview` returns. `changes`, `statusChanges` and `diagnostics` are the JSON contract. */
export interface PreviewResult {
  readonly changes: readonly PointChange[];
  readonly statusChanges: readonly StatusChange[];
  /**
   * Listeners whose routes start or stop answering 500 (or being dropped) because of a
   * ClientTrafficPolicy that failed there (an extra field of the JSON output).
   */
  readonly listenerChanges: readonly ListenerChange[];
  /** Diagnostics of the change itself (loading it, unknown deletions) and of the result. */
  readonly diagnostics: readonly Diagnostic[];
  /** The change that undoes this one. */
  readonly inverse: PreviewChange;
  /** The state after the change, to preview further changes on. */
  readonly after: SimulateResult;
}

/**
 * Options of {@link preview}. A preview compares against its base, so it resolves with the base's
 * options (order, admission, profile, topology options): any of those given here must equal the
 * base's. `merge` must be the merge function the base was simulated with (default `mergeHook`).
 */
export interface PreviewOptions extends SimulateOptions {
  /**
   * The state of the base from {@link createPreviewState}: with it, a change to the policies of
   * one kind is re-resolved incrementally (only what it touches). `preview` leaves it as it found it.
   */
  readonly state?: PreviewState;
}

/**
 * What incremental previews of one base need: the engine state of its resolution. Not plain data
 * and never part of a result; whoever creates it owns it.
 */
export interface PreviewState {
  /** The base it was made for. */
  readonly base: SimulateResult;
  /** How many previews it re-resolved incrementally (the others were re-resolved in full). */
  readonly incrementalPreviews: number;
}
