/**
 * The cost of a cold `import('gateway-policy-sim')` (the core entry point, from the build in
 * dist/): fresh Node processes, each importing the package by its name once. Reported as medians
 * over the runs: the CPU time the import takes inside the child (`process.cpuUsage`, steady on a
 * shared machine), its wall time, and a whole `node -e "import('gateway-policy-sim')"` process
 * minus a `node -e 0` one.
 */
import { spawnSync } from 'node:child_process';

/** The medians of a cold import, in milliseconds. */
export interface ColdImport {
  readonly runs: number;
  readonly importCpuMs: number;
  readonly importWallMs: number;
  readonly processOverBaselineMs: number;
}

const MEASURE = `const c0 = process.cpuUsage(); const t0 = performance.now();
await import('gateway-policy-sim');
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 }));`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function wallOf(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold import: node ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t0;
}

/**
 * Measures cold imports of the package built in `root`/dist.
 *
 * @param root - the project root (its package.json names the package, so Node resolves it by name)
 * @param runs - fresh processes per measure
 * @returns the medians
 */
export function measureColdImport(root: string, runs: number): ColdImport {
  const cpu: number[] = [];
  const wall: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', MEASURE], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cold import failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout) as { cpu: number; wall: number };
    cpu.push(m.cpu);
    wall.push(m.wall);
    whole.push(wallOf(['-e', "import('gateway-policy-sim')"], root) - wallOf(['-e', '0'], root));
  }
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    runs,
    importCpuMs: round(median(cpu)),
    importWallMs: round(median(wall)),
    processOverBaselineMs: round(median(whole)),
  };
}
