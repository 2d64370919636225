/**
 * Partial matching of plain data, as a test oracle compares: every member the expected value
 * names must be present and match; members it does not name are ignored. Arrays match element by
 * element and must have the same length. No test framework is needed (the testing entry is
 * peer-free).
 */

/**
 * The first place where `actual` does not match `expected`, or null when it matches.
 *
 * @param actual - the value found
 * @param expected - the value wanted (a partial object, or a value compared exactly)
 * @param path - the JSON pointer of the values, for the message
 * @returns null, or `{ path, expected, actual }` of the first mismatch
 */
export function partialMismatch(
  actual: unknown,
  expected: unknown,
  path = '',
): { readonly path: string; readonly expected: unknown; readonly actual: unknown } | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return { path, expected, actual };
    for (let i = 0; i < expected.length; i++) {
      const m = partialMismatch(actual[i], expected[i], `${path}/${i}`);
      if (m !== null) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return { path, expected, actual };
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined) continue;
      const has = Object.hasOwn(actual, k);
      const m = has
        ? partialMismatch((actual as Record<string, unknown>)[k], v, `${path}/${pointerToken(k)}`)
        : { path: `${path}/${pointerToken(k)}`, expected: v, actual: undefined };
      if (m !== null) return m;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : { path, expected, actual };
}

function pointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
