/**
 * Laws of the YAML fast path: whatever text it takes, it reads as the `yaml` package reads it.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { fastPath, yamlPath } from './_yaml-paths.js';

/** Strings that exercise the scalar styles and the core schema. */
const text = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.lorem({ maxCount: 25 }),
  fc.constantFrom(
    '',
    ' ',
    'a: b',
    'a #b',
    '#x',
    '- x',
    '-1',
    '0o17',
    '0x1F',
    '1e3',
    '.5',
    '~',
    'null',
    'True',
    'yes',
    '.inf',
    '.NaN',
    '1_000',
    'x\ny',
    'x\n\ny\n',
    '  lead',
    'trail  ',
    'line1\n  more\nless\n',
    '\n',
    'é 日本',
    '*.example.com',
    '[a]',
    '{a: 1}',
    'http://x:80/y',
    '--- x',
    `${'word '.repeat(30)}\n  indented\nnext`,
  ),
);
const key = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.constantFrom('items', 'a b', 'a:b', '-k', '1', 'true', '~', 'k #', '__proto__'),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    tie('arr'),
    tie('obj'),
  ),
  arr: fc.array(tie('v'), { maxLength: 4 }),
  obj: fc.dictionary(key, tie('v'), { maxKeys: 4 }),
})).v;
const inner = fc.dictionary(key, value, { maxKeys: 5 });
/** Manifests that become resources (so their values are compared), Lists, and plain maps. */
const manifest = fc.oneof(
  fc
    .tuple(fc.nat(99), inner)
    .map(([n, data]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${n}` }, data })),
  fc.array(fc.tuple(fc.nat(99), inner), { maxLength: 3 }).map((xs) => ({
    apiVersion: 'v1',
    kind: 'List',
    items: xs.map(([n, spec]) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `l${n}` },
      spec,
    })),
  })),
  inner,
);
const style = fc.record({
  lineWidth: fc.constantFrom(0, 20, 80),
  indent: fc.constantFrom(2, 3, 4),
  indentSeq: fc.boolean(),
  defaultStringType: fc.constantFrom(
    'PLAIN' as const,
    'QUOTE_DOUBLE' as const,
    'QUOTE_SINGLE' as const,
    'BLOCK_LITERAL' as const,
    'BLOCK_FOLDED' as const,
  ),
  defaultKeyType: fc.constantFrom(null, 'PLAIN' as const, 'QUOTE_DOUBLE' as const),
});

test.prop([fc.array(manifest, { minLength: 1, maxLength: 3 }), style, fc.boolean()], { numRuns: 400 })(
  'whatever YAML the yaml package writes, in any style, the fast path reads it as the yaml package does, or declines',
  (docs, options, leadingSeparator) => {
    const body = docs.map((d) => stringify(d, options)).join('---\n');
    const source = { file: 'p.yaml', text: `${leadingSeparator ? '---\n' : ''}${body}` };
    const fast = fastPath(source);
    if (fast !== null) expect(fast).toStrictEqual(yamlPath(source));
  },
);

/** Line edits that produce YAML people write by hand (and mistakes). */
const edit = fc.record({
  at: fc.nat(),
  how: fc.constantFrom(
    'indent',
    'dedent',
    'trailing spaces',
    'trailing comment',
    'blank line',
    'comment line',
    'spaces line',
    'wide colon',
    'wide dash',
    'single quotes',
    'double quotes',
    'empty value',
    'drop line',
    'separator',
    'dash alone',
  ),
});

function applyEdit(lines: string[], e: { at: number; how: string }): void {
  const i = e.at % Math.max(1, lines.length);
  const l = lines[i] ?? '';
  const lead = /^ */.exec(l)?.[0] ?? '';
  const edits: Record<string, () => void> = {
    indent: () => lines.splice(i, 1, ` ${l}`),
    dedent: () => lines.splice(i, 1, l.replace(/^ /, '')),
    'trailing spaces': () => lines.splice(i, 1, `${l}  `),
    'trailing comment': () => lines.splice(i, 1, `${l} # c`),
    'blank line': () => lines.splice(i, 0, ''),
    'comment line': () => lines.splice(i, 0, `${lead}# note`),
    'spaces line': () => lines.splice(i, 0, '     '),
    'wide colon': () => lines.splice(i, 1, l.replace(': ', ':   ')),
    'wide dash': () => lines.splice(i, 1, l.replace('- ', '-   ')),
    'single quotes': () => lines.splice(i, 1, l.replace(/: (.+)$/, ": '$1'")),
    'double quotes': () => lines.splice(i, 1, l.replace(/: (.+)$/, ': "$1"')),
    'empty value': () => lines.splice(i, 1, l.replace(/: .+$/, ':')),
    'drop line': () => lines.splice(i, 1),
    separator: () => lines.splice(i, 0, '---'),
    'dash alone': () => lines.splice(i, 1, l.replace(/^( *)- /, `$1-\n$1  `)),
  };
  edits[e.how]?.();
}

test.prop(
  [fc.array(manifest, { minLength: 1, maxLength: 2 }), fc.array(edit, { minLength: 1, maxLength: 3 })],
  {
    numRuns: 400,
  },
)(
  'after hand edits (valid or not), the fast path reads the text as the yaml package does, or declines',
  (docs, edits) => {
    const lines = docs
      .map((d) => stringify(d))
      .join('---\n')
      .split('\n');
    for (const e of edits) applyEdit(lines, e);
    const source = { file: 'e.yaml', text: lines.join('\n') };
    const fast = fastPath(source);
    if (fast !== null) expect(fast).toStrictEqual(yamlPath(source));
  },
);
