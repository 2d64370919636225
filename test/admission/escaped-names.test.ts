/**
 * Kubernetes CEL's escaped property names (k8s.io/apiserver/pkg/cel, escaping.go): a rule reads
 * the property `namespace` as `__namespace__`, `x-y` as `x__dash__y`. Gateway API's HTTPRoute
 * parentRefs rule relies on it: two parentRefs that differ only by namespace are distinct.
 */
import { admitManifests, loadManifests, loadProfileCrds } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { unescapePropertyName } from '../../src/admission/_internal/cel/escaped-names.js';
import { admitWidget, messages } from './_crds.js';

describe('unescapePropertyName', () => {
  test.each([
    ['__namespace__', 'namespace'],
    ['__in__', 'in'],
    ['__true__', 'true'],
    ['a__dash__b', 'a-b'],
    ['a__dot__b__slash__c', 'a.b/c'],
    ['__underscores__x', '__x'],
    ['plain', 'plain'],
    ['__notreserved__', '__notreserved__'],
  ])('%s reads the property %s', (escaped, name) => {
    expect(unescapePropertyName(escaped)).toBe(name);
  });
});

describe('rules read escaped properties', () => {
  const schema = {
    type: 'object',
    properties: { namespace: { type: 'string' }, 'x-y': { type: 'string' } },
    'x-kubernetes-validations': [
      { rule: "!has(self.__namespace__) || self.__namespace__ != 'bad'", message: 'namespace is bad' },
      { rule: "!has(self.x__dash__y) || self.x__dash__y != 'bad'", message: 'x-y is bad' },
    ],
  };
  test('a value that breaks them is refused with their messages', async () => {
    const o = await admitWidget(schema, { namespace: 'bad', 'x-y': 'bad' });
    expect(messages(o)).toEqual(['spec: Invalid value: namespace is bad', 'spec: Invalid value: x-y is bad']);
  });
  test('a value that keeps them is admitted', async () => {
    const o = await admitWidget(schema, { namespace: 'good', 'x-y': 'good' });
    expect(o.findings).toEqual([]);
  });
});

describe("Gateway API's HTTPRoute parentRefs rule", () => {
  const route = (refs: string): string =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: default}\nspec:\n  parentRefs: ${refs}\n  rules: [{backendRefs: [{name: s, port: 80}]}]\n`;
  const admitted = async (refs: string) => {
    const { crds } = await loadProfileCrds();
    const load = admitManifests(loadManifests(route(refs)), { crds: crds!, fieldValidation: 'strict' });
    return load.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  };

  test('two parentRefs to Gateways of the same name in different namespaces are admitted', async () => {
    expect(await admitted('[{name: gw, namespace: a}, {name: gw, namespace: b}]')).toEqual([]);
  });
  test('the same parentRef twice is refused', async () => {
    const errors = await admitted('[{name: gw, namespace: a}, {name: gw, namespace: a}]');
    expect(errors.join('\n')).toContain('sectionName or port must be unique');
  });
});
