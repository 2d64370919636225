/**
 * RE2 regular expressions, compiled once per router. Envoy evaluates `safe_regex` with Google
 * RE2 (linear time, full match), and Envoy Gateway validates patterns with Go's `regexp`, which
 * has RE2's syntax. We use `re2js`, a JavaScript port of RE2 with the same linear-time guarantee,
 * so no request can make matching slow. Differences are listed in docs/request.md.
 */
import { RE2JS } from 're2js';

/** A compiled pattern, or why it does not compile. */
export type CompiledRegex =
  | { readonly ok: true; readonly fullMatch: (text: string) => boolean }
  | { readonly ok: false; readonly error: string };

/** Compiles each distinct pattern once; owned by one router (no module-level state). */
export class RegexCache {
  private readonly compiled = new Map<string, CompiledRegex>();

  /**
   * The pattern compiled, or its error.
   *
   * @param pattern - an RE2 pattern
   * @returns the compiled pattern
   */
  get(pattern: string): CompiledRegex {
    let c = this.compiled.get(pattern);
    if (c === undefined) {
      c = compile(pattern);
      this.compiled.set(pattern, c);
    }
    return c;
  }

  /**
   * Whether `text` matches `pattern` as a whole (RE2 full match, as Envoy's `safe_regex`). A
   * pattern that does not compile matches nothing.
   */
  fullMatch(pattern: string, text: string): boolean {
    const c = this.get(pattern);
    return c.ok && c.fullMatch(text);
  }
}

function compile(pattern: string): CompiledRegex {
  try {
    const re = RE2JS.compile(pattern);
    return { ok: true, fullMatch: (text) => re.matches(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
