// `npm run fuzz -- --runs N [--seed S] [--budget MS] [--lib PATH] [--scaling] [--json PATH]`:
// the fuzz suite of test/robustness at length. Cases are split evenly between the input classes,
// each runs in a child process with a time budget (a hang fails the case), and the report gives
// cases and failures per class and per target. Exit status 1 when a case failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { transpileForFuzz } from './transpile-for-fuzz.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    budget: { type: 'string', default: '120000' },
    lib: { type: 'string' },
    scaling: { type: 'boolean', default: false },
    json: { type: 'string', default: '.build/fuzz-report.json' },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const budgetMs = Number(values.budget);
if (!Number.isInteger(runs) || runs < 1 || !Number.isFinite(seed) || !(budgetMs > 0)) {
  console.error(
    'usage: npm run fuzz -- --runs N [--seed S] [--budget MS] [--lib PATH] [--scaling] [--json PATH]',
  );
  process.exit(2);
}

const built = transpileForFuzz();
const dir = path.join(built.outDir, 'test', 'robustness');
const { runFuzz } = await import(path.join(dir, 'driver.js'));
const { egInputs, fuzzClasses } = await import(path.join(dir, 'inputs.js'));
const { FuzzPool } = await import(path.join(dir, 'pool.js'));
const { TARGETS } = await import(path.join(dir, 'targets.js'));
const { SCALING_SHAPES } = await import(path.join(dir, 'scaling-shapes.js'));

const eg = egInputs();
if (eg === undefined)
  console.error('fuzz: ../shared/eg-testdata is absent; the eg-text and eg-objects classes are skipped');
const classes = fuzzClasses(TARGETS, eg);
const lib = values.lib === undefined ? built.lib : path.resolve(values.lib);
const pool = new FuzzPool(built.worker, lib);

console.error(
  `fuzz: ${runs} cases over ${classes.length} classes, seed ${seed}, ${budgetMs} ms a case, library ${path.relative(process.cwd(), lib)}`,
);
const started = Date.now();
let printed = 0;
const report = await runFuzz(pool, TARGETS, classes, {
  runs,
  seed,
  budgetMs,
  onFailure: (f) => {
    console.error(
      `fuzz: FAILED ${f.class} (seed ${f.seed}, index ${f.index}) ${f.target}: ${f.failures.join(' / ')}`,
    );
  },
  onProgress: (done, total, failed) => {
    // After each thousandth case (batches are of 200, and classes need not end on a thousand).
    if (Math.floor(done / 1000) > Math.floor(printed / 1000) || done === total) {
      printed = done;
      const minutes = ((Date.now() - started) / 60000).toFixed(1);
      console.error(`fuzz: ${done}/${total} cases, ${failed} failed, ${minutes} min`);
    }
  },
});

const scaling = [];
if (values.scaling) {
  for (const [i, shape] of SCALING_SHAPES.entries()) {
    const m = await pool.scaling(i, { k: 5, minMs: 20, budgetMs: 600_000 });
    scaling.push(typeof m === 'string' ? { name: shape.name, error: m } : m);
  }
}
pool.close();

const lines = ['| class | cases | failed | minutes | slowest case | what |', '|---|---|---|---|---|---|'];
for (const c of report.classes) {
  lines.push(
    `| ${c.name} | ${c.cases} | ${c.failed} | ${(c.ms / 60000).toFixed(1)} | ${(c.slowestMs / 1000).toFixed(1)} s | ${c.description} |`,
  );
}
const byTarget = new Map();
for (const c of report.classes)
  for (const [t, n] of Object.entries(c.byTarget)) byTarget.set(t, (byTarget.get(t) ?? 0) + n);
lines.push('', '| target (public functions) | cases |', '|---|---|');
for (const [t, n] of [...byTarget].sort((a, b) => b[1] - a[1])) lines.push(`| ${t} | ${n} |`);
if (scaling.length > 0) {
  lines.push('', '| shape | n | n: ms | 4n: ms | 4n/n |', '|---|---|---|---|---|');
  for (const m of scaling) {
    lines.push(
      m.error
        ? `| ${m.name} | | | | ${m.error} |`
        : `| ${m.name} | ${m.n} | ${m.msN.toFixed(1)} | ${m.ms4N.toFixed(1)} | ${m.ratio.toFixed(2)} |`,
    );
  }
}
const cases = report.classes.reduce((n, c) => n + c.cases, 0);
lines.push(
  '',
  `${cases} cases, ${report.failures.length} failed, seed ${seed}, ${(report.ms / 60000).toFixed(1)} minutes`,
);
console.log(lines.join('\n'));
for (const f of report.failures.slice(0, 20)) {
  console.log(
    `\nFAILED ${f.class} (seed ${f.seed}, index ${f.index}) ${f.target}:\n  ${f.failures.join('\n  ')}\n  input: ${f.input}`,
  );
}
mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
writeFileSync(
  values.json,
  `${JSON.stringify({ ...report, runs, budgetMs, scaling, node: process.version }, null, 2)}\n`,
);
process.exit(report.failures.length > 0 ? 1 : 0);
