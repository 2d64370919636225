/**
 * Conformance harness: replays Envoy Gateway's translator test data (read from ../shared, never
 * copied) the way the upstream `TestTranslate` prepares it (catalog §1), and compares policy
 * status with the expected `.out.yaml`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  admitManifests,
  buildTopology,
  loadManifests,
  loadProfileCrds,
  mergeHook,
  type PolicyKind,
  type PolicyStatusDocument,
  policyStatus,
  type Resolution,
  resolvePolicies,
} from 'gateway-policy-sim';
import { parse } from 'yaml';
import { EG_TESTDATA } from '../_support/eg-testdata.js';

/**
 * The v1.9 profile with its CRD set: every object is admitted as in a cluster, except what the
 * translator harness does differently (no defaults, nothing pruned or refused: `--admission
 * report`, the test-data layout's field validation), so the figures are those of the harness.
 */
const PROFILE = await loadProfileCrds();

/** `../shared/eg-testdata` beside the project. */
export const TESTDATA = EG_TESTDATA;
export const TESTDATA_PRESENT = existsSync(path.join(TESTDATA, 'gatewayapi'));

export const STATUS_KEYS = [
  'clientTrafficPolicies',
  'backendTrafficPolicies',
  'securityPolicies',
  'envoyExtensionPolicies',
] as const;
export type StatusKey = (typeof STATUS_KEYS)[number];

/** The kind whose policies each key of the translator output holds (`policyStatus` keys by kind). */
const KIND_OF_STATUS_KEY: Readonly<Record<StatusKey, PolicyKind>> = {
  clientTrafficPolicies: 'ClientTrafficPolicy',
  backendTrafficPolicies: 'BackendTrafficPolicy',
  securityPolicies: 'SecurityPolicy',
  envoyExtensionPolicies: 'EnvoyExtensionPolicy',
};

/** Reasons whose conditions are about attachment, not feature validation (issue 3). */
export const ATTACHMENT_REASONS = new Set([
  'Accepted',
  'Conflicted',
  'TargetNotFound',
  'Overridden',
  'Merged',
  'Aggregated',
  'DeprecatedField',
]);

/** Cases whose upstream flags turn Backend off (catalog §1 step 3). */
const BACKEND_OFF = new Set([
  'backend-invalid-feature-disabled',
  'envoyextensionpolicy-lua-feature-disabled',
  'envoyextensionpolicy-with-extproc-with-backendtlspolicy-shared-secret',
  'envoyextensionpolicy-with-extproc-with-backendtlspolicy-per-resource-secret',
]);

/** Cases whose upstream flags turn Lua EnvoyExtensionPolicies off (catalog §1 step 3). */
const LUA_OFF = new Set(['envoyextensionpolicy-lua-feature-disabled']);

/** The fixtures the upstream harness adds to every case (catalog §1 step 2), as manifests. */
function fixtures(hasGatewayClass: boolean): string {
  const docs: string[] = [];
  if (!hasGatewayClass) {
    docs.push(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: envoy-gateway-class}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}',
    );
  }
  for (let i = 1; i <= 4; i++) {
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: service-${i}, namespace: default}\nspec: {clusterIP: 1.1.1.1, ports: [{name: http, port: 8080, protocol: TCP}, {name: https, port: 8443, protocol: TCP}, {name: tcp, port: 8163, protocol: TCP}, {name: udp, port: 8162, protocol: UDP}]}`,
    );
  }
  docs.push(
    'apiVersion: v1\nkind: Service\nmetadata: {name: mirror-service, namespace: default}\nspec: {clusterIP: 2.2.2.2, ports: [{name: http, port: 8080, protocol: TCP}]}',
    'apiVersion: v1\nkind: Service\nmetadata: {name: otel-collector, namespace: monitoring}\nspec: {clusterIP: 3.3.3.3, ports: [{name: grpc, port: 4317, protocol: TCP}, {name: zipkin, port: 9411, protocol: TCP}]}',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: envoy-gateway}',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: default}',
  );
  return docs.join('\n---\n');
}

/** One test case: the `.in.yaml` path and its name. */
export interface ConformanceCase {
  readonly name: string;
  readonly dir: string;
  readonly input: string;
  readonly output: string;
}

/** Every pair in gatewayapi/ (and gatewayapi-extensions/), sorted by name. */
export function listCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const dir of ['gatewayapi', 'gatewayapi-extensions']) {
    const full = path.join(TESTDATA, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full).sort()) {
      if (!f.endsWith('.in.yaml')) continue;
      const name = f.slice(0, -'.in.yaml'.length);
      const output = path.join(full, `${name}.out.yaml`);
      if (!existsSync(output)) continue;
      out.push({ name, dir, input: path.join(full, f), output });
    }
  }
  return out;
}

/** Runs the engine on a case as the upstream harness would. */
export function runCase(c: ConformanceCase): { resolution: Resolution; status: PolicyStatusDocument } {
  const text = readFileSync(c.input, 'utf8');
  const hasGatewayClass = /^gatewayclass:/im.test(text);
  const sources = [
    { file: c.input, text },
    { file: '<harness fixtures>', text: fixtures(hasGatewayClass) },
  ];
  const load = admitManifests(loadManifests(sources), {
    crds: PROFILE.crds!,
    defaults: false,
    removeRefused: false,
    sources,
  });
  const topology = buildTopology(load, {
    ...(BACKEND_OFF.has(c.name) ? { enableBackend: false } : {}),
    ...(LUA_OFF.has(c.name) ? { enableLua: false } : {}),
  });
  const resolution = resolvePolicies(topology, {
    order: 'input',
    admission: 'report',
    profile: PROFILE,
    merge: mergeHook,
  });
  return { resolution, status: policyStatus(resolution) };
}

/** The expected `.out.yaml`, parsed. Top-level keys matched case-insensitively. */
export function readExpected(c: ConformanceCase): Record<string, unknown> {
  const raw = parse(readFileSync(c.output, 'utf8'), { maxAliasCount: -1 }) as Record<string, unknown> | null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const canonical = STATUS_KEYS.find((s) => s.toLowerCase() === k.toLowerCase()) ?? k;
    out[canonical] = v;
  }
  return out;
}

/** Drops `lastTransitionTime`, and null / empty lists / empty maps (upstream `EquateEmpty`). */
export function normalise(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalise);
    return items.length === 0 ? undefined : items;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (k === 'lastTransitionTime') continue;
      const n = normalise(val);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}

/** A policy's identity and normalised status. */
export interface PolicyEntry {
  readonly id: string;
  readonly status: unknown;
  readonly reasons: readonly string[];
}

export function entries(list: unknown): PolicyEntry[] {
  if (!Array.isArray(list)) return [];
  return list.map((p: { metadata?: { namespace?: string; name?: string }; status?: unknown }) => {
    const status = normalise(p.status ?? null);
    const reasons: string[] = [];
    const ancestors =
      (status as { ancestors?: { conditions?: { reason?: string }[] }[] } | undefined)?.ancestors ?? [];
    for (const a of ancestors) for (const cond of a.conditions ?? []) reasons.push(String(cond.reason));
    return { id: `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`, status, reasons };
  });
}

/** Per-policy comparison of one case. */
export interface PolicyResult {
  readonly key: StatusKey;
  readonly id: string;
  readonly attachmentOnly: boolean;
  readonly match: boolean;
  readonly expected: unknown;
  readonly actual: unknown;
}

export function comparePolicies(
  expected: Record<string, unknown>,
  actual: PolicyStatusDocument,
): PolicyResult[] {
  const results: PolicyResult[] = [];
  for (const key of STATUS_KEYS) {
    const exp = entries(expected[key]);
    const act = entries(actual[KIND_OF_STATUS_KEY[key]]);
    exp.forEach((e, i) => {
      const a = act[i];
      const match =
        a !== undefined &&
        a.id === e.id &&
        JSON.stringify(stable(a.status)) === JSON.stringify(stable(e.status));
      results.push({
        key,
        id: e.id,
        attachmentOnly: e.reasons.every((r) => ATTACHMENT_REASONS.has(r)),
        match,
        expected: e.status,
        actual: a === undefined ? '<missing>' : a.id === e.id ? a.status : `<${a.id} at this position>`,
      });
    });
    // Extra policies we output that upstream does not.
    for (let i = exp.length; i < act.length; i++) {
      results.push({
        key,
        id: act[i]!.id,
        attachmentOnly: true,
        match: false,
        expected: '<absent>',
        actual: act[i]!.status,
      });
    }
  }
  return results;
}

/** Stable JSON with sorted keys, so comparison ignores key order. */
export function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** One BackendTrafficPolicy winner check: an HTTP/GRPC IR route whose metadata lists BTPs. */
export interface WinnerCheck {
  readonly point: string;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
}

/** R6.6: compares the BTPs the IR lists per HTTP/GRPC route with what the engine applies there. */
export function winnerChecks(expected: Record<string, unknown>, resolution: Resolution): WinnerCheck[] {
  const byPoint = new Map(resolution.points.map((p) => [p.key, p]));
  const checks: WinnerCheck[] = [];
  const xds = (expected.xdsIR ?? {}) as Record<string, { http?: { name: string; routes?: unknown[] }[] }>;
  for (const ir of Object.values(xds)) {
    for (const listener of ir?.http ?? []) {
      for (const r of (listener.routes ?? []) as {
        name: string;
        metadata?: {
          kind?: string;
          namespace?: string;
          name?: string;
          policies?: { kind: string; namespace: string; name: string }[];
        };
      }[]) {
        const md = r.metadata;
        if (!md || (md.kind !== 'HTTPRoute' && md.kind !== 'GRPCRoute')) continue;
        const btps = (md.policies ?? [])
          .filter((p) => p.kind === 'BackendTrafficPolicy')
          .map((p) => `${p.kind}/${p.namespace}/${p.name}`);
        if (btps.length === 0) continue;
        const rule = /\/rule\/(\d+)\//.exec(r.name)?.[1];
        const key = `${listener.name}|${md.kind}/${md.namespace}/${md.name}|${rule}`;
        const pp = byPoint.get(key)?.policies.BackendTrafficPolicy;
        checks.push({ point: key, expected: btps, actual: pp ? [pp.applied[0]!] : [] });
      }
    }
  }
  // One IR route per rule × match × hostname: keep one check per point.
  const seen = new Set<string>();
  return checks.filter((c) => {
    if (seen.has(c.point)) return false;
    seen.add(c.point);
    return true;
  });
}
