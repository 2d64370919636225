/**
 * `npm run bench`: times each stage of the pipeline on generated topologies and writes
 * bench/results.json. `JSON.parse` of the same input is printed as the floor.
 *
 * Run after `npm run build`; compiled by tsconfig.bench.json to .build/.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import {
  admitManifests,
  buildTopology,
  createPreviewState,
  createRequestRouter,
  type HttpRequestInput,
  loadManifests,
  loadProfileCrds,
  mergeHook,
  policyStatus,
  preview,
  resolvePolicies,
  routeRequest,
  type SimulateResult,
} from '../src/index.js';
import { createRng } from './_internal/prng.js';
import { measureColdImport } from './cold-import.js';
import { BENCH_CASES, type BenchCase, generateTopology, toJson, toYaml } from './generate.js';

interface CaseResult {
  readonly name: string;
  readonly routes: number;
  readonly policies: number;
  readonly inputMB: number;
  readonly jsonParseMs: number;
  readonly loadMs: number;
  readonly topologyMs: number;
  readonly resolveMs: number;
  readonly statusMs: number;
  /**
   * Admission of every object with the v1.9 CRD set (`admitManifests`: field validation, pruning,
   * defaults, schema and CEL rules), on the loaded resources; the other stages run without it, so
   * their figures stay comparable with earlier runs.
   */
  readonly admissionMs: number;
  /**
   * Garbage collection inside resolve + status, in the run where resolve + status was fastest
   * (Node's `gc` performance entries that start in that window).
   */
  readonly resolveStatusGcMs: number;
  /** `createRequestRouter` on the resolution (built once, reused by every request). */
  readonly routerMs: number;
  /** `routeRequest` with the router: the median over 1,000 generated requests, in microseconds. */
  readonly requestUs: number;
  /** Of those requests, how many reached a route (the others get Envoy's 404 or no listener). */
  readonly requestsRouted: number;
  /**
   * `routeRequest` for one of those requests with 20,000 more bytes of Host in front of its
   * hostname (a virtual host lookup that must stay linear in the Host's length): the median of
   * five, in milliseconds.
   */
  readonly longHostRequestMs: number;
}

/** Every garbage collection of the process, as Node reports it (delivered asynchronously). */
const gcEntries: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcEntries.push({ start: e.startTime, duration: e.duration });
}).observe({ entryTypes: ['gc'] });

/** Lets the observer deliver the entries of the collections so far. */
function gcDelivered(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

function gcWithin(from: number, to: number): number {
  let ms = 0;
  for (const e of gcEntries) if (e.start >= from && e.start < to) ms += e.duration;
  return ms;
}

/** The generated EnvoyExtensionPolicies carry Lua bodies: the bench models an install with Lua on. */
const TOPOLOGY_OPTIONS = { enableLua: true } as const;

const here = path.dirname(fileURLToPath(import.meta.url));
/** .build/bench → project root. */
const root = path.resolve(here, '..', '..');

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

/** Best of `runs` for one stage (the first run warms the JIT). */
function best<T>(runs: number, f: () => T): [T, number] {
  let out: T | undefined;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const [v, ms] = time(f);
    out = v;
    min = Math.min(min, ms);
  }
  return [out as T, min];
}

interface PreviewResultRow {
  readonly name: string;
  readonly fullMs: number;
  /** `createPreviewState(base)`: the engine state incremental previews of the base need. */
  readonly stateMs: number;
  /** A preview with that state (incremental). */
  readonly previewMs: number;
  /** The same preview without a state (the changed kind re-resolved in full). */
  readonly previewWithoutStateMs: number;
  readonly changed: string;
  readonly pointChanges: number;
  readonly statusChanges: number;
}

/** Preview of one edited route-level BackendTrafficPolicy against a full resolution. */
function runPreview(c: BenchCase, runs: number): PreviewResultRow {
  const gen = generateTopology(c.params);
  const text = toJson(gen.objects);
  const load = loadManifests({ file: `${c.name}.json`, text });
  const topology = buildTopology(load, TOPOLOGY_OPTIONS);
  const [resolution, fullMs] = best(runs, () =>
    resolvePolicies(topology, { order: 'cluster', merge: mergeHook }),
  );
  const base: SimulateResult = { load, topology, resolution, diagnostics: [] };
  // The first route-targeting BackendTrafficPolicy that applies somewhere.
  const applied = new Set(resolution.points.flatMap((p) => p.policies.BackendTrafficPolicy?.applied ?? []));
  const target = (topology.policies.get('BackendTrafficPolicy') ?? []).find((p) => {
    const refs = (p.object.spec?.targetRefs ?? []) as readonly { kind?: string }[];
    return refs.some((r) => r.kind === 'HTTPRoute') && applied.has(p.key);
  });
  if (!target) throw new Error('no route-level BackendTrafficPolicy in the bench case');
  const edited = structuredClone(target.object) as { spec: Record<string, unknown> };
  edited.spec.timeout = { http: { requestTimeout: '42s' } };
  const [state, stateMs] = best(runs, () => createPreviewState(base));
  const [result, previewMs] = best(runs, () => preview(base, { upsert: [edited] }, { state }));
  const [plain, previewWithoutStateMs] = best(runs, () => preview(base, { upsert: [edited] }));
  if (state.incrementalPreviews === 0 || !isDeepStrictEqual(plain.changes, result.changes))
    throw new Error('bench: the incremental preview did not run, or differs from the full one');
  return {
    name: c.name,
    fullMs: round(fullMs),
    stateMs: round(stateMs),
    previewMs: round(previewMs),
    previewWithoutStateMs: round(previewWithoutStateMs),
    changed: `BackendTrafficPolicy/${target.namespace}/${target.name}`,
    pointChanges: result.changes.length,
    statusChanges: result.statusChanges.length,
  };
}

/**
 * Each run loads the text afresh, so nothing memoised on the objects of one run (merge results,
 * parsed timestamps, admission findings) helps the next: every stage is timed cold on its data,
 * with the JIT warmed by the earlier runs. The best run of each stage is kept.
 */
async function runCase(c: BenchCase, runs: number): Promise<CaseResult> {
  const gen = generateTopology(c.params);
  const text = toJson(gen.objects);
  const [, jsonParseMs] = best(runs, () => JSON.parse(text));
  let loadMs = Number.POSITIVE_INFINITY;
  let topologyMs = Number.POSITIVE_INFINITY;
  let resolveMs = Number.POSITIVE_INFINITY;
  let statusMs = Number.POSITIVE_INFINITY;
  let admissionMs = Number.POSITIVE_INFINITY;
  let fastest = { ms: Number.POSITIVE_INFINITY, from: 0, to: 0 };
  for (let i = 0; i < runs; i++) {
    const [load, l] = time(() => loadManifests({ file: `${c.name}.json`, text }));
    const [, a] = time(() => admitManifests(load, { crds: CRDS, defaults: true }));
    admissionMs = Math.min(admissionMs, a);
    const [topology, t] = time(() => buildTopology(load, TOPOLOGY_OPTIONS));
    const from = performance.now();
    const [resolution, r] = time(() => resolvePolicies(topology, { order: 'cluster', merge: mergeHook }));
    const [, s] = time(() => policyStatus(resolution));
    if (r + s < fastest.ms) fastest = { ms: r + s, from, to: performance.now() };
    loadMs = Math.min(loadMs, l);
    topologyMs = Math.min(topologyMs, t);
    resolveMs = Math.min(resolveMs, r);
    statusMs = Math.min(statusMs, s);
  }
  await gcDelivered();
  const requests = timeRequests(gen.objects, text, c.name);
  return {
    name: c.name,
    routes: gen.counts.routes,
    policies: gen.counts.policies,
    inputMB: Number((text.length / 1e6).toFixed(1)),
    jsonParseMs: round(jsonParseMs),
    loadMs: round(loadMs),
    topologyMs: round(topologyMs),
    resolveMs: round(resolveMs),
    statusMs: round(statusMs),
    admissionMs: round(admissionMs),
    resolveStatusGcMs: round(gcWithin(fastest.from, fastest.to)),
    ...requests,
  };
}

type Json = Record<string, unknown>;

/**
 * 1,000 requests generated from the case's own routes (a route, one of its rules' paths, its
 * hostname, the port and scheme of a listener its parentRef names, or of the first listener),
 * each answered by `routeRequest` with a router built once; the median time per request.
 */
function timeRequests(
  objects: readonly unknown[],
  text: string,
  name: string,
): Pick<CaseResult, 'routerMs' | 'requestUs' | 'requestsRouted' | 'longHostRequestMs'> {
  const load = loadManifests({ file: `${name}.json`, text });
  const topology = buildTopology(load, TOPOLOGY_OPTIONS);
  const resolution = resolvePolicies(topology, { order: 'cluster', merge: mergeHook });
  const [router, routerMs] = time(() => createRequestRouter(resolution));
  const objs = objects as Json[];
  const listenersOf = new Map<string, Json[]>();
  const lsParent = new Map<string, string>();
  for (const o of objs) {
    const md = o.metadata as Json;
    const spec = o.spec as Json;
    if (o.kind === 'Gateway') listenersOf.set(`${md.namespace}/${md.name}`, spec.listeners as Json[]);
    if (o.kind === 'ListenerSet') {
      const p = spec.parentRef as Json;
      lsParent.set(`${md.namespace}/${md.name}`, `${(p.namespace as string) ?? md.namespace}/${p.name}`);
      listenersOf.set(`${md.namespace}/${md.name}`, spec.listeners as Json[]);
    }
  }
  const routes = objs.filter((o) => o.kind === 'HTTPRoute');
  const rng = createRng(13);
  const requests: { input: HttpRequestInput; gateway: string }[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = routes[rng.int(routes.length)] as Json;
    const md = r.metadata as Json;
    const spec = r.spec as Json;
    const ref = (spec.parentRefs as Json[])[0] as Json;
    const owner = `${(ref.namespace as string) ?? md.namespace}/${ref.name}`;
    const gateway = ref.kind === 'ListenerSet' ? (lsParent.get(owner) ?? owner) : owner;
    const listeners = listenersOf.get(owner) ?? [];
    const l = (listeners.find((x) => x.name === ref.sectionName) ?? listeners[0]) as Json | undefined;
    const rules = spec.rules as Json[];
    const rule = rules[rng.int(rules.length)] as Json;
    const path = (((rule.matches as Json[])[0] as Json).path as Json).value as string;
    const scheme = l?.protocol === 'HTTPS' ? 'https' : 'http';
    requests.push({
      input: {
        method: 'GET',
        url: `${scheme}://${(spec.hostnames as string[])[0]}:${l?.port ?? 80}${path}/item?id=${i}`,
      },
      gateway,
    });
  }
  // Warm the JIT on the first pass, time the second.
  for (const q of requests) routeRequest(router, q.input, { gateway: q.gateway });
  const times: number[] = [];
  let routed = 0;
  for (const q of requests) {
    const t0 = performance.now();
    const a = routeRequest(router, q.input, { gateway: q.gateway });
    times.push(performance.now() - t0);
    if (a.route !== null) routed++;
  }
  times.sort((a, b) => a - b);
  const median = ((times[499] ?? 0) + (times[500] ?? 0)) / 2;
  const first = requests[0]!;
  const long = {
    ...first.input,
    url: first.input.url.replace('://', `://${'a'.repeat(19_999)}.`),
  };
  const longTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    routeRequest(router, long, { gateway: first.gateway });
    longTimes.push(performance.now() - t0);
  }
  longTimes.sort((a, b) => a - b);
  return {
    routerMs: round(routerMs),
    requestUs: Math.round(median * 1000 * 10) / 10,
    requestsRouted: routed,
    longHostRequestMs: Math.round(longTimes[2]! * 100) / 100,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The v1.9 CRD set, loaded once (its CEL rules compile on first use, as in one CLI run). */
const CRDS = (await loadProfileCrds()).crds!;

const runs = Number(process.env.GWP_BENCH_RUNS ?? 3);
// First, while nothing else of this process competes for the machine.
const coldImport = measureColdImport(root, Number(process.env.GWP_BENCH_IMPORT_RUNS ?? 9));
console.log(
  `cold import of gateway-policy-sim (median of ${coldImport.runs} fresh processes): ${coldImport.importCpuMs} ms CPU, ${coldImport.importWallMs} ms wall inside the process; a whole process ${coldImport.processOverBaselineMs} ms over node -e 0 (target ≤ 100 ms)`,
);
const names = (process.env.GWP_BENCH_CASES ?? 'half,large').split(',') as (keyof typeof BENCH_CASES)[];
const cases: CaseResult[] = [];
for (const n of names) {
  const c = BENCH_CASES[n];
  if (!c) throw new Error(`unknown bench case ${n}`);
  const r = await runCase(c, runs);
  cases.push(r);
  console.log(
    `${r.name.padEnd(6)} routes=${r.routes} policies=${r.policies} input=${r.inputMB}MB | JSON.parse ${r.jsonParseMs} ms | load ${r.loadMs} ms | topology ${r.topologyMs} ms | resolve ${r.resolveMs} ms | status ${r.statusMs} ms (of which garbage collection ${r.resolveStatusGcMs} ms in the fastest run) | request router ${r.routerMs} ms, routeRequest median ${r.requestUs} µs (${r.requestsRouted}/1000 routed), with a 20 KB Host ${r.longHostRequestMs} ms | admission ${r.admissionMs} ms = ${(r.admissionMs / r.jsonParseMs).toFixed(1)}× JSON.parse (target 1×)`,
  );
}
const large = cases.find((c) => c.name === 'large');
const half = cases.find((c) => c.name === 'half');
if (large) {
  const ratio = (large.resolveMs + large.statusMs) / large.jsonParseMs;
  console.log(`large: (resolve + status) / JSON.parse = ${ratio.toFixed(2)} (target ≤ 2)`);
}
if (large && half) {
  const total = (c: CaseResult): number => c.loadMs + c.topologyMs + c.resolveMs + c.statusMs;
  console.log(
    `large / half (load + topology + resolve + status) = ${(total(large) / total(half)).toFixed(2)} (target ≤ 2.2)`,
  );
}
/** Loading the same manifests written as multi-document YAML (`toYaml`: the `yaml` package's block style). */
interface YamlRow {
  readonly name: string;
  readonly inputMB: number;
  readonly loadMs: number;
  /** The resources equal those loaded from the JSON text. */
  readonly sameAsJson: boolean;
}

function runYaml(c: BenchCase, runs: number): YamlRow {
  const gen = generateTopology(c.params);
  const yamlText = toYaml(gen.objects);
  const [load, loadMs] = best(runs, () => loadManifests({ file: `${c.name}.yaml`, text: yamlText }));
  const json = loadManifests({ file: `${c.name}.json`, text: toJson(gen.objects) });
  return {
    name: c.name,
    inputMB: Number((yamlText.length / 1e6).toFixed(1)),
    loadMs: round(loadMs),
    sameAsJson:
      load.diagnostics.length === json.diagnostics.length &&
      isDeepStrictEqual(
        load.resources.map((r) => r.object),
        json.resources.map((r) => r.object),
      ),
  };
}

const yaml = names.map((n) => runYaml(BENCH_CASES[n], runs));
for (const y of yaml) {
  console.log(
    `${y.name.padEnd(6)} as YAML: input=${y.inputMB}MB | load ${y.loadMs} ms (${(y.inputMB / (y.loadMs / 1000)).toFixed(1)} MB/s) | same resources as from JSON: ${y.sameAsJson}`,
  );
}
const previewCase = BENCH_CASES[(process.env.GWP_BENCH_PREVIEW ?? 'large') as keyof typeof BENCH_CASES];
const previewRow = previewCase ? runPreview(previewCase, runs) : undefined;
if (previewRow) {
  console.log(
    `preview (${previewRow.name}): edit ${previewRow.changed}: ${previewRow.previewMs} ms with the base's state (made once in ${previewRow.stateMs} ms), ${previewRow.previewWithoutStateMs} ms without, vs full resolution ${previewRow.fullMs} ms = ${((100 * previewRow.previewMs) / previewRow.fullMs).toFixed(1)}% (target ≤ 5%); ${previewRow.pointChanges} point changes, ${previewRow.statusChanges} status changes`,
  );
}
const out = path.join(root, 'bench', 'results.json');
writeFileSync(
  out,
  `${JSON.stringify({ node: process.version, runs, coldImport, cases, yaml, ...(previewRow ? { preview: previewRow } : {}) }, null, 2)}\n`,
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
