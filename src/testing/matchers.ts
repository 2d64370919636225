/**
 * Matchers for vitest and jest (`expect.extend`): `toHaveEffectivePolicy` and `toHaveCondition`,
 * written against the shape both frameworks share (a function of the received value and the
 * arguments returning `{ pass, message }`), so neither is imported: the testing entry is
 * peer-free.
 *
 * @packageDocumentation
 */

import { formatRef } from '../model/object-ref.js';
import type { JsonObject, PolicyKind } from '../model/types.js';
import type { Resolution } from '../precedence/resolution-types.js';
import type { PolicyAncestorStatus } from '../status/policy-status.js';
import { statusOf } from '../status/status-of.js';
import { partialMismatch } from './_internal/partial-match.js';
import type { ExpectedCondition } from './conditions.js';
import { effectiveAt } from './effective-at.js';

/** What a matcher returns, as vitest and jest take it. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** Per policy kind, the effective spec expected (partially: unnamed members are ignored). */
export type ExpectedEffective = Readonly<Partial<Record<PolicyKind, JsonObject>>>;

/** Options of `toHaveCondition`. */
export interface ConditionOptions {
  /**
   * The ancestor the condition must be on, as a reference: `Gateway/ns/name`,
   * `Gateway/ns/name/listener`, `HTTPRoute/ns/name`, … (its `sectionName` included when it has
   * one). Omitted: any ancestor.
   */
  readonly ancestor?: string;
}

/** The result a matcher receives: a simulation or a resolution. */
type Received = Resolution | { readonly resolution: Resolution };

function isReceived(v: unknown): v is Received {
  if (v === null || typeof v !== 'object') return false;
  const r = 'resolution' in v ? (v as { resolution: unknown }).resolution : v;
  return r !== null && typeof r === 'object' && 'points' in r && 'topology' in r;
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/**
 * The matcher context vitest and jest pass as `this`: `isNot` is true under `.not`. A question
 * that cannot be asked (no result, a reference naming nothing) fails either way: it answers the
 * opposite of what was asked.
 */
interface MatcherContext {
  readonly isNot?: boolean;
}

function cannotAsk(ctx: MatcherContext | undefined, message: string): MatcherResult {
  return { pass: ctx?.isNot === true, message: () => message };
}

function notAResult(ctx: MatcherContext | undefined, name: string, received: unknown): MatcherResult {
  return {
    pass: ctx?.isNot === true,
    message: () =>
      `${name}: expected simulate(...) or a resolution, received ${show(received)?.slice(0, 80)}`,
  };
}

/** The ancestor's reference: `Kind/ns/name[/sectionName]`. */
function ancestorText(a: PolicyAncestorStatus): string {
  const r = a.ancestorRef;
  return formatRef({
    kind: r.kind ?? 'Gateway',
    namespace: r.namespace ?? '',
    name: r.name,
    ...(r.sectionName === undefined ? {} : { section: r.sectionName }),
  });
}

/**
 * The matchers, for `expect.extend(gatewayPolicyMatchers)` in vitest or jest.
 *
 * - `expect(result).toHaveEffectivePolicy(point, { BackendTrafficPolicy: { … } })`: at the points
 *   `point` names (see `effectiveAt`), each kind given takes effect, with values matching the
 *   partial spec given (`{}`: any values).
 * - `expect(result).toHaveCondition(policy, accepted(), { ancestor })`: the status of `policy`
 *   (see `statusOf`) has a condition matching the expected one on that ancestor (or on any).
 */
export const gatewayPolicyMatchers = {
  toHaveEffectivePolicy(received: unknown, point: string, expected: ExpectedEffective): MatcherResult {
    // `this` is the framework's matcher context (undefined when called directly).
    const ctx = this as unknown as MatcherContext | undefined;
    if (!isReceived(received)) return notAResult(ctx, 'toHaveEffectivePolicy', received);
    const at = effectiveAt(received, point);
    if (at.diagnostics.length > 0)
      return cannotAsk(ctx, `toHaveEffectivePolicy: ${at.diagnostics[0]!.message}`);
    for (const [kind, spec] of Object.entries(expected) as [PolicyKind, JsonObject][]) {
      const got = at.policies[kind];
      if (got === undefined) {
        const why = at.differing.includes(kind)
          ? `differs between the ${at.points} points ${point} selects`
          : `no ${kind} takes effect there (${at.points} point${at.points === 1 ? '' : 's'})`;
        return { pass: false, message: () => `expected ${kind} to take effect at ${point}: ${why}` };
      }
      const m = partialMismatch(got.effective, spec);
      if (m !== null)
        return {
          pass: false,
          message: () =>
            `expected ${kind} at ${point} to have ${m.path || '/'} = ${show(m.expected)}, found ${show(m.actual)} (applied: ${got.applied.join(', ')})`,
        };
    }
    return {
      pass: true,
      message: () => `expected ${point} not to have the effective policies ${show(expected)}, but it has`,
    };
  },

  toHaveCondition(
    received: unknown,
    policy: string,
    expected: ExpectedCondition,
    options: ConditionOptions = {},
  ): MatcherResult {
    const ctx = this as unknown as MatcherContext | undefined;
    if (!isReceived(received)) return notAResult(ctx, 'toHaveCondition', received);
    const status = statusOf(received, policy);
    if (status.diagnostics.length > 0)
      return cannotAsk(ctx, `toHaveCondition: ${status.diagnostics[0]!.message}`);
    const ancestors = (status.ancestors ?? []).filter(
      (a) => options.ancestor === undefined || ancestorText(a) === options.ancestor,
    );
    const where = options.ancestor === undefined ? 'any ancestor' : options.ancestor;
    const hit = ancestors.some((a) => a.conditions.some((c) => partialMismatch(c, expected) === null));
    const written = (status.ancestors ?? [])
      .map(
        (a) =>
          `${ancestorText(a)}: ${a.conditions.map((c) => `${c.type}=${c.status} ${c.reason}`).join(', ')}`,
      )
      .join('; ');
    return {
      pass: hit,
      message: () =>
        `expected ${policy} ${hit ? 'not ' : ''}to have ${show(expected)} on ${where}; its status: ${written || 'no ancestors'}`,
    };
  },
} as const;

/** The assertions the matchers add, for typing an `expect` that has them. */
export interface GatewayPolicyAssertions {
  toHaveEffectivePolicy(point: string, expected: ExpectedEffective): void;
  toHaveCondition(policy: string, expected: ExpectedCondition, options?: ConditionOptions): void;
}

/** The part of vitest's and jest's `expect` the setup helper uses. */
export interface ExtensibleExpect {
  // biome-ignore lint/suspicious/noExplicitAny: vitest and jest type their matcher tables differently
  extend(matchers: Record<string, any>): void;
}

/**
 * An `expect` that also takes a simulation or a resolution and gives the policy matchers on it
 * (and their `.not`); any other value goes to the framework's own `expect`, unchanged.
 */
export type PolicyExpect<E> = ((
  actual: Resolution | { readonly resolution: Resolution },
) => GatewayPolicyAssertions & { readonly not: GatewayPolicyAssertions }) &
  E;

/**
 * Installs the matchers on vitest's or jest's `expect` and returns it typed with them.
 *
 * @param expect - `expect` from `vitest` or `@jest/globals`
 * @returns the same `expect`, whose assertions have `toHaveEffectivePolicy` and `toHaveCondition`
 * @example
 * import { expect as base } from 'vitest';
 * const expect = withPolicyMatchers(base);
 * expect(simulate(text)).toHaveCondition('BackendTrafficPolicy/shop/timeouts', accepted());
 */
export function withPolicyMatchers<E extends ExtensibleExpect & ((actual: never) => object)>(
  expect: E,
): PolicyExpect<E> {
  expect.extend(gatewayPolicyMatchers);
  return expect as never;
}
