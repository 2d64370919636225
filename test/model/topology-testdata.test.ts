/**
 * Replays Envoy Gateway's translator test data through the loader and buildTopology: every case
 * builds without throwing, and each route parentRef's attachment agrees with the route status
 * Envoy Gateway wrote in the matching `.out.yaml` (accepted, NoMatchingParent,
 * NotAllowedByListeners, NoMatchingListenerHostname), and a route is relevant exactly when it
 * appears in the output.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult, ManifestSource, Topology } from 'gateway-policy-sim';
import * as lib from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { egTestData } from '../_support/eg-testdata.js';

const dir = egTestData('gatewayapi');
const load = (lib as Record<string, unknown>).loadManifests as
  | ((s: ManifestSource) => LoadResult)
  | undefined;
const available = fs.existsSync(dir) && typeof load === 'function';
if (!available) {
  console.warn(
    `topology test-data replay skipped: ${fs.existsSync(dir) ? 'loadManifests is not exported yet' : `${dir} is absent`}`,
  );
}

const ROUTE_KEYS: Readonly<Record<string, string>> = {
  httpRoutes: 'HTTPRoute',
  grpcRoutes: 'GRPCRoute',
  tlsRoutes: 'TLSRoute',
  tcpRoutes: 'TCPRoute',
  udpRoutes: 'UDPRoute',
};
const ATTACHMENT_REASONS = new Set([
  'NoMatchingParent',
  'NotAllowedByListeners',
  'NoMatchingListenerHostname',
]);

interface OutRoute {
  metadata: { name: string; namespace?: string };
  status?: {
    parents?: {
      parentRef: Record<string, unknown>;
      conditions?: { type: string; status: string; reason: string }[];
    }[];
  };
}

/** Disagreements between the topology and the route status in an `.out.yaml`. */
function compare(t: Topology, out: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const outRoutes: [string, OutRoute][] = [];
  for (const [k, kind] of Object.entries(ROUTE_KEYS)) {
    for (const r of (out[k] as OutRoute[] | undefined) ?? []) {
      const key = `${kind}/${r.metadata.namespace ?? 'default'}/${r.metadata.name}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      outRoutes.push([key, r]);
    }
  }
  for (const [key, r] of outRoutes) {
    if ((seen.get(key) ?? 0) > 1) continue; // a repeated key: the topology keeps only the first
    const node = t.routes.get(key);
    if (node === undefined || !node.relevant) {
      problems.push(`${key}: in the output but not relevant`);
      continue;
    }
    for (const st of r.status?.parents ?? []) {
      const pr = st.parentRef;
      const p = node.parentRefs.find(
        (x) =>
          x.name === pr.name &&
          x.namespace === (pr.namespace ?? node.namespace) &&
          x.kind === (pr.kind ?? 'Gateway') &&
          x.sectionName === (pr.sectionName ?? null) &&
          x.port === (pr.port ?? null),
      );
      if (p === undefined) {
        problems.push(`${key}: status parent ${JSON.stringify(pr)} is not a managed parentRef`);
        continue;
      }
      const accepted = st.conditions?.find((c) => c.type === 'Accepted');
      if (accepted === undefined) continue;
      if (accepted.status === 'True' && p.listeners.length === 0) {
        problems.push(
          `${key}#${p.index}: accepted by Envoy Gateway, not attached here (${p.notAttachedReason})`,
        );
      }
      if (
        accepted.status === 'False' &&
        ATTACHMENT_REASONS.has(accepted.reason) &&
        p.notAttachedReason !== accepted.reason
      ) {
        problems.push(
          `${key}#${p.index}: Envoy Gateway says ${accepted.reason}, here ${p.notAttachedReason}`,
        );
      }
    }
  }
  for (const n of t.routes.values()) {
    if (n.relevant && !seen.has(n.key)) problems.push(`${n.key}: relevant here but absent from the output`);
  }
  return problems;
}

describe.skipIf(!available)('topology over Envoy Gateway test data', () => {
  const cases = available ? fs.readdirSync(dir).filter((f) => f.endsWith('.in.yaml')) : [];

  test('every case builds, and route attachment agrees with the route status Envoy Gateway wrote', () => {
    expect(cases.length).toBeGreaterThan(300);
    const problems: string[] = [];
    let routesSeen = 0;
    for (const file of cases) {
      const result = (load as (s: ManifestSource) => LoadResult)({
        file,
        text: fs.readFileSync(path.join(dir, file), 'utf8'),
      });
      const t = lib.buildTopology(result);
      const outFile = path.join(dir, file.replace(/\.in\.yaml$/, '.out.yaml'));
      if (!fs.existsSync(outFile)) continue;
      let out: Record<string, unknown>;
      try {
        out = (parse(fs.readFileSync(outFile, 'utf8'), { maxAliasCount: -1 }) ?? {}) as Record<
          string,
          unknown
        >;
      } catch {
        continue;
      }
      for (const p of compare(t, out)) problems.push(`${file}: ${p}`);
      routesSeen += t.routes.size;
    }
    expect(problems).toEqual([]);
    expect(routesSeen).toBeGreaterThan(300);
  });
});
