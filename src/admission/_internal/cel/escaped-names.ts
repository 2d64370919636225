/**
 * Kubernetes CEL's escaped property names: an object property whose name is a CEL reserved word
 * or holds characters an identifier cannot is reached in a rule under an escaped name
 * (`p1.__namespace__` reads the property `namespace`; `x__dash__y` reads `x-y`), as the API
 * server's CEL library escapes them (k8s.io/apiserver/pkg/cel, escaping.go). The rule's parsed
 * form is rewritten once, at compile time, so every later step (evaluation, the reads of a rule,
 * projection keys, guards) sees the names the objects carry.
 *
 * @packageDocumentation
 */
import type { CelExpr } from './rule-reads.js';

/** The words escaped whole as `__word__`: CEL's reserved words and its literals. */
const RESERVED: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** The escape sequences of characters an identifier cannot hold. */
const SEQUENCES: Readonly<Record<string, string>> = {
  underscores: '__',
  dot: '.',
  dash: '-',
  slash: '/',
};

/**
 * The property name an escaped identifier stands for (`__namespace__` → `namespace`,
 * `a__dash__b` → `a-b`, `__underscores__x` → `__x`); a name without escapes is itself. A `__`
 * that starts no known sequence is left as written (no property is escaped that way, so the
 * rule finds no such property, as on the API server).
 *
 * @param name - a field name as the rule writes it
 * @returns the property name
 * @example
 * unescapePropertyName('__namespace__'); // => 'namespace'
 */
export function unescapePropertyName(name: string): string {
  if (!name.includes('__')) return name;
  if (name.length > 4 && name.startsWith('__') && name.endsWith('__')) {
    const word = name.slice(2, -2);
    if (RESERVED.has(word)) return word;
  }
  return name.replace(/__(underscores|dot|dash|slash)__/g, (_whole, seq: string) => SEQUENCES[seq] ?? _whole);
}

/**
 * Rewrites the field names of every selection (`a.b`, `has(a.b)`) in a parsed rule to the
 * property names they stand for. The expression is the compiler's own fresh copy (decoded or
 * parsed for this call), rewritten in place; an explicit stack, as rules of user CRDs may nest
 * deeply.
 *
 * @param root - the parsed rule
 * @returns the same expression
 */
export function unescapeSelections(root: CelExpr): CelExpr {
  const stack: (CelExpr | undefined)[] = [root];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e === undefined) continue;
    const k = e.exprKind;
    switch (k.case) {
      case 'selectExpr':
        k.value.field = unescapePropertyName(k.value.field);
        stack.push(k.value.operand);
        break;
      case 'callExpr':
        stack.push(k.value.target, ...k.value.args);
        break;
      case 'listExpr':
        stack.push(...k.value.elements);
        break;
      case 'structExpr':
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === 'mapKey') stack.push(entry.keyKind.value);
          stack.push(entry.value);
        }
        break;
      case 'comprehensionExpr':
        stack.push(
          k.value.iterRange,
          k.value.accuInit,
          k.value.loopCondition,
          k.value.loopStep,
          k.value.result,
        );
        break;
      default:
        break;
    }
  }
  return root;
}
