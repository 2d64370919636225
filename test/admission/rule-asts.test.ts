/**
 * The parsed rules shipped with the CRD data (`rule-asts.ts`): each is the rule's text parsed,
 * and a stored form that does not decode falls back to parsing the text.
 */
import { parse } from '@bufbuild/cel';
import { ExprSchema } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { equals } from '@bufbuild/protobuf';
import { RE2JS } from '@bufbuild/re2';
import { describe, expect, test } from 'vitest';
import { kubernetesCelEnv } from '../../src/admission/_internal/cel/cel-environment.js';
import { RuleCompiler } from '../../src/admission/_internal/cel/cel-rules.js';
import { decodeRuleAst, encodeRuleAsts } from '../../src/admission/_internal/cel/rule-asts.js';
import { CRD_DATA } from '../_support/crd-arbitrary.js';

describe('parsed rules shipped with the CRD data', () => {
  const texts = [...new Set(CRD_DATA.nodes.flatMap((n) => (n.v ?? []).map((r) => r.r)))];

  test('every rule has a stored form, and it is the text parsed', () => {
    const asts = CRD_DATA.asts ?? {};
    expect(texts.length).toBeGreaterThan(200);
    for (const t of texts) {
      const stored = asts[t];
      expect(stored, t).toBeDefined();
      const decoded = decodeRuleAst(stored as string);
      expect(decoded !== undefined && equals(ExprSchema, decoded, parse(t).expr), t).toBe(true);
    }
  });

  test('a stored form that does not decode is parsed from the text; a text that does not parse is not stored', () => {
    const env = kubernetesCelEnv({ compile: (p) => RE2JS.compile(p) });
    const broken = new RuleCompiler(env, { 'self.a > 1': '!!not base64 of an Expr!!' });
    const c = broken.compile('self.a > 1');
    expect(c.ok && c.run({ self: new Map([['a', 2n]]) })).toBe(true);
    expect(encodeRuleAsts(['self.a >', 'self.b'])).toEqual({ 'self.b': expect.any(String) });
  });
});
