/**
 * A session over a bench case split into files by kind (one file per policy kind, the rest in
 * one), then one route-level BackendTrafficPolicy edited four times in its file, against a fresh
 * `simulate` of the same files. Not part of `npm run bench`; run it with
 * `npm run build && npx tsc -p tsconfig.bench.json && node .build/bench/session-measure.js half`.
 */
import { performance } from 'node:perf_hooks';
import { createSession, simulate } from 'gateway-policy-sim';
import { BENCH_CASES, generateTopology } from './generate.js';

const c = BENCH_CASES[(process.argv[2] ?? 'half') as 'half'];
const gen = generateTopology(c.params);
const byFile = new Map<string, unknown[]>();
for (const o of gen.objects as { kind: string }[]) {
  const f = o.kind.endsWith('Policy') && o.kind !== 'BackendTLSPolicy' ? `${o.kind}.json` : 'infra.json';
  byFile.set(f, [...(byFile.get(f) ?? []), o]);
}
const text = (objs: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }, null, 1);
const opts = { topology: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } } as const;
const session = createSession(opts);
let t = performance.now();
for (const [f, objs] of byFile) session.setFile(f, text(objs));
console.log(`initial files one by one: ${Math.round(performance.now() - t)} ms`, session.stats());
t = performance.now();
createSession(opts).setFiles([...byFile].map(([f, objs]) => ({ file: f, text: text(objs) })));
console.log(`initial files with setFiles: ${Math.round(performance.now() - t)} ms`);
const btps = byFile.get('BackendTrafficPolicy.json')! as {
  spec: { targetRefs?: { kind?: string }[]; timeout?: unknown };
}[];
const i = btps.findIndex((p) => (p.spec.targetRefs ?? []).some((r) => r.kind === 'HTTPRoute'));
for (const v of ['41s', '42s', '43s', '44s']) {
  const edited = structuredClone(btps);
  edited[i]!.spec.timeout = { http: { requestTimeout: v } };
  t = performance.now();
  session.setFile('BackendTrafficPolicy.json', text(edited));
  console.log(`edit ${v}: ${Math.round(performance.now() - t)} ms`, session.stats());
}
t = performance.now();
simulate(
  [...byFile].map(([f, objs]) => ({ file: f, text: text(objs) })),
  opts,
);
console.log(`fresh simulate of the same files: ${Math.round(performance.now() - t)} ms`);
