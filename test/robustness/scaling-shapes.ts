/**
 * Input shapes whose cost must grow linearly with their size: each builds an input of size n
 * and runs one public function (or the CLI) on it. The fuzz suite checks that 4n costs less than
 * 5 times n (robustness.scaling.test.ts, `npm run fuzz`); docs/robustness.md has the table.
 *
 * Plain TypeScript without runtime imports of the package: the library is passed in, so the same
 * table runs on the sources (vitest), on a build, or in a child process.
 */
import type * as Library from './library.js';

export type Lib = typeof Library;

/** One shape. `build` makes a fresh input (outside the timing); `run` is what is timed. */
export interface ScalingShape<I = unknown> {
  readonly name: string;
  /** The issue or finding it comes from. */
  readonly origin: string;
  /** A size where one run takes a few milliseconds on a slow machine. */
  readonly n: number;
  readonly build: (lib: Lib, n: number) => I;
  readonly run: (lib: Lib, input: I) => unknown;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** GatewayClass `eg` and Gateway `default/eg` with one HTTP listener, as objects. */
const GATEWAY: readonly unknown[] = [
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: 'eg' },
    spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'eg', namespace: 'default' },
    spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
  },
];

/** An HTTPRoute in `default`. */
function route(name: string, spec: unknown): unknown {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'default' },
    spec,
  };
}

/** A BackendTrafficPolicy targeting Gateway `eg` with `n` global rate-limit rules. */
function rateLimitPolicy(name: string, n: number, mergeType?: string): unknown {
  return {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(mergeType === undefined ? {} : { mergeType }),
      rateLimit: {
        global: {
          rules: range(n).map((i) => ({
            clientSelectors: [{ headers: [{ name: `x-user-${i}`, value: `u${i}` }] }],
            limit: { requests: i + 1, unit: 'Second' },
          })),
        },
      },
    },
  };
}

function shape<I>(s: ScalingShape<I>): ScalingShape {
  return s as unknown as ScalingShape;
}

let built = 0;
/** A number not used before in this process. */
function unique(): number {
  built += 1;
  return built;
}

/** A policy of `kind` targeting Gateway `default/eg`, with `spec` besides its targetRefs. */
function policy(kind: string, spec: Record<string, unknown>): unknown {
  return {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind,
    metadata: { name: 'p', namespace: 'default' },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'eg' }], ...spec },
  };
}

/** A shape that simulates the Gateway and the objects made for n. */
function simulated(name: string, origin: string, n: number, objects: (n: number) => unknown[]): ScalingShape {
  return shape({
    name,
    origin,
    n,
    build: (lib, size) => lib.loadObjects([...GATEWAY, ...objects(size)]),
    run: (lib, load) => lib.simulate(load),
  });
}

/** A BackendTrafficPolicy with one local rate-limit rule matching a header by the expression. */
function regexRateLimitPolicy(expr: string): unknown {
  return policy('BackendTrafficPolicy', {
    rateLimit: {
      type: 'Local',
      local: {
        rules: [
          {
            clientSelectors: [{ headers: [{ name: 'x-user', type: 'RegularExpression', value: expr }] }],
            limit: { requests: 1, unit: 'Second' },
          },
        ],
      },
    },
  });
}

// Value grammars Envoy Gateway reads from policies: quantities, durations, htpasswd.
const VALUE_GRAMMAR_SHAPES: readonly ScalingShape[] = [
  simulated(
    'simulate: a quantity of n digits (requestBuffer.limit)',
    'issue 17, cause 3 (bounded parsers)',
    640_000,
    (n) => [policy('BackendTrafficPolicy', { requestBuffer: { limit: `1${'0'.repeat(n)}` } })],
  ),
  // A text not seen before each time: durations are cached by their text.
  simulated(
    'simulate: a duration of n parts (timeout.http.requestTimeout)',
    'issue 17 (bounded parsers)',
    160_000,
    (n) => [
      policy('BackendTrafficPolicy', {
        timeout: { http: { requestTimeout: `${'0s'.repeat(n)}${unique()}s` } },
      }),
    ],
  ),
  // goRegexpError (Go's regexp.Compile errors, limits included), reached through a rate-limit
  // header match of type RegularExpression. A text not seen before each time.
  simulated(
    'goRegexpError: an expression of n nested groups (rateLimit header RegularExpression)',
    'issue 17 (bounded parsers: Go regexp limits)',
    20_000,
    // Non-capturing, so that it compiles (capturing groups nest too deeply past 1,000, and the
    // error message quoting the expression twice would be what is measured).
    (n) => [regexRateLimitPolicy(`${'(?:'.repeat(n)}x${unique()}${')'.repeat(n)}`)],
  ),
  simulated(
    'goRegexpError: an expression of n characters (rateLimit header RegularExpression)',
    'issue 17 (bounded parsers: Go regexp limits)',
    25_000,
    (n) => [regexRateLimitPolicy(`${unique()}${'ab|c*[d-f]{2}'.repeat(Math.ceil(n / 13))}`)],
  ),
  simulated(
    'simulate: an htpasswd Secret of n lines (basicAuth)',
    'issue 17 (bounded parsers)',
    80_000,
    (n) => [
      policy('SecurityPolicy', { basicAuth: { users: { name: 'users' } } }),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'users', namespace: 'default' },
        data: {
          '.htpasswd': btoa(
            range(n)
              .map((i) => `user${i}:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\n`)
              .join(''),
          ),
        },
      },
    ],
  ),
];

/** The shapes, the five of issue 17 first. */
export const SCALING_SHAPES: readonly ScalingShape[] = [
  shape({
    name: 'strategicMerge: lists merged by key',
    origin: 'issue 17, cause 13',
    n: 8000,
    build: (lib, n) => ({
      original: { list: range(n).map((i) => ({ name: `k${i}`, a: i })) },
      patch: { list: range(n).map((i) => ({ name: `k${n - 1 - i}`, b: i })) },
      schema: lib.mergeSchemaFromPaths({ list: { patchStrategy: 'merge', patchMergeKey: 'name' } }),
    }),
    run: (lib, { original, patch, schema }) => lib.strategicMerge(original, patch, schema),
  }),
  shape({
    name: 'strategicMerge: primitive sets with directives',
    origin: 'issue 17, cause 13',
    n: 8000,
    build: (lib, n) => ({
      original: { set: range(n).map((i) => `v${i}`) },
      patch: {
        set: range(n).map((i) => `v${i + n / 2}`),
        '$deleteFromPrimitiveList/set': range(n / 4).map((i) => `v${i}`),
        '$setElementOrder/set': range(n).map((i) => `v${i + n / 2}`),
      },
      schema: lib.mergeSchemaFromPaths({ set: { patchStrategy: 'merge' } }),
    }),
    run: (lib, { original, patch, schema }) => lib.strategicMerge(original, patch, schema),
  }),
  shape({
    name: 'mergePolicies: many rate-limit rules',
    origin: 'issue 17, cause 13',
    n: 1200,
    build: (_lib, n) => ({
      parent: rateLimitPolicy('gw', n),
      route: rateLimitPolicy('route', n, 'StrategicMerge'),
    }),
    run: (lib, { parent, route }) => lib.mergePolicies(parent, route, 'StrategicMerge'),
  }),
  shape({
    name: 'buildTopology: one rule with many backendRefs',
    origin: 'issue 17, cause 13',
    n: 4000,
    build: (lib, n) =>
      lib.loadObjects([
        ...GATEWAY,
        route('web', {
          parentRefs: [{ name: 'eg' }],
          rules: [{ backendRefs: range(n).map((i) => ({ name: `svc-${i}`, port: 80 })) }],
        }),
      ]),
    run: (lib, load) => lib.buildTopology(load),
  }),
  shape({
    name: 'buildTopology: many listeners, each named by sectionName',
    origin: 'issue 17, cause 13',
    n: 4000,
    build: (lib, n) =>
      lib.loadObjects([
        GATEWAY[0],
        {
          ...(GATEWAY[1] as object),
          spec: {
            gatewayClassName: 'eg',
            listeners: range(n).map((i) => ({
              name: `l${i}`,
              protocol: 'HTTP',
              port: 80,
              hostname: `h${i}.example.com`,
            })),
          },
        },
        ...range(n).map((i) => route(`r${i}`, { parentRefs: [{ name: 'eg', sectionName: `l${i}` }] })),
      ]),
    run: (lib, load) => lib.buildTopology(load),
  }),
  shape({
    name: 'loadManifests: YAML anchors and aliases',
    origin: 'issue 17, cause 6',
    n: 2000,
    build: (_lib, n) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${range(n)
        .map((i) => `  k${i}: &a${i} v\n`)
        .join('')}${range(n)
        .map((i) => `  r${i}: *a${i}\n`)
        .join('')}`,
    run: (lib, text) => lib.loadManifests(text, { maxAliasCount: -1 }),
  }),
  shape({
    name: 'gwpolicy validate: a kind of n spaces in a diagnostic line',
    origin: 'issue 17, cause 7',
    n: 800_000,
    build: (_lib, n) => `apiVersion: v1\nkind: "${' '.repeat(n)}x"\nmetadata: {name: a}\n`,
    run: async (lib, text) =>
      lib.cli(['validate', '-'], {
        stdout: () => undefined,
        stderr: () => undefined,
        readStdin: async () => text,
      }),
  }),
  shape({
    name: 'formatExplainText: a message with n line breaks',
    origin: 'issue 17, cause 7',
    n: 8_000_000,
    build: (lib, n) => {
      const result = lib.explain(lib.simulate('').resolution);
      return {
        ...result,
        diagnostics: [{ code: 'GWP-X', severity: 'warning', message: `a${'\n'.repeat(n)}b` }],
      } as Library.ExplainResult;
    },
    run: (lib, result) => lib.formatExplainText(result),
  }),
  shape({
    name: 'loadManifests: test-data layout with many unknown keys',
    origin: 'found while fixing cause 6 (a linear search per key)',
    n: 2000,
    build: (_lib, n) =>
      `gateways: []\n${range(n)
        .map((i) => `unknown${i}: {a: &x${i} 1}\n`)
        .join('')}`,
    run: (lib, text) => lib.loadManifests(text),
  }),
  ...VALUE_GRAMMAR_SHAPES,
];

/**
 * CPU milliseconds of one run (async runs awaited): the process's CPU time, not the wall clock,
 * so that other processes on a shared machine do not count.
 */
async function timeOnce(lib: Lib, s: ScalingShape, n: number): Promise<number> {
  const input = s.build(lib, n);
  // A collected heap first, when the process allows it (the fuzz worker runs with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.cpuUsage();
  await s.run(lib, input);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** A measured ratio. */
export interface ScalingMeasure {
  readonly name: string;
  readonly n: number;
  readonly msN: number;
  readonly ms4N: number;
  readonly ratio: number;
}

/**
 * Times a shape at n and 4n in `k` pairs of runs and keeps the pair with the median ratio: both
 * runs of a pair meet about the same load from other work on the machine. n is doubled from the
 * shape's until a run takes at least `minMs`, so timer noise does not decide the ratio (unless
 * `n` is given).
 *
 * @param lib - the library
 * @param s - the shape
 * @param options - `k` runs per size, `minMs` the least time at n, `n` a size to use as it is
 * @returns the sizes, the times and their ratio
 */
export async function measureScaling(
  lib: Lib,
  s: ScalingShape,
  options: { readonly k?: number; readonly minMs?: number; readonly maxN?: number; readonly n?: number } = {},
): Promise<ScalingMeasure> {
  const { k = 5, minMs = 20, maxN = s.n * 64 } = options;
  let n = options.n ?? s.n;
  // Warm-up: compilation, lazy tables.
  await timeOnce(lib, s, n);
  for (; options.n === undefined; ) {
    const t = Math.min(await timeOnce(lib, s, n), await timeOnce(lib, s, n));
    if (t >= minMs || n >= maxN) break;
    n *= 2;
  }
  // Pairs of runs, n then 4n, so that both sizes of a pair meet the same load; the median pair.
  const pairs: [number, number][] = [];
  for (let i = 0; i < k; i += 1) pairs.push([await timeOnce(lib, s, n), await timeOnce(lib, s, 4 * n)]);
  pairs.sort((a, b) => a[1] / a[0] - b[1] / b[0]);
  const [msN, ms4N] = pairs[Math.floor(pairs.length / 2)] as [number, number];
  return { name: s.name, n, msN, ms4N, ratio: ms4N / msN };
}
