/**
 * Parsed CEL rules shipped with a CRD set: `@bufbuild/cel`'s parser costs about a millisecond per
 * rule, more than decoding the parsed expression, so the build stores each rule's parsed form
 * (the `cel.expr.Expr` protobuf message, binary, base64) beside its text, and a CRD set decodes it
 * instead of parsing. The text stays the source of truth: a rule without a stored form, or whose
 * form does not decode, is parsed; the plain reference always parses.
 *
 * @packageDocumentation
 */
import { parse } from '@bufbuild/cel';
import { ExprSchema } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { base64Decode, base64Encode } from '@bufbuild/protobuf/wire';
import type { CelExpr } from './rule-reads.js';

/**
 * The parsed forms of rules that parse, by rule text.
 *
 * @param texts - CEL texts
 * @returns base64 of each parsed expression, in text order (texts that do not parse are left out)
 * @example
 * encodeRuleAsts(['self.a > 1'])['self.a > 1']; // => 'Eg…' (base64)
 */
export function encodeRuleAsts(texts: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of texts) {
    if (Object.hasOwn(out, t)) continue;
    let expr: CelExpr;
    try {
      expr = parse(t).expr as CelExpr;
    } catch {
      continue;
    }
    out[t] = base64Encode(toBinary(ExprSchema, expr));
  }
  return out;
}

/**
 * A stored parsed form, decoded.
 *
 * @param encoded - base64 of a `cel.expr.Expr`
 * @returns the expression, or undefined when it does not decode
 * @example
 * decodeRuleAst(encodeRuleAsts(['self.a > 1'])['self.a > 1']!); // => the parsed expression
 */
export function decodeRuleAst(encoded: string): CelExpr | undefined {
  try {
    return fromBinary(ExprSchema, base64Decode(encoded)) as CelExpr;
  } catch {
    return undefined;
  }
}
