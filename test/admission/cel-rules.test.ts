/**
 * `x-kubernetes-validations` CEL rules as the API server runs them on create: message,
 * messageExpression, reason, fieldPath, errors while evaluating, rules the simulator cannot run.
 */
import { describe, expect, test } from 'vitest';
import { admitWidget, messages } from './_crds.js';

const withRules = (rules: unknown[], properties: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: { a: { type: 'integer' }, b: { type: 'string' }, ...properties },
  'x-kubernetes-validations': rules,
});

describe('CEL rules', () => {
  test('a failing rule on an object: its message, without the value', async () => {
    const o = await admitWidget(
      withRules([{ rule: 'has(self.a) || has(self.b)', message: 'a or b must be set' }]),
      {},
    );
    expect(messages(o)).toEqual(['spec: Invalid value: a or b must be set']);
    expect(o.findings[0]?.code).toBe('GWP-ADMIT-FIELD-RULE');
    expect(o.refused).toBe(true);
  });

  test('a passing rule leaves no finding', async () => {
    const o = await admitWidget(withRules([{ rule: 'has(self.a) || has(self.b)', message: 'm' }]), { a: 1 });
    expect(o.findings).toEqual([]);
  });

  test('a failing rule on a scalar shows the value; without a message, the rule', async () => {
    const o = await admitWidget(
      {
        type: 'object',
        properties: { b: { type: 'string', 'x-kubernetes-validations': [{ rule: "self != 'x'" }] } },
      },
      { b: 'x' },
    );
    expect(messages(o)).toEqual(['spec.b: Invalid value: "x": failed rule: self != \'x\'']);
  });

  test('integers are CEL ints, and duration() and the strings extension work', async () => {
    const rules = [
      { rule: 'self.a > 1', message: 'a > 1' },
      { rule: "duration(self.b) <= duration('1h')", message: 'at most an hour' },
      { rule: 'self.b.lowerAscii() == self.b', message: 'lower case' },
    ];
    expect((await admitWidget(withRules(rules), { a: 2, b: '30m' })).findings).toEqual([]);
    expect(messages(await admitWidget(withRules(rules), { a: 1, b: '2h' }))).toEqual([
      'spec: Invalid value: a > 1',
      'spec: Invalid value: at most an hour',
    ]);
  });

  test('messageExpression gives the message; a bad one falls back to message', async () => {
    const good = [
      { rule: 'self.a < 10', messageExpression: "'a is ' + string(self.a)", message: 'fallback' },
    ];
    expect(messages(await admitWidget(withRules(good), { a: 12 }))).toEqual(['spec: Invalid value: a is 12']);
    const bad = [{ rule: 'self.a < 10', messageExpression: "''", message: 'fallback' }];
    expect(messages(await admitWidget(withRules(bad), { a: 12 }))).toEqual(['spec: Invalid value: fallback']);
  });

  test('reason and fieldPath shape the error', async () => {
    const rules = [
      { rule: '!has(self.b)', message: 'b is not allowed', reason: 'FieldValueForbidden', fieldPath: '.b' },
      { rule: 'has(self.a)', message: 'a is needed', reason: 'FieldValueRequired', fieldPath: '.a' },
    ];
    const o = await admitWidget(withRules(rules), { b: 'x' });
    expect(messages(o)).toEqual([
      'spec.b: Forbidden: b is not allowed',
      'spec.a: Required value: a is needed',
    ]);
    expect(o.findings.map((f) => f.pointer)).toEqual(['/spec/b', '/spec/a']);
  });

  test('an error while evaluating is the API server error', async () => {
    const o = await admitWidget(withRules([{ rule: 'self.a > 0', message: 'positive' }]), {});
    expect(messages(o)).toEqual(['spec: Invalid value: "object": no such key: a evaluating rule: positive']);
  });

  test('transition rules (oldSelf) do not run on create', async () => {
    const o = await admitWidget(withRules([{ rule: 'self == oldSelf', message: 'immutable' }]), { a: 1 });
    expect(o.findings).toEqual([]);
  });

  test('rules under allOf, in list items and map values run with their paths', async () => {
    const spec = {
      type: 'object',
      properties: {
        l: {
          type: 'array',
          items: {
            type: 'string',
            'x-kubernetes-validations': [{ rule: "self != 'bad'", message: 'not bad' }],
          },
        },
        m: {
          type: 'object',
          additionalProperties: {
            type: 'integer',
            'x-kubernetes-validations': [{ rule: 'self >= 0', message: 'not negative' }],
          },
        },
      },
      allOf: [{ 'x-kubernetes-validations': [{ rule: 'size(self.l) < 3', message: 'short list' }] }],
    };
    const o = await admitWidget(spec, { l: ['ok', 'bad', 'x'], m: { k: -1 } });
    expect(messages(o)).toEqual([
      'spec: Invalid value: short list',
      'spec.l[1]: Invalid value: "bad": not bad',
      'spec.m[k]: Invalid value: -1: not negative',
    ]);
    expect(o.findings.map((f) => f.pointer)).toEqual(['/spec', '/spec/l/1', '/spec/m/k']);
  });

  test('isIP of the Kubernetes library (RE2 matches too)', async () => {
    const rules = [
      { rule: 'self.all(h, !isIP(h))', message: 'no IPs' },
      { rule: "self.all(h, h.matches('^[a-z0-9.]+$'))", message: 'lower case hostnames' },
    ];
    const spec = {
      type: 'object',
      properties: { h: { type: 'array', items: { type: 'string' }, 'x-kubernetes-validations': rules } },
    };
    expect((await admitWidget(spec, { h: ['a.example.com'] })).findings).toEqual([]);
    expect(messages(await admitWidget(spec, { h: ['10.0.0.1', 'A'] }))).toEqual([
      'spec.h: Invalid value: no IPs',
      'spec.h: Invalid value: lower case hostnames',
    ]);
  });

  test('a rule the evaluator cannot handle is one clear warning, never a pass or a crash', async () => {
    const rules = [
      { rule: 'self.?a.orValue(0) > 1', message: 'optional syntax' },
      { rule: 'quantity(self.b).isInteger()', message: 'a Kubernetes library function' },
    ];
    const o = await admitWidget(withRules(rules), { a: 1, b: '1' });
    expect(o.findings.map((f) => [f.code, f.severity])).toEqual([
      ['GWP-ADMIT-RULE-UNCHECKED', 'warning'],
      ['GWP-ADMIT-RULE-UNCHECKED', 'warning'],
    ]);
    expect(o.findings[0]?.message).toContain('self.?a.orValue(0) > 1');
    expect(o.refused).toBe(false);
  });
});
