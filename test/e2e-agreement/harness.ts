/**
 * E2E agreement harness: runs the manifests of Envoy Gateway's end-to-end tests (read from
 * ../shared/eg-testdata/e2e, never copied) on the e2e cluster's setup — the six GatewayClasses
 * with their EnvoyProxies (`config/gatewayclass.yaml`), the EnvoyGateway configuration
 * (`config/envoy-gateaway-config/default.yaml`, the `envoy-gateway-config` ConfigMap) and the base
 * manifests — exactly as a user would hand them to the simulator, and checks the facts of
 * `assertions.yaml` (written by us from the Go tests) against `policyStatus` and `explain`.
 *
 * The only preparation is the one the e2e applier does: `{GATEWAY_CLASS_NAME}` becomes the
 * suite's GatewayClass (`envoy-gateway`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ExplainKind,
  explain,
  type ManifestSource,
  type PolicyKind,
  policyStatus,
  type Resolution,
  simulate,
} from 'gateway-policy-sim';
import { parse } from 'yaml';
import { egTestData } from '../_support/eg-testdata.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The e2e material of Envoy Gateway's test data (`GWP_EG_TESTDATA`, else `../shared/eg-testdata`). */
export const E2E = egTestData('e2e');
export const E2E_PRESENT = existsSync(path.join(E2E, 'tests')) && existsSync(path.join(E2E, 'testdata'));

/** The cluster setup every e2e test runs on, in the order it is installed. */
export const SETUP_FILES: readonly string[] = [
  'config/gatewayclass.yaml',
  'config/envoy-gateaway-config/default.yaml',
  'base/manifests.yaml',
];

interface AncestorRefFact {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
}

export interface StatusFact {
  readonly id: string;
  readonly policyKind: PolicyKind;
  readonly policy: string;
  readonly condition: 'Accepted' | 'Merged' | 'Overridden' | 'Failed';
  readonly message: string;
  readonly ancestor: AncestorRefFact;
}

export interface ExplainFact {
  readonly id: string;
  readonly at: { route: string; rule?: string; listener?: string; gateway?: string };
  readonly kind: PolicyKind;
  readonly equals?: Readonly<Record<string, unknown>>;
  readonly includes?: Readonly<Record<string, unknown>>;
  readonly excludes?: Readonly<Record<string, unknown>>;
  readonly absent?: readonly string[];
  readonly applied?: readonly string[];
  readonly invalid?: string;
}

export interface E2ETest {
  readonly test: string;
  readonly go: string;
  readonly manifests: readonly string[];
  readonly status: readonly StatusFact[];
  readonly explain: readonly ExplainFact[];
}

export interface Assertions {
  readonly controller: string;
  readonly gatewayClass: string;
  readonly tests: readonly E2ETest[];
}

type Raw = Record<string, unknown>;

/** `Kind/name` or `Kind/namespace/name`. */
function splitId(text: string, namespace: string): { kind: string; namespace: string; name: string } {
  const parts = text.split('/');
  if (parts.length === 2) return { kind: parts[0]!, namespace, name: parts[1]! };
  if (parts.length === 3) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  throw new Error(`assertions.yaml: bad id ${text}`);
}

function ancestorOf(text: string, namespace: string): AncestorRefFact {
  const [ref, section] = text.split('#') as [string, string | undefined];
  const { kind, namespace: ns, name } = splitId(ref, namespace);
  return {
    group: 'gateway.networking.k8s.io',
    kind,
    namespace: ns,
    name,
    ...(section === undefined ? {} : { sectionName: section }),
  };
}

/** Reads `assertions.yaml` into typed facts, each with a stable id. */
export function readAssertions(): Assertions {
  const raw = parse(readFileSync(path.join(here, 'assertions.yaml'), 'utf8')) as Raw;
  const ns = raw.namespace as string;
  const tests = (raw.tests as Raw[]).map((t): E2ETest => {
    const name = t.test as string;
    const status = ((t.status as Raw[] | undefined) ?? []).map((s): StatusFact => {
      const p = splitId(s.policy as string, ns);
      const condition = s.condition as StatusFact['condition'];
      return {
        id: `${name}: ${s.policy as string} ${condition} @ ${s.ancestor as string}`,
        policyKind: p.kind as PolicyKind,
        policy: `${p.namespace}/${p.name}`,
        condition,
        message: (s.message as string | undefined) ?? '',
        ancestor: ancestorOf(s.ancestor as string, ns),
      };
    });
    const explainFacts = ((t.explain as Raw[] | undefined) ?? []).map((e): ExplainFact => {
      const at = e.at as Raw;
      const route = splitId(at.route as string, ns);
      const where = [at.route, at.rule === undefined ? '' : `rule ${at.rule as string}`]
        .filter((x) => x !== '')
        .join(' ');
      const checks = ['equals', 'includes', 'excludes', 'absent', 'applied', 'invalid'].filter(
        (k) => e[k] !== undefined,
      );
      return {
        id: `${name}: explain ${e.kind as string} at ${where as string} (${checks.join(', ')})`,
        at: {
          route: `${route.kind}/${route.namespace}/${route.name}`,
          ...(at.rule === undefined ? {} : { rule: String(at.rule) }),
          ...(at.listener === undefined ? {} : { listener: at.listener as string }),
          // Points name their Gateway `Gateway/ns/name`.
          ...(at.gateway === undefined ? {} : { gateway: `Gateway/${at.gateway as string}` }),
        },
        kind: e.kind as PolicyKind,
        ...(e.equals === undefined ? {} : { equals: e.equals as Raw }),
        ...(e.includes === undefined ? {} : { includes: e.includes as Raw }),
        ...(e.excludes === undefined ? {} : { excludes: e.excludes as Raw }),
        ...(e.absent === undefined ? {} : { absent: e.absent as string[] }),
        // Policies are written ns/name here, and named Kind/ns/name in results.
        ...(e.applied === undefined
          ? {}
          : { applied: (e.applied as string[]).map((id) => `${e.kind as string}/${id}`) }),
        ...(e.invalid === undefined ? {} : { invalid: `${e.kind as string}/${e.invalid as string}` }),
      };
    });
    return {
      test: name,
      go: t.go as string,
      manifests: t.manifests as string[],
      status,
      explain: explainFacts,
    };
  });
  return { controller: raw.controller as string, gatewayClass: raw.gatewayClass as string, tests };
}

/** The sources a user would pass for one e2e test: the cluster setup, then the test's manifests. */
export function sourcesOf(test: E2ETest, gatewayClass: string): ManifestSource[] {
  return [...SETUP_FILES, ...test.manifests].map((file) => ({
    file: path.join(E2E, file),
    text: readFileSync(path.join(E2E, file), 'utf8').replaceAll('{GATEWAY_CLASS_NAME}', gatewayClass),
  }));
}

/** Runs one test's input through the simulator as a cluster would see it. */
export function runTest(test: E2ETest, gatewayClass: string): Resolution {
  return simulate(sourcesOf(test, gatewayClass), { order: 'cluster', admission: 'reject' }).resolution;
}

function sameRef(actual: Raw, expected: AncestorRefFact): boolean {
  // cmp.Equal on the ParentReference: every field, a missing one differs from a present one.
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const k of keys) {
    if ((actual as Record<string, unknown>)[k] !== (expected as unknown as Record<string, unknown>)[k])
      return false;
  }
  return true;
}

/** `null` when the fact holds, else what was found instead. */
export function checkStatus(resolution: Resolution, fact: StatusFact, controller: string): string | null {
  const doc = policyStatus(resolution) as unknown as Record<string, Raw[] | undefined>;
  const policy = (doc[fact.policyKind] ?? []).find((p) => {
    const md = p.metadata as Raw;
    return `${md.namespace as string}/${md.name as string}` === fact.policy;
  });
  if (policy === undefined) return 'the policy is not in the status output';
  const ancestors = (((policy.status as Raw | undefined)?.ancestors as Raw[] | null) ?? []).filter(
    (a) => a.controllerName === controller && sameRef(a.ancestorRef as Raw, fact.ancestor),
  );
  const conditions = ancestors.flatMap((a) => (a.conditions as Raw[] | undefined) ?? []);
  const ok = conditions.some((c) => {
    if (fact.condition === 'Failed')
      return c.type === 'Accepted' && c.status === 'False' && String(c.message).includes(fact.message);
    return c.type === fact.condition && c.status === 'True';
  });
  if (ok) return null;
  const all = ((policy.status as Raw | undefined)?.ancestors as Raw[] | null) ?? [];
  return all.length === 0
    ? 'no ancestors'
    : all
        .map(
          (a) =>
            `${JSON.stringify(a.ancestorRef)} ${((a.conditions as Raw[] | undefined) ?? [])
              .map(
                (c) =>
                  `${c.type as string}=${c.status as string}(${c.reason as string}: ${c.message as string})`,
              )
              .join(' ')}`,
        )
        .join('; ');
}

function at(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const step of pointer.split('/').slice(1)) {
    const key = step.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function checkKind(found: ExplainKind | undefined, fact: ExplainFact): string | null {
  const effective = found?.effective ?? {};
  const applied = found?.applied ?? [];
  for (const [pointer, value] of Object.entries(fact.equals ?? {})) {
    const v = at(effective, pointer);
    if (JSON.stringify(v) !== JSON.stringify(value))
      return `${pointer} is ${JSON.stringify(v)}, not ${JSON.stringify(value)}`;
  }
  for (const [pointer, value] of Object.entries(fact.includes ?? {})) {
    const v = at(effective, pointer);
    if (!Array.isArray(v) || !v.includes(value))
      return `${pointer} (${JSON.stringify(v)}) lacks ${String(value)}`;
  }
  for (const [pointer, value] of Object.entries(fact.excludes ?? {})) {
    const v = at(effective, pointer);
    if (Array.isArray(v) && v.includes(value)) return `${pointer} holds ${String(value)}`;
  }
  for (const pointer of fact.absent ?? []) {
    if (at(effective, pointer) !== undefined)
      return `${pointer} is set: ${JSON.stringify(at(effective, pointer))}`;
  }
  if (fact.applied !== undefined && JSON.stringify(applied) !== JSON.stringify(fact.applied))
    return `applied is ${JSON.stringify(applied)}`;
  if (fact.invalid !== undefined) {
    const c = (found?.candidates ?? []).find((x) => x.policy === fact.invalid);
    if (c?.verdict !== 'invalid')
      return `${fact.invalid} is ${c === undefined ? 'not a candidate' : c.verdict}`;
  }
  return null;
}

/** `null` when every point of the fact's place satisfies it (a point explain omits has no policy of the kind). */
export function checkExplain(resolution: Resolution, fact: ExplainFact): string | null {
  const places = resolution.points.filter(
    (p) =>
      p.route === fact.at.route &&
      (fact.at.rule === undefined || p.rule === fact.at.rule) &&
      (fact.at.listener === undefined || p.listenerName === fact.at.listener) &&
      (fact.at.gateway === undefined || p.gateway === fact.at.gateway),
  );
  if (places.length === 0) return 'the route serves no point (it attached nowhere)';
  const result = explain(resolution, { ...fact.at, kind: fact.kind });
  for (const place of places) {
    const p = result.points.find(
      (x) => x.gateway === place.gateway && x.listener === place.listenerName && x.rule === place.rule,
    );
    const err = checkKind(p?.policies[fact.kind], fact);
    if (err !== null) return `${place.gateway} ${place.listenerName} rule ${place.rule}: ${err}`;
  }
  return null;
}
