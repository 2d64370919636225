/**
 * `node .build/bench/admission.js`: admission alone, for comparing builds. Times `JSON.parse` and
 * `admitManifests` (v1.9 CRD set, defaults on) on one generated case, alternating, each run on a
 * freshly loaded copy with a fresh CRD set (nothing kept from an earlier run: rules compile, and
 * regular expression and rule results are kept, within the run as in one CLI run); prints medians
 * of wall time and of CPU time (steadier on a loaded machine), per-kind times of the last run
 * (GWP_BENCH_KINDS=1) and a digest of the findings and stored objects (two builds must print the
 * same digest).
 *
 * Environment: GWP_BENCH_CASES (default `large`), GWP_BENCH_RUNS (default 7).
 *
 * Run after `npm run build`; compiled by tsconfig.bench.json to .build/.
 */
import { createHash } from 'node:crypto';
import { admitManifests, loadManifests, loadProfileCrds } from '../src/index.js';
import { cpuMs, median } from './_internal/cpu-time.js';
import { BENCH_CASES, generateTopology, toJson } from './generate.js';

const runs = Number(process.env.GWP_BENCH_RUNS ?? 7);
const names = (process.env.GWP_BENCH_CASES ?? 'large').split(',') as (keyof typeof BENCH_CASES)[];
for (const n of names) {
  const c = BENCH_CASES[n];
  if (!c) throw new Error(`unknown bench case ${n}`);
  const text = toJson(generateTopology(c.params).objects);
  const parse: number[] = [];
  const admit: number[] = [];
  const parseCpu: number[] = [];
  const admitCpu: number[] = [];
  let digest = '';
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    JSON.parse(text);
    parseCpu.push(cpuMs(c0));
    parse.push(performance.now() - t0);
    const load = loadManifests({ file: `${c.name}.json`, text });
    const crds = (await loadProfileCrds()).crds!;
    t0 = performance.now();
    c0 = process.cpuUsage();
    const admitted = admitManifests(load, { crds: crds, defaults: true });
    admitCpu.push(cpuMs(c0));
    admit.push(performance.now() - t0);
    if (i === runs - 1) {
      // Untimed: every object's outcome (stored object and findings) and the admitted load.
      const h = createHash('sha256');
      const byKind = new Map<string, { n: number; ms: number; refused: number }>();
      for (const r of load.resources) {
        const t = performance.now();
        const o = crds.admit(r.object, { fieldValidation: 'strict', defaults: true, prune: true });
        const k = byKind.get(r.kind) ?? { n: 0, ms: 0, refused: 0 };
        k.n++;
        k.ms += performance.now() - t;
        if (o?.refused) k.refused++;
        byKind.set(r.kind, k);
        h.update(JSON.stringify(o ?? null));
      }
      for (const r of admitted.resources) h.update(JSON.stringify(r.object));
      for (const d of admitted.diagnostics) h.update(JSON.stringify(d));
      digest = h.digest('hex').slice(0, 16);
      if (process.env.GWP_BENCH_KINDS)
        for (const [k, v] of byKind)
          console.log(`  ${k}: ${v.n} objects, ${v.ms.toFixed(1)} ms, ${v.refused} refused`);
    }
  }
  const p = median(parse);
  const a = median(admit);
  const pc = median(parseCpu);
  const ac = median(admitCpu);
  console.log(
    `${c.name}: wall: JSON.parse median ${p.toFixed(1)} ms (min ${Math.min(...parse).toFixed(1)}), admission median ${a.toFixed(1)} ms (min ${Math.min(...admit).toFixed(1)}), ratio ${(a / p).toFixed(2)}× | CPU: JSON.parse ${pc.toFixed(1)} ms, admission ${ac.toFixed(1)} ms, ratio ${(ac / pc).toFixed(2)}× | digest ${digest}`,
  );
}
