/**
 * CPU time and medians, as the admission benches measure them.
 *
 * @packageDocumentation
 */

/**
 * CPU time of the process (user + system, every thread) since `from`, in milliseconds.
 *
 * @param from - `process.cpuUsage()` at the start
 * @returns milliseconds
 */
export function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/**
 * The median of some numbers (0 for none).
 *
 * @param xs - the numbers
 * @returns their median
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
