import { jsonMerge } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

describe('jsonMerge (RFC 7386)', () => {
  // The test cases of RFC 7386 appendix A.
  const rfcCases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  test.each(rfcCases)('RFC 7386 appendix A: %j patched with %j', (target, patch, expected) => {
    expect(jsonMerge(target, patch)).toStrictEqual(expected);
  });

  test('arrays replace wholesale, nulls inside them included', () => {
    expect(jsonMerge({ l: [1, 2, 3] }, { l: [{ a: null }, null] })).toStrictEqual({ l: [{ a: null }, null] });
  });

  test('the result shares no objects with the inputs', () => {
    const target = { a: { b: [1] } };
    const patch = { c: { d: [2] } };
    const out = jsonMerge(target, patch) as { a: { b: number[] }; c: { d: number[] } };
    out.a.b.push(9);
    out.c.d.push(9);
    expect(target).toStrictEqual({ a: { b: [1] } });
    expect(patch).toStrictEqual({ c: { d: [2] } });
  });

  test('__proto__ members stay plain data on both sides', () => {
    const target = JSON.parse('{"__proto__": {"x": 1}, "keep": true}') as unknown;
    const patch = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"p": 1}}}',
    ) as unknown;
    const out = jsonMerge(target, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(JSON.stringify(out)).toBe(
      '{"__proto__":{"x":1,"polluted":true},"keep":true,"constructor":{"prototype":{"p":1}}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});
