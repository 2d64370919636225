/**
 * `node .build/bench/admission-compare.js RUNS DIR…`: admission of the large case by several
 * builds in one process, alternated run by run (each DIR is a copy of a `.build` directory, with
 * `src/index.js` and `bench/generate.js`). Every build meets the same load of the machine, and
 * the same heap, within a second of the others: on a shared machine its CPU times compare better
 * than those of separate processes. Each run loads the text afresh and builds a fresh CRD set, as
 * `bench/admission.ts` does; the first run of each build (its warm-up) is left out of the medians.
 *
 * Run after `npm run build`; compiled by tsconfig.bench.json to .build/.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuMs, median } from './_internal/cpu-time.js';

interface Build {
  loadManifests(source: { file: string; text: string }): unknown;
  loadProfileCrds(): Promise<{ crds?: unknown }>;
  admitManifests(load: unknown, options: { crds: unknown; defaults: boolean }): unknown;
}

const [runsArg, ...dirs] = process.argv.slice(2);
const runs = Number(runsArg);
if (!(runs >= 2) || dirs.length === 0) throw new Error('usage: admission-compare RUNS DIR…');
const url = (dir: string, file: string) => pathToFileURL(path.resolve(dir, file)).href;
const builds: Build[] = [];
for (const d of dirs) builds.push((await import(url(d, 'src/index.js'))) as Build);
const { BENCH_CASES, generateTopology, toJson } = (await import(
  url(dirs[0] as string, 'bench/generate.js')
)) as typeof import('./generate.js');
const text = toJson(generateTopology(BENCH_CASES.large.params).objects);
const parse: number[] = [];
const admit: number[][] = dirs.map(() => []);
for (let i = 0; i < runs; i++) {
  for (const [b, build] of builds.entries()) {
    const load = build.loadManifests({ file: 'large.json', text });
    const crds = (await build.loadProfileCrds()).crds;
    let c0 = process.cpuUsage();
    if (b === 0) {
      JSON.parse(text);
      parse.push(cpuMs(c0));
    }
    c0 = process.cpuUsage();
    build.admitManifests(load, { crds, defaults: true });
    admit[b]?.push(cpuMs(c0));
  }
}
const p = median(parse.slice(1));
console.log(`large: JSON.parse CPU median ${p.toFixed(0)} ms`);
for (const [b, d] of dirs.entries()) {
  const xs = (admit[b] ?? []).slice(1);
  console.log(
    `${d}: admission CPU median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}), ${(median(xs) / p).toFixed(2)}× JSON.parse | ${xs.map((x) => x.toFixed(0)).join(' ')}`,
  );
}
