import { provenanceOf } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

describe('provenanceOf', () => {
  test('maps every leaf to the one source; empty arrays and objects are leaves; array elements by index', () => {
    expect(
      provenanceOf({ a: { b: 1, c: [true, { d: null }] }, e: [], f: {}, 'g/h~': 'x' }, 'ns/p'),
    ).toStrictEqual({
      '/a/b': 'ns/p',
      '/a/c/0': 'ns/p',
      '/a/c/1/d': 'ns/p',
      '/e': 'ns/p',
      '/f': 'ns/p',
      '/g~1h~0': 'ns/p',
    });
  });
  test("a spec that is itself a leaf has the pointer ''", () => {
    expect(provenanceOf({}, 's')).toStrictEqual({ '': 's' });
  });
  test('a __proto__ key is a pointer like any other', () => {
    const p = provenanceOf(JSON.parse('{"__proto__": {"x": 1}}'), 's');
    expect(Object.keys(p)).toEqual(['/__proto__/x']);
  });
});
