/**
 * Regular expressions of a CRD set (`pattern` and CEL `matches`), compiled once with RE2
 * (`@bufbuild/re2`, linear time) and kept by the set. RE2 judges every pattern that is not proved
 * the same as a native `RegExp`; three things make matching cheaper:
 *
 * - A pattern that `nativePattern` (`native-pattern.ts`) proves a native `RegExp` answers exactly
 *   as RE2 does, in linear time, runs as that `RegExp` (about 45 ns on a 16-character path where
 *   RE2 takes about 370 ns), with no answers kept: a `Map` hit on a string not hashed yet costs
 *   more than the `RegExp`, a miss three times more. RE2 answers where the engine gives up (a
 *   text of millions of characters overflows its backtracking stack).
 * - Otherwise, a pattern anchored at both ends (`^body$`, the usual form of a CRD pattern) is run
 *   as a full match of its body: the same strings match (no anchor, word boundary or top-level
 *   alternative inside the body, so `^body$` can only match the whole text), and RE2's engine
 *   runs several times faster without the empty-width assertions.
 * - RE2's answers are kept per text where texts recur (names, kinds, units); a pattern whose texts
 *   do not recur (a route's paths, hostnames) stops keeping them.
 *
 * The plain matcher (the reference the fast path is checked against) runs the pattern as written
 * and keeps every short text's answer, as the simulator did first.
 *
 * @packageDocumentation
 */
import { RE2JS } from '@bufbuild/re2';
import { nativePattern } from './native-pattern.js';

/** A compiled regular expression. */
export interface Matcher {
  test(s: string): boolean;
}

/** A compiled regular expression, or why the pattern does not compile. */
export type RegexEntry = Matcher | { readonly error: string };

/** Answers are kept for texts up to this length. */
const MEMO_TEXT_LENGTH = 256;
const MEMO_LIMIT = 4096;
/** A memo that does not pay (fewer than one answer in eight found) is switched off after this many. */
const PROBE_LOOKUPS = 1024;
const PROBE_HITS = PROBE_LOOKUPS / 8;

/**
 * The body of a pattern anchored at both ends, when `^body$` matches exactly the strings `body`
 * matches whole: the body has no `^`, `$`, `\A`, `\z`, `\b`, `\B` or `\Q` outside character
 * classes, no `|` outside groups, no flag group, and its groups balance.
 *
 * @param pattern - RE2 syntax
 * @returns the body, or undefined when the pattern is not of that form
 * @example
 * fullMatchBody('^[a-z]([-a-z0-9]*[a-z0-9])?$'); // => '[a-z]([-a-z0-9]*[a-z0-9])?'
 * fullMatchBody('^a|b$'); // => undefined
 */
export function fullMatchBody(pattern: string): string | undefined {
  if (pattern.length < 2 || pattern[0] !== '^' || pattern[pattern.length - 1] !== '$') return undefined;
  const body = pattern.slice(1, -1);
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || 'AzbBQ'.includes(next)) return undefined;
      i++;
    } else if (c === '[') {
      // A class: `]` first (after an optional `^`) is a member; `[:name:]` is a named class.
      i++;
      if (body[i] === '^') i++;
      if (body[i] === ']') i++;
      for (; i < body.length && body[i] !== ']'; i++) {
        if (body[i] === '\\') i++;
        else if (body[i] === '[' && body[i + 1] === ':') {
          const end = body.indexOf(':]', i + 2);
          if (end === -1) return undefined;
          i = end + 1;
        }
      }
      if (i >= body.length) return undefined;
    } else if (c === '(') {
      if (body[i + 1] === '?' && body[i + 2] !== ':' && body[i + 2] !== 'P') return undefined;
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth < 0) return undefined;
    } else if (c === '|') {
      if (depth === 0) return undefined;
    } else if (c === '^' || c === '$') return undefined;
  }
  return depth === 0 ? body : undefined;
}

/** Keeps the answers of a matcher where texts recur; stops keeping when they do not. */
function keepingAnswers(engine: (s: string) => boolean): Matcher {
  const seen = new Map<string, boolean>();
  let lookups = 0;
  let hits = 0;
  let off = false;
  return {
    test(s: string): boolean {
      if (off || s.length > MEMO_TEXT_LENGTH) return engine(s);
      lookups++;
      let hit = seen.get(s);
      if (hit !== undefined) {
        hits++;
        return hit;
      }
      hit = engine(s);
      if (lookups === PROBE_LOOKUPS && hits < PROBE_HITS) {
        off = true;
        seen.clear();
        return hit;
      }
      if (seen.size >= MEMO_LIMIT) seen.clear();
      seen.set(s, hit);
      return hit;
    },
  };
}

/** The reference matcher: the pattern as written, every short text's answer kept. */
function plainMatcher(re: RE2JS): Matcher {
  const seen = new Map<string, boolean>();
  return {
    test(s: string): boolean {
      if (s.length > MEMO_TEXT_LENGTH) return re.test(s);
      let hit = seen.get(s);
      if (hit === undefined) {
        hit = re.test(s);
        if (seen.size >= MEMO_LIMIT) seen.clear();
        seen.set(s, hit);
      }
      return hit;
    },
  };
}

/** RE2 on a pattern: a full match of the body of a pattern anchored at both ends, else a search. */
function re2Matcher(pattern: string, re: RE2JS): Matcher {
  const body = fullMatchBody(pattern);
  if (body !== undefined) {
    try {
      const whole = RE2JS.compile(body);
      return keepingAnswers((s) => whole.testExact(s));
    } catch {
      // The body alone does not compile (it cannot happen when the pattern does): run the pattern.
    }
  }
  return keepingAnswers((s) => re.test(s));
}

/** A matcher running a native `RegExp` (which it names, for tests). */
export interface NativeMatcher extends Matcher {
  readonly native: RegExp;
}

/**
 * The native `RegExp`, RE2 answering where the engine gives up: V8's backtracking stack (64 MB)
 * overflows, with a `RangeError`, on a text of some millions of characters that a loop of the
 * pattern reads whole (8,388,671 characters for the path-value pattern).
 */
function nativeMatcher(native: RegExp, re2: Matcher): NativeMatcher {
  return {
    native,
    test(s: string): boolean {
      try {
        return native.test(s);
      } catch {
        return re2.test(s);
      }
    },
  };
}

/** The fast matcher: the native `RegExp` where it is proved the same as RE2, else RE2. */
function fastMatcher(pattern: string, re: RE2JS): Matcher {
  const engine = re2Matcher(pattern, re);
  const native = nativePattern(pattern);
  return native === undefined ? engine : nativeMatcher(native, engine);
}

/** The regular expressions of one CRD set, each compiled on first use. */
export class RegexCache {
  readonly #entries = new Map<string, RegexEntry>();
  readonly #plain: boolean;

  /** @param plain - whether to use the reference matchers (tests of the fast path) */
  constructor(plain: boolean) {
    this.#plain = plain;
  }

  /**
   * The compiled pattern (compiled on first use), or the RE2 error.
   *
   * @param pattern - RE2 syntax
   * @returns a matcher, or `{ error }`
   */
  lookup(pattern: string): RegexEntry {
    let hit = this.#entries.get(pattern);
    if (hit === undefined) {
      try {
        const re = RE2JS.compile(pattern);
        hit = this.#plain ? plainMatcher(re) : fastMatcher(pattern, re);
      } catch (e) {
        hit = { error: e instanceof Error ? e.message : String(e) };
      }
      this.#entries.set(pattern, hit);
    }
    return hit;
  }
}
