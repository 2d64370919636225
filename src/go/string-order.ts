/**
 * The order of Go's `sort.Strings` and of `<` on Go strings: bytewise over UTF-8.
 *
 * @packageDocumentation
 */

/**
 * Bytewise (UTF-8) string comparison, as Go's `sort.Strings` orders. For strings of code points
 * below U+10000 this equals UTF-16 order except around surrogates; we compare code points.
 *
 * @param a - first string
 * @param b - second string
 * @returns negative, zero or positive
 * @example
 * ['b', 'a'].sort(compareBytes); // => ['a', 'b']
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}
