/**
 * OpenAPI schema validation as the Kubernetes API server (v1.36) does it on a custom resource, in
 * its words: each keyword on a synthetic CRD, then the shipped Envoy Gateway CRDs.
 */

import { loadProfileCrds } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { admitWidget, admitWith, messages } from './_crds.js';

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

describe('each schema keyword, in the API server words', () => {
  test('type', async () => {
    const o = await admitWidget(obj({ n: { type: 'integer' } }), { n: 'x' });
    expect(messages(o)[0]).toBe(
      'spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"',
    );
    expect(o.refused).toBe(true);
    expect(o.findings[0]?.pointer).toBe('/spec/n');
  });

  test('a float where an integer is expected', async () => {
    const o = await admitWidget(obj({ n: { type: 'integer' } }), { n: 1.5 });
    expect(messages(o)[0]).toBe(
      'spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"',
    );
  });

  test('required', async () => {
    const o = await admitWidget(obj({ name: { type: 'string' } }, { required: ['name'] }), {});
    expect(messages(o)[0]).toBe('spec.name: Required value');
    expect(o.findings[0]?.pointer).toBe('/spec/name');
  });

  test('enum', async () => {
    const o = await admitWidget(obj({ mode: { type: 'string', enum: ['A', 'B'] } }), { mode: 'Foo' });
    expect(messages(o)[0]).toBe('spec.mode: Unsupported value: "Foo": supported values: "A", "B"');
  });

  test('pattern (RE2)', async () => {
    const o = await admitWidget(obj({ s: { type: 'string', pattern: '^[a-z]+$' } }), { s: 'A' });
    expect(messages(o)).toEqual(['spec.s: Invalid value: "A": spec.s in body should match \'^[a-z]+$\'']);
  });

  test('format', async () => {
    const o = await admitWidget(obj({ ip: { type: 'string', format: 'ipv4' } }), { ip: '1.2.3' });
    expect(messages(o)).toEqual([
      'spec.ip: Invalid value: "1.2.3": spec.ip in body must be of type ipv4: "1.2.3"',
    ]);
    const ok = await admitWidget(obj({ ip: { type: 'string', format: 'ipv4' } }), { ip: '10.0.0.1' });
    expect(ok.findings).toEqual([]);
  });

  test('an unsupported format is dropped, as the API server drops it', async () => {
    const o = await admitWidget(obj({ s: { type: 'string', format: 'no-such-format' } }), { s: 'x' });
    expect(o.findings).toEqual([]);
  });

  test('minimum and maximum, inclusive and exclusive', async () => {
    const schema = obj({
      a: { type: 'integer', minimum: 0 },
      b: { type: 'integer', maximum: 10, exclusiveMaximum: true },
    });
    const o = await admitWidget(schema, { a: -1, b: 10 });
    expect(messages(o)).toEqual([
      'spec.a: Invalid value: -1: spec.a in body should be greater than or equal to 0',
      'spec.b: Invalid value: 10: spec.b in body should be less than 10',
    ]);
  });

  test('an int32 value out of range', async () => {
    const o = await admitWidget(obj({ n: { type: 'integer', format: 'int32' } }), { n: 2 ** 31 });
    expect(messages(o)).toEqual([
      '<nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.n',
    ]);
  });

  test('minLength and maxLength (counted in characters)', async () => {
    const schema = obj({ a: { type: 'string', minLength: 1 }, b: { type: 'string', maxLength: 3 } });
    const o = await admitWidget(schema, { a: '', b: 'ééééé' });
    expect(messages(o)).toEqual([
      'spec.a: Invalid value: "": spec.a in body should be at least 1 chars long',
      'spec.b: Too long: may not be more than 3 bytes',
    ]);
    expect((await admitWidget(schema, { a: 'x', b: 'ééé' })).findings).toEqual([]);
  });

  test('minItems and maxItems', async () => {
    const schema = obj({
      a: { type: 'array', items: { type: 'string' }, minItems: 1 },
      b: { type: 'array', items: { type: 'string' }, maxItems: 2 },
    });
    const o = await admitWidget(schema, { a: [], b: ['x', 'y', 'z'] });
    expect(messages(o).slice(0, 2)).toEqual([
      'spec.a: Invalid value: 0: spec.a in body should have at least 1 items',
      'spec.b: Too many: 3: must have at most 2 items',
    ]);
  });

  test('x-kubernetes-list-type set: each repeated value once, at its second occurrence', async () => {
    const schema = obj({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } });
    const o = await admitWidget(schema, { l: ['a', 'b', 'a', 'a', 'b'] });
    expect(messages(o)).toEqual(['spec.l[2]: Duplicate value: "a"', 'spec.l[4]: Duplicate value: "b"']);
    expect(o.findings[0]?.pointer).toBe('/spec/l/2');
  });

  test('x-kubernetes-list-type map: duplicate keys', async () => {
    const schema = obj({
      l: {
        type: 'array',
        items: obj({ name: { type: 'string' }, v: { type: 'string' } }, { required: ['name'] }),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      },
    });
    const o = await admitWidget(schema, {
      l: [
        { name: 'x', v: '1' },
        { name: 'x', v: '2' },
      ],
    });
    expect(messages(o)).toEqual(['spec.l[1]: Duplicate value: {"name":"x"}']);
  });

  test('x-kubernetes-int-or-string', async () => {
    const schema = obj({
      p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    });
    expect((await admitWidget(schema, { p: 80 })).findings).toEqual([]);
    expect((await admitWidget(schema, { p: 'http' })).findings).toEqual([]);
    const o = await admitWidget(schema, { p: true });
    expect(messages(o)[0]).toBe(
      'spec.p: Invalid value: "boolean": spec.p in body must be of type integer,string: "boolean"',
    );
  });

  test('x-kubernetes-preserve-unknown-fields keeps what is below it', async () => {
    const schema = obj({ free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } });
    const o = await admitWidget(schema, { free: { anything: { at: 'all' } } });
    expect(o.findings).toEqual([]);
    expect((o.object.spec as { free: unknown }).free).toEqual({ anything: { at: 'all' } });
  });

  test('nullable: null is allowed; a non-nullable null without a default is dropped before validation', async () => {
    const schema = obj({ a: { type: 'string', nullable: true }, b: { type: 'string' } });
    const o = await admitWidget(schema, { a: null, b: null });
    expect(o.findings).toEqual([]);
    expect(o.object.spec).toEqual({ a: null });
  });

  test('a null list item is a type error', async () => {
    const o = await admitWidget(obj({ l: { type: 'array', items: { type: 'string' } } }), { l: ['a', null] });
    expect(messages(o)[0]).toBe(
      'spec.l[1]: Invalid value: "null": spec.l[1] in body must be of type string: "null"',
    );
  });

  test('an enum error stops the CEL rules, with the API server note', async () => {
    const schema = obj(
      { mode: { type: 'string', enum: ['A'] } },
      { 'x-kubernetes-validations': [{ rule: 'false', message: 'never' }] },
    );
    const o = await admitWidget(schema, { mode: 'B' });
    expect(messages(o)).toEqual([
      'spec.mode: Unsupported value: "B": supported values: "A"',
      '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  test('metadata.name must be a DNS subdomain', async () => {
    const { compileCrds } = await import('gateway-policy-sim');
    const { widgetCrd } = await import('./_crds.js');
    const crds = await compileCrds([widgetCrd({ type: 'object' })]);
    const o = admitWith(crds, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'Bad_Name', namespace: 'default' },
      spec: {},
    });
    expect(messages(o)[0]).toMatch(
      /^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
  });

  test('an apiVersion the CRD does not serve is refused and the object left as given', async () => {
    const { compileCrds } = await import('gateway-policy-sim');
    const { widgetCrd, widget } = await import('./_crds.js');
    const crds = await compileCrds([widgetCrd({ type: 'object' })]);
    for (const v of ['example.com/v0', 'example.com/v9']) {
      const input = widget({}, v);
      const o = admitWith(crds, input);
      expect(o.refused).toBe(true);
      expect(o.findings.map((f) => f.code)).toEqual(['GWP-ADMIT-VERSION-NOT-SERVED']);
      expect(o.object).toBe(input);
    }
  });
});

describe('the shipped Envoy Gateway v1.9 CRDs', () => {
  test('the issue example: an unsupported rateLimit type', async () => {
    const { crds } = await loadProfileCrds();
    const o = admitWith(crds!, {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'btp', namespace: 'default' },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }],
        rateLimit: { type: 'Foo' },
      },
    });
    expect(messages(o)[0]).toBe(
      'spec.rateLimit.type: Unsupported value: "Foo": supported values: "Global", "Local"',
    );
    expect(o.findings[0]?.pointer).toBe('/spec/rateLimit/type');
  });

  test('Gateway API kinds are validated by their CRDs: listener names are unique', async () => {
    const { crds } = await loadProfileCrds();
    const o = admitWith(crds!, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'default' },
      spec: {
        gatewayClassName: 'eg',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP' },
          { name: 'http', port: 8080, protocol: 'HTTP' },
        ],
      },
    });
    expect(o.refused).toBe(true);
    expect(messages(o).some((m) => m.startsWith('spec.listeners[1]: Duplicate value: {"name":"http"}'))).toBe(
      true,
    );
  });
});
