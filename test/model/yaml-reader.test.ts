/**
 * The loader's YAML reader (shared with `mergeDocuments`): what the `yaml` package's `toJS` used
 * to let through or throw on, and where diagnostics are located.
 */
import { loadManifests } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

const HEAD =
  'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: p}\nspec:\n';

function codes(text: string): [string, number | undefined, number | undefined, string | undefined][] {
  return loadManifests({ file: 'x.yaml', text }).diagnostics.map((d) => [
    d.code,
    d.location?.line,
    d.location?.column,
    d.location?.pointer,
  ]);
}

describe('values that are not JSON data', () => {
  test.each([
    ['!!omap [a: 1]', 'a !!omap collection is not JSON data'],
    ['!!set {a, b}', 'a !!set collection is not JSON data'],
    ['!!pairs [a: 1]', 'a !!pairs collection is not JSON data'],
    ['!!binary aGVsbG8=', 'the !!binary scalar is binary data, not JSON data'],
    ['!!timestamp 2001-12-14', 'the !!timestamp scalar is a date, not JSON data'],
    ['.inf', 'Infinity is not a JSON number'],
  ])('timeout: %s is GWP-LOAD-NOT-JSON at its value, and the document is skipped', (value, reason) => {
    // After the tag, where the `yaml` package's node starts.
    const column = value.startsWith('!!') ? 12 + value.indexOf(' ') + 1 : 12;
    const r = loadManifests({ file: 'x.yaml', text: `${HEAD}  timeout: ${value}\n` });

    expect(r.resources).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        code: 'GWP-LOAD-NOT-JSON',
        severity: 'error',
        message: `not JSON data at /spec/timeout: ${reason}; the document is skipped`,
        // The range ends after the value (the tag is not part of the node).
        location: {
          file: 'x.yaml',
          document: 0,
          line: 5,
          column,
          pointer: '/spec/timeout',
          end: { line: 5, column: 12 + value.length },
        },
      },
    ]);
    expect(r.summary).toEqual({ documents: 1, resources: 0, diagnosed: 1, unknownKinds: 0 });
  });

  test('a mapping key that is a collection is not JSON data (Kubernetes refuses it too)', () => {
    expect(codes(`${HEAD}  ? [a, b]\n  : 1\n`)).toEqual([['GWP-LOAD-NOT-JSON', 5, 5, '/spec']]);
  });
});

describe('aliases', () => {
  test('an unresolved alias is a YAML syntax error of the input, not GWP-LOAD-INTERNAL', () => {
    expect(codes(`${HEAD}  timeout: *nope\n`)).toEqual([['GWP-LOAD-YAML-SYNTAX', 5, 12, '/spec/timeout']]);
  });

  test('an alias inside the node it names is refused (go-yaml: "anchor value contains itself")', () => {
    expect(codes(`${HEAD}  timeout: &t [*t]\n`)).toEqual([
      ['GWP-LOAD-YAML-SYNTAX', 5, 16, '/spec/timeout/0'],
    ]);
  });

  test('an alias names the last anchor of its name before it', () => {
    const r = loadManifests(`${HEAD}  a: &x 1\n  b: *x\n  c: &x 2\n  d: *x\n`);

    expect(r.resources[0]?.object.spec).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  test('merge keys: earlier keys win over merged ones, later keys override them', () => {
    const r = loadManifests(`${HEAD}  base: &b {x: 1, y: 2, z: 3}\n  m: {y: 9, <<: *b, z: 8}\n`);

    expect((r.resources[0]?.object.spec as { m?: unknown } | undefined)?.m).toEqual({ y: 9, x: 1, z: 8 });
  });

  test('a merge of something that is not a mapping is a YAML syntax error', () => {
    expect(codes(`${HEAD}  m: {<<: [1]}\n`)).toEqual([['GWP-LOAD-YAML-SYNTAX', 5, 11, '/spec/m/<<']]);
  });

  test('a document whose aliases make most of a large value is refused as go-yaml refuses it', () => {
    // 200 uses of a 5,001-value list: past 400,000 values go-yaml allows aliases less than 99 %.
    const big = Array.from({ length: 5000 }, (_, i) => `k${i}`).join(', ');
    const uses = Array.from({ length: 200 }, () => '*big').join(', ');
    const text = `${HEAD}  big: &big [${big}]\n  uses: [${uses}]\n`;

    const r = loadManifests({ file: 'x.yaml', text }, { maxAliasCount: -1 });

    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.pointer])).toEqual([
      ['GWP-LOAD-ALIAS-LIMIT', 6, '/spec/uses/80'],
    ]);
    expect(r.diagnostics[0]?.message).toMatch(/^the document contains excessive aliasing/);
    // A smaller share of aliases is read.
    expect(loadManifests(text.replace(/\*big, /g, ''), { maxAliasCount: -1 }).diagnostics).toEqual([]);
  });

  test('keys repeat as the yaml package compares them: every repeated key is reported', () => {
    expect(codes(`${HEAD}  a: 1\n  "a": 2\n  1: x\n  "1": y\n  a: 3\n`)).toEqual([
      ['GWP-LOAD-YAML-SYNTAX', 6, 3, '/spec'],
      ['GWP-LOAD-YAML-SYNTAX', 9, 3, '/spec'],
    ]);
  });
});

describe('locations', () => {
  // Found by fuzzing: after a line break inside an unterminated flow collection, the `yaml`
  // package's line counter missed a line (it said 1:14 for the first, on a 10-character line).
  test.each(['*x*x[>!{>>\n?|}', '"#"[a>\n!&x?a&x,#', '{-?\n}[a\n!*x|!a{'])(
    'every diagnostic of %j lies inside the text',
    (text) => {
      const lines = text.split('\n');
      const r = loadManifests({ file: 'x.yaml', text });

      expect(r.diagnostics.length).toBeGreaterThan(0);
      for (const d of r.diagnostics) {
        const { line = 1, column = 1 } = d.location ?? {};
        expect(line).toBeLessThanOrEqual(lines.length);
        expect(column).toBeLessThanOrEqual((lines[line - 1] as string).length + 1);
      }
    },
  );
});
