/**
 * The README's `kubectl get` line fetches every kind the simulation reads (issue 11 point 6): when
 * a kind is added to the loader, the line (or the list of kinds it deliberately leaves out) follows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KNOWN_KINDS } from 'gateway-policy-sim';
import { expect, test } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** Kinds the line leaves out, and why. */
const LEFT_OUT: Readonly<Record<string, string>> = {
  EndpointSlice: 'loaded but not read by any rule',
  EnvoyPatchPolicy: 'not simulated',
  HTTPRouteFilter: 'not read by any policy rule',
  EnvoyGateway: 'in the envoy-gateway-config ConfigMap (configmaps)',
  ServiceImport: 'optional API, named in the text after the line',
  ClusterTrustBundle: 'optional API, named in the text after the line',
};

/** `HTTPRoute` → `httproutes`, `BackendTLSPolicy` → `backendtlspolicies`, as kubectl names them. */
function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (k.endsWith('s')) return `${k}es`;
  return `${k}s`;
}

test("the README's kubectl get line names every kind the simulation reads", () => {
  const line = /^kubectl get (\S+) -A -o yaml/m.exec(readme);
  expect(line, 'a `kubectl get … -A -o yaml` line in README.md').not.toBeNull();
  const names = new Set(line![1]!.split(',').map((r) => r.split('.')[0]));
  const missing = KNOWN_KINDS.map((k) => k.kind).filter((k) => !(k in LEFT_OUT) && !names.has(plural(k)));
  expect(missing).toEqual([]);
  for (const k of ['ServiceImport', 'ClusterTrustBundle']) expect(readme).toContain(`${plural(k)}.`);
});
