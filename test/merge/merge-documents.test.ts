import { mergeDocuments } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

describe('mergeDocuments', () => {
  test('reads YAML and JSON text and reports dropped fields with the file they came from', () => {
    const r = mergeDocuments(
      '{"kind": "BackendTrafficPolicy", "metadata": {"name": "gw"}, "spec": {"timeout": {"tcp": {"connectTimeout": "5s"}}}}',
      'kind: BackendTrafficPolicy\nmetadata: {name: route}\nspec:\n  bogus: 1\n',
      'JSONMerge',
      { patchFile: 'route.yaml' },
    );
    expect(r.ok).toBe(true);
    expect(r.merged).toStrictEqual({
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'route' },
      spec: { timeout: { tcp: { connectTimeout: '5s' } } },
      status: { ancestors: null },
    });
    expect(r.diagnostics.map((d) => [d.code, d.location?.file, d.location?.pointer])).toEqual([
      ['GWP-MERGE-UNKNOWN-FIELD', 'route.yaml', '/spec/bogus'],
    ]);
  });
  test('bad YAML gives ok: false with a located GWP-MERGE-YAML error, never a throw', () => {
    const r = mergeDocuments('kind: [unclosed', 'kind: X', 'StrategicMerge', { parentFile: 'p.yaml' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'GWP-MERGE-YAML',
      severity: 'error',
      location: { file: 'p.yaml', line: 1 },
    });
  });
  test('a document that is not an object is refused', () => {
    const r = mergeDocuments('- a\n- b\n', '{}', 'JSONMerge');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-MERGE-NOT-AN-OBJECT']);
  });
  test('different kinds merge as the patch kind, with a warning', () => {
    const r = mergeDocuments(
      { kind: 'SecurityPolicy', metadata: { name: 'a' } },
      { kind: 'Widget', metadata: { name: 'b' } },
      'JSONMerge',
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-MERGE-KIND-MISMATCH']);
    expect(r.merged).toStrictEqual({ kind: 'Widget', metadata: { name: 'b' } });
  });
  test('an unknown kind merges with no schema and no Go normalisation', () => {
    const r = mergeDocuments(
      'kind: Widget\nl: [{name: a}]\no: {x: 1}\n',
      'kind: Widget\nl: [{name: b}]\no: {x: null}\n',
      'StrategicMerge',
    );
    expect(r.merged).toStrictEqual({ kind: 'Widget', l: [{ name: 'b' }], o: {} });
  });
  test('a bad merge type is a programmer error', () => {
    expect(() => mergeDocuments('{}', '{}', 'Replace' as 'JSONMerge')).toThrow(/GWP-API-BAD-OPTION/);
  });
});
