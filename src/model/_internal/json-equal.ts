/**
 * Deep equality of JSON data as the simulator holds it (objects, arrays, strings, numbers,
 * booleans, null): objects by their own enumerable keys, whatever those keys are. User data may
 * carry keys such as `valueOf`, `toString` or `constructor`, or null-prototype objects, which
 * general-purpose deep-equality functions read as methods (fast-deep-equal calls `a.valueOf()`
 * and throws); nesting is walked with an explicit stack, so depth costs no call stack.
 *
 * @packageDocumentation
 */

/**
 * Whether two JSON values are equal: same type, same scalars (`===`), arrays of equal items in
 * order, objects with the same own keys (any order) holding equal values.
 *
 * @param a - a value
 * @param b - another value
 * @returns true when equal
 * @example
 * jsonEqual({ valueOf: 'x', a: [1] }, { a: [1], valueOf: 'x' }); // => true
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    const xs = Array.isArray(x);
    if (xs !== Array.isArray(y)) return false;
    if (xs) {
      const xa = x as readonly unknown[];
      const ya = y as readonly unknown[];
      if (xa.length !== ya.length) return false;
      for (let i = 0; i < xa.length; i++) stack.push(xa[i], ya[i]);
      continue;
    }
    const xk = Object.keys(x);
    if (xk.length !== Object.keys(y).length) return false;
    for (const k of xk) {
      if (!Object.hasOwn(y, k)) return false;
      stack.push((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
    }
  }
  return true;
}
