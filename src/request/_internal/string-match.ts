/**
 * Envoy Gateway's IR `StringMatch` and how Envoy evaluates it (`buildXdsStringMatcher`,
 * internal/xds/translator/route.go: exact, prefix, suffix, safe_regex; contains never appears in
 * route matches).
 */
import type { RegexCache } from './regex-cache.js';

/** One IR string match. Exactly one of exact / prefix / suffix / safeRegex is set. */
export interface StringMatch {
  /** Header, query parameter or cookie name; absent for a path match. */
  readonly name?: string;
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly safeRegex?: string;
  /** Cookie matches only (`InvertMatch`); header and query matches ignore it, as Envoy Gateway does. */
  readonly invert?: boolean;
}

/** Which kind of match a `StringMatch` is. */
export type StringMatchType = 'Exact' | 'Prefix' | 'Suffix' | 'RegularExpression';

/** The match type of a `StringMatch`. */
export function matchType(m: StringMatch): StringMatchType {
  if (m.exact !== undefined) return 'Exact';
  if (m.prefix !== undefined) return 'Prefix';
  if (m.suffix !== undefined) return 'Suffix';
  return 'RegularExpression';
}

/** Whether `value` satisfies a string matcher (case-sensitive, as Envoy's default). */
export function stringMatches(m: StringMatch, value: string, regexes: RegexCache): boolean {
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.suffix !== undefined) return value.endsWith(m.suffix);
  if (m.safeRegex !== undefined) return regexes.fullMatch(m.safeRegex, value);
  return false;
}

/** The match in words, e.g. `Exact "/cart"`. */
export function describeMatch(m: StringMatch): string {
  const value = m.exact ?? m.prefix ?? m.suffix ?? m.safeRegex ?? '';
  return `${matchType(m)} ${JSON.stringify(value)}`;
}
