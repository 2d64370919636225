/**
 * Kubernetes label selectors: validity and matching, as `metav1.LabelSelectorAsSelector` and
 * `labels.Selector.Matches` behave (R3.2).
 *
 * @packageDocumentation
 */
import type { LabelSelector } from './types.js';

// A label name (the part after an optional `prefix/`): at most 63 characters, alphanumeric at both
// ends, `-`, `_` and `.` inside. A label value has the same shape, or is empty.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
// A DNS-1123 subdomain (the optional prefix of a label key): lower case, at most 253 characters.
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isValidLabelKey(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && NAME.test(name);
}

function isValidLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && NAME.test(value)));
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Whether a label selector is well formed, i.e. Kubernetes can turn it into a selector: every key
 * a qualified name, every value a label value, operators `In`/`NotIn` with at least one value and
 * `Exists`/`DoesNotExist` with none. A malformed selector matches nothing.
 *
 * @param selector - the selector (`matchLabels` and `matchExpressions`)
 * @returns true when well formed; false for `null`/`undefined` or any malformed part
 * @example
 * isValidLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }); // => false
 */
export function isValidLabelSelector(selector: LabelSelector | null | undefined): boolean {
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return false;
    for (const [k, v] of Object.entries(matchLabels)) {
      if (!isValidLabelKey(k) || !isValidLabelValue(v)) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return false;
    for (const e of matchExpressions as readonly unknown[]) {
      if (!isRecord(e) || !isValidLabelKey(e.key)) return false;
      const values = e.values ?? [];
      if (!Array.isArray(values) || !values.every(isValidLabelValue)) return false;
      switch (e.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0) return false;
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length !== 0) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

/**
 * Whether an object's labels satisfy a label selector: every `matchLabels` pair AND every
 * `matchExpressions` requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`). An empty selector
 * (`{}`) matches every object; a missing (`null`/`undefined`) or malformed selector matches
 * nothing (Kubernetes `labels.Nothing()`, R3.2).
 *
 * @param labels - the object's labels (`metadata.labels`); missing means no labels
 * @param selector - the selector
 * @returns whether the labels match
 * @example
 * matchesLabelSelector({ app: 'web' }, { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }); // => true
 */
export function matchesLabelSelector(
  labels: Readonly<Record<string, string>> | null | undefined,
  selector: LabelSelector | null | undefined,
): boolean {
  const c = compiled(selector);
  if (c === null) return false;
  const has = isRecord(labels);
  const get = (k: string): string | undefined => {
    if (!has || !Object.hasOwn(labels, k)) return undefined;
    const v = (labels as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : undefined;
  };
  for (let i = 0; i < c.pairs.length; i++) {
    const [k, v] = c.pairs[i]!;
    if (get(k) !== v) return false;
  }
  for (let i = 0; i < c.exprs.length; i++) {
    const e = c.exprs[i]!;
    const value = get(e.key);
    switch (e.operator) {
      case 'In':
        if (value === undefined || !e.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && e.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      default: // DoesNotExist: validity was checked when compiling
        if (value !== undefined) return false;
    }
  }
  return true;
}

/**
 * A matcher for one selector, compiled once: for a caller that matches many label maps against
 * the same selector (the topology's label index). Same semantics as {@link matchesLabelSelector}.
 *
 * @param selector - the selector
 * @returns a function of a label map (missing: no labels) that tells whether it matches
 * @example
 * labelMatcher({ matchLabels: { app: 'web' } })({ app: 'web', tier: 'fe' }); // => true
 */
export function labelMatcher(
  selector: LabelSelector | null | undefined,
): (labels: Readonly<Record<string, string>> | null | undefined) => boolean {
  const c = compiled(selector);
  if (c === null) return () => false;
  if (c.exprs.length === 0 && c.pairs.length === 1) {
    // The common case: one key=value pair.
    const [k, v] = c.pairs[0]!;
    return (labels) => isRecord(labels) && Object.hasOwn(labels, k) && labels[k] === v;
  }
  return (labels) => matchesLabelSelector(labels, selector);
}

/** A selector checked once and flattened for matching; null when malformed. */
interface CompiledSelector {
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  readonly exprs: ReadonlyArray<{
    readonly key: string;
    readonly operator: string;
    readonly values: readonly string[];
  }>;
}

/** Selectors are never mutated, so each is validated and flattened once. */
const COMPILED = new WeakMap<object, CompiledSelector | null>();

function compiled(selector: LabelSelector | null | undefined): CompiledSelector | null {
  if (selector === null || typeof selector !== 'object') return null;
  const hit = COMPILED.get(selector);
  if (hit !== undefined) return hit;
  let c: CompiledSelector | null = null;
  if (isValidLabelSelector(selector)) {
    c = {
      pairs: Object.entries(selector.matchLabels ?? {}) as [string, string][],
      exprs: (selector.matchExpressions ?? []).map((e) => ({
        key: e.key,
        operator: e.operator,
        values: e.values ?? [],
      })),
    };
  }
  COMPILED.set(selector, c);
  return c;
}
