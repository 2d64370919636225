/**
 * The shape of one feature translation check (see `feature-checks.ts`), shared by the per-kind
 * check tables in this folder.
 */
import { parseGoDuration } from '../../../go/duration.js';
import type { Topology } from '../../../model/topology-types.js';

/** What a check can see. */
export interface FeatureCheckContext {
  readonly topology: Topology;
  /**
   * The namespace references of a field resolve against (R7.7 field owners): the route policy's
   * when it sets the field, else the parent's; the policy's own when not merged.
   */
  readonly ownerNamespace: (field: string) => string;
  /**
   * What the policy is translated for: a route (the default) or a Gateway / ListenerSet, whose
   * translation builds some kinds' features in another order.
   */
  readonly target?: 'route' | 'gateway';
  /**
   * For a route target, which features to build: the ones built once per policy (`'policy'`), or
   * the ones Envoy Gateway builds once per processed parentRef, for that parentRef's Gateway
   * (`'gateway'`, with `gateway` set). Absent: all of them, once.
   */
  readonly scope?: 'policy' | 'gateway';
  /** The Gateway (`ns/name`) the features are built for, when known. */
  readonly gateway?: string;
}

/** One feature check: its feature prefix and the error it finds, or null. */
export interface FeatureCheck {
  /** Prefix Envoy Gateway puts before the error (`perr.WithMessage`). */
  readonly feature: string;
  readonly check: (spec: Readonly<Record<string, unknown>>, ctx: FeatureCheckContext) => string | null;
  /**
   * Built once per processed parentRef of a route target, with that parentRef's Gateway
   * (SecurityPolicy ExtAuth, OIDC, JWT; EnvoyExtensionPolicy Lua, ExtProc, DynamicModule): a
   * route under two Gateways reports its error twice.
   */
  readonly perGateway?: boolean;
  /**
   * Whether the check's answer for this spec depends on which Gateway (`ctx.gateway`) it is
   * built for (DynamicModule reads that Gateway's EnvoyProxy). Absent: it does not, and one
   * answer serves every Gateway.
   */
  readonly readsGateway?: (spec: Readonly<Record<string, unknown>>) => boolean;
}

/** A plain (non-array) object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A plain object, or null. */
export function rec(v: unknown): Record<string, unknown> | null {
  return isRecord(v) ? v : null;
}

/** Present and not null (Go: a non-nil pointer, slice or map). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * A duration field's error line (`invalid <Name> value <raw>`), or null when it parses as Go's
 * `time.ParseDuration` does (or is not a string).
 *
 * @param v - the field's value
 * @param name - the field's name in the message
 * @returns the line, or null
 * @example
 * durationLine('10sec', 'CloseDelay'); // => 'invalid CloseDelay value 10sec'
 */
export function durationLine(v: unknown, name: string): string | null {
  if (typeof v !== 'string') return null;
  return parseGoDuration(v).ok ? null : `invalid ${name} value ${v}`;
}
