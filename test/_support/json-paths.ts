/** Paths to every member and element inside a JSON value (for tests that edit values in place). */

/**
 * Every path to a member or element inside a value, parents before children.
 *
 * @param v - the value
 * @param prefix - the path of `v`
 * @param out - collects the paths
 * @returns the paths
 */
export function memberPaths(
  v: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...prefix, i]);
      memberPaths(x, [...prefix, i], out);
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.push([...prefix, k]);
      memberPaths(x, [...prefix, k], out);
    }
  }
  return out;
}
