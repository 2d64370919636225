/**
 * `npm run bench:import`: only the cold import measure of bench/run.ts (bench/cold-import.ts),
 * printed and written as `coldImport` into bench/results.json (the other figures kept as they
 * are). Run after `npm run build`; compiled by tsconfig.bench.json to .build/.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureColdImport } from './cold-import.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const m = measureColdImport(root, Number(process.env.GWP_BENCH_IMPORT_RUNS ?? 9));
console.log(
  `cold import of gateway-policy-sim (median of ${m.runs} fresh processes): ${m.importCpuMs} ms CPU, ${m.importWallMs} ms wall inside the process; a whole process ${m.processOverBaselineMs} ms over node -e 0 (target ≤ 100 ms)`,
);
const resultsFile = path.join(root, 'bench', 'results.json');
const results: Record<string, unknown> = existsSync(resultsFile)
  ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>)
  : {};
writeFileSync(resultsFile, `${JSON.stringify({ ...results, coldImport: m }, null, 2)}\n`);
