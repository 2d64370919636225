/**
 * The fuzz suite's inputs, by class, as fast-check arbitraries of cases:
 *
 * - `text`: arbitrary text, YAML and JSON token soup;
 * - `eg-text`: structure-aware mutations of Envoy Gateway's translator test inputs (read from
 *   `../shared/eg-testdata`), written back as YAML or JSON, sometimes edited as text;
 * - `eg-objects`: the same mutated objects, handed to the functions that take objects;
 * - `hostile-yaml`: YAML built to hurt: alias bombs, deep nesting, anchors, YAML 1.1 tags,
 *   unterminated collections, control characters, long lines, many documents;
 * - `hostile-objects`: objects made hostile: shared, cyclic, deep, non-JSON members, getters,
 *   frozen, sealed, prototype keys;
 * - `cli`: the command line with arbitrary arguments, files and standard input.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import type { Hostility, NotJsonValue, WireCase, WireInput } from './cases.js';
import type { Target } from './targets.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The project root (this file sits in test/robustness/, or .build/fuzz/test/robustness/). */
function projectRoot(): string {
  let dir = here;
  while (!existsSync(path.join(dir, 'package.json')) || dir.endsWith(`${path.sep}fuzz`))
    dir = path.dirname(dir);
  return dir;
}

/** Envoy Gateway's translator test inputs, parsed, or undefined when ../shared is absent. */
export function egInputs():
  | { readonly files: readonly string[]; readonly values: readonly unknown[] }
  | undefined {
  const dir = path.resolve(projectRoot(), '../shared/eg-testdata/gatewayapi');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.in.yaml'))
    .sort();
  // The yaml package is only used here to turn the test data into values to mutate.
  const values = files.map((f) => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    try {
      return JSON.parse(JSON.stringify(parseYamlLoosely(text))) as unknown;
    } catch {
      return {};
    }
  });
  return { files, values };
}

/** YAML to a value with the `yaml` package, any way it reads (multi-document texts as a list). */
function parseYamlLoosely(text: string): unknown {
  const docs = parseAllDocuments(text);
  const values = (Array.isArray(docs) ? docs : []).map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
  return values.length === 1 ? values[0] : values;
}

// ---------------------------------------------------------------------------------------------
// Strings and scalars that hurt value grammars (durations, quantities, regexps, PEM, base64, …)

const HOSTILE_SCALARS: readonly unknown[] = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u2028',
  '__proto__',
  'constructor',
  'toString',
  '1e2147483648',
  '-1e99999999',
  '1e99999999',
  '-1e2147483648',
  '9223372036854775807',
  '9223372036854775808s',
  '1.5e-1000',
  '0.000000000000000001',
  '1Ei',
  '1E',
  '1e',
  '.5Gi',
  '-0',
  'NaN',
  'Infinity',
  '1h1h1h1h1h1h1h1h1h1h',
  '9999999999999999999h',
  '1.1.1ms',
  '10000000000000000000000000000000000000000000000000000000000s',
  '(a+)+$',
  '((((((((((((((((((((a))))))))))))))))))))',
  '[',
  'a{1000}{1000}{1000}',
  '(?P<n>a)(?P<n>b)',
  '\\p{Nope}',
  '(?i)(?s)(?m)(?U)x',
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  '-----BEGIN CERTIFICATE-----\n',
  '-----BEGIN CERTIFICATE----------END CERTIFICATE-----',
  '====',
  'YQ==YQ==',
  'user:{SHA}',
  'user:{SHA}!!!!\nuser2:$apr1$x$y\n:\n',
  'a'.repeat(5000),
  ' '.repeat(5000),
  '\n'.repeat(2000),
  '*'.repeat(300),
  '*.example.com',
  '::1',
  '999.999.999.999/99',
  'http://[::1',
  -0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  0.1,
  -1,
  4294967296,
  true,
  null,
  [],
  {},
  { __proto__: null },
];

/** A value that JSON can write (for a structural mutation). */
const mutationValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SCALARS) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

// ---------------------------------------------------------------------------------------------
// Structure-aware mutations

type Mutation =
  | { readonly op: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number }
  | { readonly op: 'copy'; readonly at: number; readonly to: number }
  | { readonly op: 'rename'; readonly at: number; readonly key: string }
  | { readonly op: 'wrap'; readonly at: number; readonly array: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: mutationValue }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('copy' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({
    op: fc.constant('rename' as const),
    at: fc.nat(),
    key: fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'toString',
        'valueOf',
        'hasOwnProperty',
        'kind',
        'name',
        'spec',
        'items',
        '<<',
        '',
      ),
      fc.string({ maxLength: 8 }),
    ),
  }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat(), array: fc.boolean() }),
);

/** Every container and key inside a value, parents first (at most `max`). */
function slots(
  root: unknown,
  max = 5000,
): { parent: Record<string | number, unknown>; key: string | number }[] {
  const out: { parent: Record<string | number, unknown>; key: string | number }[] = [];
  const todo: unknown[] = [root];
  for (let v = todo.shift(); v !== undefined && out.length < max; v = todo.shift()) {
    if (typeof v !== 'object' || v === null) continue;
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      out.push({ parent: v as Record<string | number, unknown>, key: k });
      todo.push((v as Record<string | number, unknown>)[k]);
    }
  }
  return out;
}

function setOwn(parent: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a copy of a JSON value. */
export function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const root = { v: JSON.parse(JSON.stringify(value ?? null)) as unknown };
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) break;
    const slot = all[m.at % all.length] as (typeof all)[number];
    const { parent, key } = slot;
    const current = parent[key];
    switch (m.op) {
      case 'replace':
        setOwn(parent, key, JSON.parse(JSON.stringify(m.value ?? null)) as unknown);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (parent !== root) delete parent[key];
        break;
      case 'duplicate':
        if (Array.isArray(parent))
          parent.splice(key as number, 0, JSON.parse(JSON.stringify(current ?? null)));
        break;
      case 'copy': {
        const to = all[m.to % all.length] as (typeof all)[number];
        setOwn(to.parent, to.key, JSON.parse(JSON.stringify(current ?? null)) as unknown);
        break;
      }
      case 'rename':
        if (!Array.isArray(parent) && parent !== root) {
          delete parent[key];
          setOwn(parent, m.key, current);
        }
        break;
      case 'wrap':
        setOwn(parent, key, m.array ? [current] : { [String(key)]: current });
        break;
    }
  }
  return root.v;
}

/** Text edits: delete a span, repeat a line, insert a token. */
type TextEdit = { readonly at: number; readonly length: number; readonly insert: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 40 }),
  insert: fc.constantFrom(
    '',
    '\n',
    '  ',
    '- ',
    ': ',
    '{',
    '[',
    '"',
    "'",
    '&a ',
    '*a ',
    '!!binary ',
    '\t',
    '\r',
    '#',
    '---\n',
    '\ufeff',
  ),
});

function editText(text: string, edits: readonly TextEdit[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % t.length;
    t = t.slice(0, at) + e.insert + t.slice(at + e.length);
  }
  return t;
}

/** A value written as YAML or JSON (the `yaml` package writes what it can; JSON otherwise). */
function written(value: unknown, format: 'yaml' | 'json' | 'yaml-docs'): string {
  try {
    if (format === 'json') return JSON.stringify(value);
    if (format === 'yaml-docs' && Array.isArray(value)) return value.map((v) => stringify(v)).join('---\n');
    return stringify(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile YAML

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

const OBJECT_HEAD =
  'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]\n';

const hostileYaml: fc.Arbitrary<string> = fc.oneof(
  // Alias bombs.
  fc.tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 10 })).map(([levels, width]) => {
    let t = `a0: &a0 [${range(width)
      .map(() => 'lol')
      .join(', ')}]\n`;
    for (let i = 1; i < levels; i += 1)
      t += `a${i}: &a${i} [${range(width)
        .map(() => `*a${i - 1}`)
        .join(', ')}]\n`;
    return t;
  }),
  // Deep nesting, flow and block.
  fc
    .tuple(
      fc.integer({ min: 100, max: 2500 }),
      fc.constantFrom('flow-seq', 'flow-map', 'block-seq', 'block-map', 'mixed'),
    )
    .map(([d, how]) => {
      switch (how) {
        case 'flow-seq':
          return `${'['.repeat(d)}${']'.repeat(d)}`;
        case 'flow-map':
          return `${'{a: '.repeat(d)}1${'}'.repeat(d)}`;
        case 'block-seq':
          return `${'- '.repeat(d)}x\n`;
        case 'block-map':
          return range(Math.min(d, 600))
            .map((i) => `${' '.repeat(i)}a:\n`)
            .join('');
        default:
          return `${OBJECT_HEAD}  timeout: ${'[{a: '.repeat(d / 2)}`;
      }
    }),
  // Many anchors and aliases, many keys.
  fc.integer({ min: 1, max: 1000 }).map(
    (n) =>
      `${OBJECT_HEAD}  x:\n${range(n)
        .map((i) => `    k${i}: &a${i} v\n`)
        .join('')}  y: [${range(n)
        .map((i) => `*a${i}`)
        .join(', ')}]\n`,
  ),
  // YAML 1.1 tags and others, on policy fields.
  fc
    .tuple(
      fc.constantFrom(
        '!!omap',
        '!!set',
        '!!binary',
        '!!timestamp',
        '!!pairs',
        '!!int',
        '!!float',
        '!!bool',
        '!!null',
        '!!str',
        '!custom',
        '!!map',
        '!!seq',
        '!<tag:yaml.org,2002:str>',
        '!!python/object',
      ),
      fc.constantFrom(
        '[a: 1, b: 2]',
        '{a, b}',
        'aGVsbG8=',
        '2001-12-14t21:59:43.10-05:00',
        '1',
        'x',
        '~',
        '[]',
        '{}',
        '10s',
      ),
      fc.constantFrom('timeout', 'timeout: {http: {requestTimeout', 'connection: {bufferLimit', 'rateLimit'),
    )
    .map(([tag, value, field]) =>
      field.includes('{')
        ? `${OBJECT_HEAD}  ${field}: ${tag} ${value}}}\n`
        : `${OBJECT_HEAD}  ${field}: ${tag} ${value}\n`,
    ),
  // Unterminated flow collections and quotes across lines.
  fc
    .tuple(
      fc.constantFrom('[', '{', '"', "'", '[{', '{"a": ['),
      fc.array(fc.constantFrom('a', ',', '\n', ' ', ':', '-', '#', '&x', '*x', '!', '|', '>'), {
        maxLength: 30,
      }),
    )
    .map(([open, rest]) => `a: ${open}${rest.join('')}`),
  // Control characters, BOMs, line separators, tabs.
  fc
    .array(
      fc.constantFrom(
        '\u0000',
        '\u0007',
        '\ufeff',
        '\r',
        '\r\n',
        '\t',
        '\u2028',
        '\u0085',
        '\ud800',
        'a: b\n',
        '- x\n',
        '  ',
        '"\\x41"',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('')),
  // Long lines and many documents.
  fc.integer({ min: 1000, max: 100_000 }).map((n) => `a: ${'x'.repeat(n)}\n`),
  fc.integer({ min: 10, max: 3000 }).map((n) =>
    range(n)
      .map(() => '---\n')
      .join(''),
  ),
  fc.integer({ min: 2, max: 300 }).map((n) =>
    range(n)
      .map((i) => `${OBJECT_HEAD.replace('name: p', `name: p${i % 7}`)}---\n`)
      .join(''),
  ),
  // Repeated keys, merge keys, prototype keys, directives, numbers.
  fc.constantFrom(
    `${OBJECT_HEAD}  timeout: 1\n  timeout: 2\n`,
    `${OBJECT_HEAD}  base: &b {a: 1}\n  m: {<<: *b, <<: [*b, *b]}\n`,
    `${OBJECT_HEAD}  m: {<<: 1}\n`,
    `${OBJECT_HEAD}  m: {<<: *nope}\n`,
    `${OBJECT_HEAD}  __proto__: {polluted: 1}\n  constructor: {prototype: {polluted: 1}}\n`,
    `__proto__:\n  polluted: 1\n`,
    `%YAML 1.1\n---\n${OBJECT_HEAD}`,
    `%TAG ! tag:example.com,2000:\n---\n${OBJECT_HEAD}`,
    `${OBJECT_HEAD}  a: .inf\n  b: -.Inf\n  c: .nan\n  d: 1e400\n  e: ${'9'.repeat(400)}\n`,
    `${OBJECT_HEAD}  a: &x [*x]\n`,
    `? [a, b]\n: c\n`,
    `${OBJECT_HEAD}  a: "one\ntwo\n  three"\n`,
  ),
  // Hostile scalars in a real policy's fields.
  fc
    .tuple(
      fc.constantFrom(
        'timeout: {http: {requestTimeout: %}}',
        'timeout: {tcp: {connectTimeout: %}}',
        'connection: {bufferLimit: %}',
        'requestBuffer: {limit: %}',
        'retry: {perRetry: {timeout: %}}',
        'circuitBreaker: {maxConnections: %}',
        'rateLimit: {global: {rules: [{limit: {requests: %, unit: Second}}]}}',
        'loadBalancer: {type: ConsistentHash, consistentHash: {type: Header, header: {name: %}}}',
      ),
      fc.constantFrom(
        ...HOSTILE_SCALARS.filter((v): v is string => typeof v === 'string' && !v.includes('\n')),
      ),
    )
    .map(([field, value]) => `${OBJECT_HEAD}  ${field.replace('%', JSON.stringify(value))}\n`),
);

// ---------------------------------------------------------------------------------------------
// Hostile objects

const pathArb = fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 8 });

const hostility: fc.Arbitrary<Hostility> = fc.oneof(
  fc.record({ kind: fc.constant('share' as const), from: pathArb, to: pathArb }),
  fc.record({ kind: fc.constant('cycle' as const), at: pathArb, up: fc.nat({ max: 4 }) }),
  fc.record({
    kind: fc.constant('notJson' as const),
    at: pathArb,
    value: fc.constantFrom<NotJsonValue>(
      'date',
      'map',
      'set',
      'bigint',
      'symbol',
      'function',
      'undefined',
      'nan',
      'infinity',
      'hole',
      'getter',
      'instance',
      'symbolKey',
    ),
  }),
  fc.record({
    kind: fc.constant('deep' as const),
    at: pathArb,
    depth: fc.integer({ min: 100, max: 12_000 }),
    arrays: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('doubling' as const),
    at: pathArb,
    levels: fc.integer({ min: 10, max: 60 }),
  }),
);

const weirdString = fc.oneof(
  fc.constantFrom(...HOSTILE_SCALARS.filter((v): v is string => typeof v === 'string')),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'BackendTrafficPolicy',
    'SecurityPolicy',
    'HTTPRoute',
    'Gateway',
    'spec/targetRefs',
    'spec/*/rules',
  ),
);

// ---------------------------------------------------------------------------------------------
// The CLI

const CLI_WORDS = [
  'validate',
  'status',
  'explain',
  'preview',
  'merge',
  'graph',
  'help',
  '--help',
  '-h',
  '--version',
  '',
  'bogus',
  '-',
  '--',
  '---',
  '--=',
  '-o',
  '--output',
  'yaml',
  'json',
  'text',
  '--order',
  'cluster',
  'input',
  'sideways',
  '--admission',
  'reject',
  'report',
  '--gateway',
  'default/eg',
  'a/b/c',
  '--listener',
  'http',
  '--route',
  'HTTPRoute/default/web',
  'HTTPRoute//',
  '--rule',
  '--policy',
  'BackendTrafficPolicy/default/p',
  '--kind',
  '--change',
  '--delete',
  'BackendTrafficPolicy/default/p',
  '__proto__',
  '--type',
  'StrategicMerge',
  'JSONMerge',
  '--format',
  'mermaid',
  'dot',
  '--now',
  '2030-01-01T00:00:00Z',
  'yesterday',
  '--enable-lua',
  '--enable-backend',
  'a.yaml',
  'b.yaml',
  'c.json',
  'missing.yaml',
  '.',
  'dir',
  '../x',
  ' '.repeat(200),
  'x'.repeat(2000),
  '\u0000',
];

// ---------------------------------------------------------------------------------------------
// Cases

/** The indexes of the targets that take an input class. */
function targetsTaking(targets: readonly Target[], takes: Target['takes']): number[] {
  return targets.flatMap((t, i) => (t.takes === takes ? [i] : []));
}

/** One input class: its name and its cases. */
export interface FuzzClass {
  readonly name: string;
  readonly description: string;
  readonly cases: fc.Arbitrary<WireCase>;
}

/**
 * The input classes.
 *
 * @param targets - the targets table
 * @param eg - Envoy Gateway's test inputs (undefined when absent: the classes that need them are left out)
 * @returns the classes
 */
export function fuzzClasses(targets: readonly Target[], eg: ReturnType<typeof egInputs>): FuzzClass[] {
  const textTargets = targetsTaking(targets, 'text');
  const objectTargets = targetsTaking(targets, 'objects');
  const cliTargets = targetsTaking(targets, 'cli');
  const withText = (
    name: string,
    description: string,
    sources: fc.Arbitrary<{ file: string; text: string }[]>,
  ): FuzzClass => ({
    name,
    description,
    cases: fc
      .tuple(fc.constantFrom(...textTargets), sources)
      .map(([target, s]): WireCase => ({ class: name, target, input: { class: 'text', sources: s } })),
  });
  const sourcesOf = (text: fc.Arbitrary<string>) =>
    fc
      .array(text, { minLength: 1, maxLength: 2 })
      .map((texts) => texts.map((t, i) => ({ file: `s${i}.yaml`, text: t })));

  const arbitraryText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          'a',
          'kind',
          ':',
          ' ',
          '  ',
          '\n',
          '- ',
          '{',
          '}',
          '[',
          ']',
          ',',
          '"',
          "'",
          '&a',
          '*a',
          '!',
          '|',
          '>',
          '#',
          '---',
          '...',
          '?',
          '%',
          '@',
          '`',
          '\t',
          '\r',
          'null',
          '1e9',
          '<<',
        ),
        { maxLength: 80 },
      )
      .map((t) => t.join('')),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  );

  const classes: FuzzClass[] = [
    withText('text', 'arbitrary text: graphemes, bytes, YAML and JSON token soup', sourcesOf(arbitraryText)),
    withText(
      'hostile-yaml',
      'YAML built to hurt: bombs, depth, anchors, tags, unterminated collections, control characters',
      sourcesOf(hostileYaml),
    ),
    {
      name: 'hostile-objects',
      description: 'JSON values made shared, cyclic, deep, non-JSON, with getters; frozen, sealed or not',
      cases: fc
        .record({
          target: fc.constantFrom(...objectTargets),
          values: fc.array(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...HOSTILE_SCALARS)), {
            minLength: 1,
            maxLength: 3,
          }),
          strings: fc.array(weirdString, { maxLength: 3 }),
          hostile: fc.array(hostility, { maxLength: 3 }),
          frozen: fc.constantFrom('deep' as const, 'deep' as const, 'sealed' as const, 'none' as const),
        })
        .map(
          ({ target, values, strings, hostile, frozen }): WireCase => ({
            class: 'hostile-objects',
            target,
            input: {
              class: 'objects',
              json: values.map((v) => JSON.stringify(v) ?? 'null'),
              strings,
              hostile,
              frozen,
            },
          }),
        ),
    },
  ];

  if (eg !== undefined && eg.values.length > 0) {
    const picked = fc.record({
      file: fc.nat({ max: eg.values.length - 1 }),
      mutations: fc.array(mutation, { maxLength: 6 }),
    });
    const mutatedValue = picked.map(({ file, mutations }) => mutate(eg.values[file], mutations));
    classes.push(
      withText(
        'eg-text',
        "structural mutations of Envoy Gateway's test inputs, written as YAML or JSON, sometimes edited as text",
        fc
          .array(
            fc.record({
              value: mutatedValue,
              format: fc.constantFrom(
                'yaml' as const,
                'yaml' as const,
                'json' as const,
                'yaml-docs' as const,
              ),
              edits: fc.oneof(
                { weight: 3, arbitrary: fc.constant([] as TextEdit[]) },
                { weight: 1, arbitrary: fc.array(textEdit, { maxLength: 3 }) },
              ),
            }),
            { minLength: 1, maxLength: 2 },
          )
          .map((docs) =>
            docs.map((d, i) => ({
              file: `eg${i}.yaml`,
              text: editText(written(d.value, d.format), d.edits),
            })),
          ),
      ),
      {
        name: 'eg-objects',
        description:
          "objects of Envoy Gateway's test inputs (their policies, one by one), mutated, deep-frozen",
        cases: fc
          .record({
            target: fc.constantFrom(...objectTargets),
            values: fc.array(
              fc
                .record({
                  file: fc.nat({ max: eg.values.length - 1 }),
                  pick: fc.nat(),
                  mutations: fc.array(mutation, { maxLength: 4 }),
                })
                .map(({ file, pick, mutations }) => {
                  // One object of the layout (a policy, a route, …), or the whole layout.
                  const layout = eg.values[file] as Record<string, unknown> | null;
                  const lists =
                    layout === null || typeof layout !== 'object'
                      ? []
                      : Object.values(layout).filter(Array.isArray).flat();
                  const one = lists.length === 0 ? layout : lists[pick % lists.length];
                  return mutate(one, mutations);
                }),
              { minLength: 1, maxLength: 2 },
            ),
            strings: fc.array(weirdString, { maxLength: 3 }),
            frozen: fc.constantFrom('deep' as const, 'sealed' as const),
          })
          .map(
            ({ target, values, strings, frozen }): WireCase => ({
              class: 'eg-objects',
              target,
              input: {
                class: 'objects',
                json: values.map((v) => JSON.stringify(v) ?? 'null'),
                strings,
                hostile: [],
                frozen,
              },
            }),
          ),
      },
    );
  }

  const fileText = fc.oneof(
    arbitraryText,
    hostileYaml,
    ...(eg === undefined
      ? []
      : [fc.nat({ max: eg.files.length - 1 }).map((i) => written(eg.values[i], 'yaml'))]),
  );
  classes.push({
    name: 'cli',
    description: 'gwpolicy with arbitrary arguments, files and standard input',
    cases: fc
      .record({
        target: fc.constantFrom(...cliTargets),
        argv: fc.array(
          fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom(...CLI_WORDS) },
            { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
          ),
          { maxLength: 8 },
        ),
        stdin: fileText,
        a: fileText,
        b: fileText,
      })
      .map(
        ({ target, argv, stdin, a, b }): WireCase => ({
          class: 'cli',
          target,
          input: {
            class: 'cli',
            argv,
            stdin,
            files: [
              ['a.yaml', a],
              ['b.yaml', b],
              ['c.json', JSON.stringify({ kind: 'List', items: [] })],
            ],
          },
        }),
      ),
  });
  return classes;
}

export type { WireInput };
