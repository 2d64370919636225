/**
 * Every public function of the package, as a fuzz target: how to call it with a fuzzed input,
 * which typed errors it documents, and whether its result must be plain data. A new public
 * function gets a row here (test/robustness/targets.test.ts fails when an export has none).
 *
 * Plain TypeScript without runtime imports of the package: the worker passes the library in.
 */
import type * as Library from './library.js';

/** The fuzz suite's library: the entry points and the internals it still calls (library.ts). */
export type Lib = typeof Library;
type Source = { readonly file: string; readonly text: string };

/** A fuzzed input, as the worker hands it to a target (objects already built and deep-frozen). */
export type TargetInput =
  | { readonly class: 'text'; readonly sources: readonly Source[] }
  | { readonly class: 'objects'; readonly objects: readonly unknown[]; readonly strings: readonly string[] }
  | {
      readonly class: 'cli';
      readonly argv: readonly string[];
      readonly stdin: string;
      /** Folder holding the case's files (relative FILE arguments are read there). */
      readonly cwd: string;
    };

/** One row: a public function and how to call it. */
export interface Target {
  /** The export(s) it exercises, as named in library.ts (an entry point's, or an internal one). */
  readonly exports: readonly string[];
  readonly takes: TargetInput['class'];
  /** Codes of `GatewayPolicySimError` the function documents for such input; any other throw fails. */
  readonly throws?: readonly string[];
  /** The result must be JSON data (no Map, Set, class instance, function, cycle). */
  readonly plain?: boolean;
  readonly run: (lib: Lib, input: never) => unknown;
}

type TextInput = Extract<TargetInput, { class: 'text' }>;
type ObjectsInput = Extract<TargetInput, { class: 'objects' }>;
type CliInput = Extract<TargetInput, { class: 'cli' }>;

function text(
  exports: readonly string[],
  run: (lib: Lib, input: TextInput) => unknown,
  plain = false,
): Target {
  return { exports, takes: 'text', plain, run: run as Target['run'] };
}
function objects(
  exports: readonly string[],
  run: (lib: Lib, input: ObjectsInput) => unknown,
  options: { readonly throws?: readonly string[]; readonly plain?: boolean } = {},
): Target {
  return { exports, takes: 'objects', ...options, run: run as Target['run'] };
}

const MERGE_TYPES = ['StrategicMerge', 'JSONMerge'] as const;
const POLICY_KINDS = [
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'ClientTrafficPolicy',
  'EnvoyExtensionPolicy',
] as const;

/** A string from the input's strings, or a fallback. */
const str = (input: ObjectsInput, i: number, fallback = ''): string => input.strings[i] ?? fallback;
/** An object from the input's objects (`{}` when there are fewer). */
const obj = (input: ObjectsInput, i: number): unknown => input.objects[i] ?? {};

/** The whole pipeline on text, each stage's result kept. */
function pipeline(lib: Lib, sources: readonly Source[], options: Library.SimulateOptions = {}) {
  const simulated = lib.simulate(sources, options);
  return {
    simulated,
    status: lib.policyStatus(simulated.resolution),
    explained: lib.explain(simulated.resolution),
  };
}

/** A deep-frozen copy, as immer and other state stores freeze what they hold. */
function deepFreeze<T>(value: T): T {
  const todo: unknown[] = [value];
  const seen = new Set<unknown>();
  for (let v = todo.pop(); v !== undefined; v = todo.pop()) {
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) todo.push(k, x);
    } else if (v instanceof Set) {
      for (const x of v) todo.push(x);
    } else {
      for (const k of Reflect.ownKeys(v)) todo.push((v as Record<string | symbol, unknown>)[k]);
    }
    Object.freeze(v);
  }
  return value;
}

/** The rows. */
export const TARGETS: readonly Target[] = [
  // ---- text --------------------------------------------------------------------------------
  text(['loadManifests'], (lib, { sources }) => lib.loadManifests(sources), true),
  text(
    ['loadManifests'],
    (lib, { sources }) => lib.loadManifests(sources[0]?.text ?? '', { maxAliasCount: -1 }),
    true,
  ),
  text(
    ['simulate', 'policyStatus', 'explain', 'formatExplainText', 'lint', 'formatDiagnostic', 'hasErrors'],
    (lib, { sources }) => {
      const { simulated, status, explained } = pipeline(lib, sources);
      return {
        status,
        explained,
        text: lib.formatExplainText(explained),
        lint: lib.lint(simulated.resolution),
        lines: simulated.diagnostics.map(lib.formatDiagnostic),
        errors: lib.hasErrors(simulated.diagnostics),
      };
    },
  ),
  text(['simulate', 'lint', 'policyFindings', 'locateDiagnostics'], (lib, { sources }) => {
    const { simulated } = pipeline(lib, sources);
    const derived = [...lib.policyFindings(simulated.resolution), ...lib.lint(simulated.resolution)];
    return lib.locateDiagnostics(derived, simulated.load, sources);
  }),
  text(['simulate', 'policyStatus'], (lib, { sources }) => {
    const { status } = pipeline(lib, sources, {
      admission: 'report',
      order: 'input',
      topology: { enableLua: true, enableBackend: true },
    });
    return status;
  }),
  text(['simulate', 'explain', 'formatExplainText', 'createPointExplainer'], (lib, { sources }) => {
    const { simulated } = pipeline(lib, sources);
    const explainPoint = lib.createPointExplainer(simulated.resolution);
    const points = simulated.resolution.points.slice(0, 5).map(explainPoint);
    const first = simulated.topology.routes.values().next().value;
    const query = first === undefined ? {} : { route: first.key, kind: 'BackendTrafficPolicy' as const };
    return { points, text: lib.formatExplainText(lib.explain(simulated.resolution, query), { width: 40 }) };
  }),
  text(['simulate', 'preview', 'createPreviewState', 'policyAncestors'], (lib, { sources }) => {
    // The first source is the base; the others are a change, and the base's first resources go.
    const [head, ...rest] = sources;
    const base = lib.simulate(head === undefined ? [] : [head]);
    const gone = base.load.resources.slice(0, 2).map((r) => r.key);
    const change = { sources: rest, delete: [...gone, '__proto__', 'constructor'] };
    const p = lib.preview(base, change);
    // The incremental path (an explicit state) must give the full path's answer.
    const incremental = lib.preview(base, change, { state: lib.createPreviewState(base) });
    const back = lib.preview(p.after, p.inverse);
    const ids = new Set(p.statusChanges.map((c) => c.policy.split('/').slice(1).join('/')));
    return {
      p: { changes: p.changes, statusChanges: p.statusChanges, diagnostics: p.diagnostics },
      back: back.changes.length,
      incrementalChanges: incremental.changes,
      ancestors: [...lib.policyAncestors(p.after.resolution, 'BackendTrafficPolicy', ids)],
    };
  }),
  text(
    [
      'effectiveAt',
      'gatewayPolicyMatchers',
      'condition',
      'accepted',
      'conflicted',
      'targetNotFound',
      'invalid',
      'overridden',
      'merged',
    ],
    (lib, { sources }) => {
      // The testing entry point on a fuzzed input: its points and policies, and strings from it.
      const result = lib.simulate(sources);
      const text = sources[0]?.text.slice(0, 80) ?? '';
      const routes = [...result.topology.routes.keys()].slice(0, 3);
      const policies = [...result.topology.policies.values()]
        .flat()
        .slice(0, 3)
        .map((p) => p.key);
      const points = [...routes.map((r) => `HTTPRoute/${r}`), text, 'Gateway/default/eg'];
      const expected = [
        lib.condition('Accepted', 'True', text, text),
        lib.accepted(text),
        lib.conflicted(),
        lib.targetNotFound(text),
        lib.invalid(),
        lib.overridden(text),
        lib.merged(),
      ];
      const m = lib.gatewayPolicyMatchers;
      return {
        at: points.map((p) => lib.effectiveAt(result, p)),
        effective: points.map((p) => m.toHaveEffectivePolicy(result, p, { BackendTrafficPolicy: {} }).pass),
        conditions: [...policies.map((p) => `BackendTrafficPolicy/${p}`), text].flatMap((p) =>
          expected.map((e) => m.toHaveCondition(result, p, e).pass),
        ),
      };
    },
  ),
  text(['mergeDocuments'], (lib, { sources }) =>
    MERGE_TYPES.map((t) =>
      lib.mergeDocuments(sources[0]?.text ?? '', sources[1]?.text ?? sources[0]?.text ?? '', t),
    ),
  ),
  text(
    ['validate', 'buildTopology', 'resolvePolicies', 'orderPolicies', 'creationSeconds'],
    (lib, { sources }) => {
      const load = lib.loadManifests(sources);
      const topology = lib.buildTopology(load);
      const resolution = lib.resolvePolicies(topology, { order: 'input', admission: 'report' });
      return {
        validate: lib.validate(load),
        ordered: lib.orderPolicies(load.resources, 'cluster', lib.ENVOY_GATEWAY_V1_9).map((r) => r.key),
        seconds: load.resources.map((r) => lib.creationSeconds(r)),
        diagnostics: resolution.diagnostics,
      };
    },
  ),
  text(['simulate', 'lint'], (lib, { sources }) => {
    // State stores (immer) freeze what they hold: a deep-frozen load must simulate as well.
    const load = deepFreeze(lib.loadManifests(sources));
    const simulated = lib.simulate(load);
    return { lint: lib.lint(simulated.resolution), status: lib.policyStatus(simulated.resolution) };
  }),
  text(['plainTargetRefs', 'composeTargets', 'selectorNamespaces', 'gatewaySettings'], (lib, { sources }) => {
    const topology = lib.buildTopology(lib.loadManifests(sources));
    const settings = [...topology.gateways.keys(), 'default/nope', '__proto__'].map((g) =>
      lib.gatewaySettings(topology, g),
    );
    const policies = [...topology.policies.values()].flat().map((policy) => {
      const selectors = policy.object.spec?.targetSelectors;
      return {
        refs: lib.plainTargetRefs(policy.object, policy.namespace),
        targets: lib.composeTargets(topology, policy, null),
        namespaces: (Array.isArray(selectors) ? selectors : []).map((sel) => {
          const found = lib.selectorNamespaces(topology, sel as Library.TargetSelector, policy.namespace);
          return found === null ? null : [...found];
        }),
      };
    });
    return { settings, policies };
  }),
  text(
    ['coveringScopes', 'resourceScope', 'selectObjects', 'selectNamespaces', 'fillTemplate'],
    (lib, { sources }) => {
      const { resolution, topology } = lib.simulate(sources);
      const ladders = resolution.points
        .slice(0, 50)
        .map((point) =>
          POLICY_KINDS.map((kind) =>
            lib.coveringScopes(topology, point, kind).map((s) => lib.resourceScope(s)),
          ),
        );
      // Selectors taken from the input itself, as a policy's targetSelectors would be.
      const selectors = [...topology.policies.values()]
        .flat()
        .flatMap((p) => (Array.isArray(p.object.spec?.targetSelectors) ? p.object.spec.targetSelectors : []))
        .slice(0, 20) as Library.TargetSelector[];
      const selected = selectors.map((sel) => {
        const namespaces = lib.selectNamespaces(topology, sel.namespaces?.selector ?? null);
        const query = { kind: String(sel.kind ?? 'HTTPRoute'), matchLabels: sel.matchLabels ?? {} };
        return [[...namespaces], lib.selectObjects(topology, query, namespaces).length];
      });
      const text = sources[0]?.text.slice(0, 200) ?? '';
      return { ladders, selected, filled: lib.fillTemplate(text, { a: text, name: '{name}' }) };
    },
  ),
  text(['createRequestRouter', 'routeRequest', 'formatRequestText'], (lib, { sources }) => {
    const { resolution } = lib.simulate(sources);
    const router = lib.createRequestRouter(resolution);
    // Requests to the routes' own hostnames and paths, and a few others.
    const hosts = [...resolution.topology.routes.values()].flatMap((r) => r.hostnames).slice(0, 3);
    const urls = [
      ...hosts.map((h) => `http://${h.replace('*', 'a')}/`),
      'https://example.com/a/b?c=d',
      'http://[::1]:8080/%zz',
    ];
    return urls.map((url) => {
      const answer = lib.routeRequest(router, {
        method: 'GET',
        url,
        headers: [
          ['x-user', 'a'],
          ['Host', hosts[0] ?? 'x'],
        ],
      });
      return { answer, text: lib.formatRequestText(answer, { width: 60 }) };
    });
  }),
  text(
    ['loadProfileCrds', 'preloadGoRegexp', 'admitManifests', 'simulate', 'policyFindings', 'policyDrift'],
    async (lib, { sources }) => {
      // The CRD admission layer: schemas, CEL rules, defaults, field validation; Go's regexp
      // machinery loaded, so that every expression is checked.
      await lib.preloadGoRegexp();
      const profile = await lib.loadProfileCrds();
      const crds = profile.crds;
      if (crds === undefined) throw new Error('the profile carries no CRD set');
      const simulated = lib.simulate(sources, { profile, fieldValidation: 'warn' });
      return {
        admitted: lib.admitManifests(lib.loadManifests(sources), { crds, fieldValidation: 'strict' }),
        status: lib.policyStatus(simulated.resolution),
        findings: lib.policyFindings(simulated.resolution),
        drift: lib.policyDrift(simulated.resolution, simulated.load.resources),
      };
    },
  ),
  {
    exports: ['compileCrds'],
    takes: 'text',
    throws: ['GWP-API-BAD-ARGUMENT'],
    run: (async (lib: Lib, { sources }: TextInput) => {
      const crds = await lib.compileCrds(lib.loadManifests(sources).resources.map((r) => r.object));
      return crds.admit === undefined ? null : 'compiled';
    }) as Target['run'],
  },
  text(['readManifestFiles'], async (lib, { sources }) =>
    lib.readManifestFiles(['-', '-'], { readStdin: async () => sources[0]?.text ?? '' }),
  ),

  // ---- objects (deep-frozen by the worker) ---------------------------------------------------
  objects(['loadObjects'], (lib, input) => lib.loadObjects(input.objects, { file: 'objects' }), {
    plain: true,
  }),
  objects(['loadObjects', 'simulate', 'policyStatus', 'lint'], (lib, input) => {
    const simulated = lib.simulate(lib.loadObjects(input.objects), { admission: 'report' });
    return { status: lib.policyStatus(simulated.resolution), lint: lib.lint(simulated.resolution) };
  }),
  text(
    ['createSession'],
    (lib, { sources }) => {
      // Every source set, edited (its first half), deleted; pending edits previewed on the way.
      const session = lib.createSession();
      for (const s of sources) session.setFile(s.file, s.text);
      lib.createSession().setFiles(sources);
      const [first] = sources;
      const pending =
        first === undefined
          ? null
          : session.previewEdits([{ file: first.file, text: first.text.slice(0, first.text.length >> 1) }]);
      if (first !== undefined) session.setFile(first.file, first.text.slice(0, first.text.length >> 1));
      const status = session.status();
      for (const s of sources) session.deleteFile(s.file);
      return {
        status,
        pending: pending === null ? null : { changes: pending.changes, statusChanges: pending.statusChanges },
        diagnostics: session.diagnostics(),
        stats: session.stats(),
      };
    },
    true,
  ),
  objects(['statusOf'], (lib, input) => {
    const result = lib.simulate('');
    return input.strings.map((ref) => lib.statusOf(result, ref));
  }),
  text(
    ['simulate', 'statusOf'],
    (lib, { sources }) => {
      const result = lib.simulate(sources);
      const ids = lib.POLICY_KINDS.flatMap((k) => result.resolution.kinds[k].processed);
      return [...ids.slice(0, 5), ...ids.slice(0, 2).map((id) => `${id}x`)].map((id) =>
        lib.statusOf(result, id),
      );
    },
    true,
  ),
  objects(['preview'], (lib, input) => {
    const base = lib.simulate('');
    const p = lib.preview(base, { upsert: input.objects, delete: input.strings });
    return { changes: p.changes, statusChanges: p.statusChanges, diagnostics: p.diagnostics };
  }),
  objects(
    ['deriveProfile'],
    (lib, input) => {
      // Overrides from the fuzzed objects, on each shipped profile; then the profile in use.
      const overrides = {
        ...(obj(input, 0) as object),
        name: str(input, 0, 'fuzzed'),
      } as Library.ProfileOverrides;
      const profile = lib.deriveProfile(str(input, 1, 'envoy-gateway-v1.9'), overrides);
      return { name: profile.name, status: lib.policyStatus(lib.simulate('', { profile }).resolution) };
    },
    { throws: ['GWP-API-BAD-OPTION'] },
  ),
  objects(['jsonMerge'], (lib, input) => lib.jsonMerge(obj(input, 0), obj(input, 1)), {
    throws: ['GWP-API-BAD-ARGUMENT'],
  }),
  objects(['provenanceOf'], (lib, input) => lib.provenanceOf(obj(input, 0), str(input, 0)), {
    throws: ['GWP-API-BAD-ARGUMENT'],
  }),
  objects(
    ['strategicMerge', 'mergeSchemaForKind', 'mergeSchemaFromPaths', 'EG_MERGE_SCHEMAS'],
    (lib, input) => {
      const fromPaths = lib.mergeSchemaFromPaths(
        Object.fromEntries(
          input.strings.map((s) => [s, { patchStrategy: 'merge', patchMergeKey: 'name' }] as const),
        ),
      );
      return [
        lib.strategicMerge(obj(input, 0), obj(input, 1)),
        lib.strategicMerge(
          obj(input, 0),
          obj(input, 1),
          lib.mergeSchemaForKind(str(input, 0, 'BackendTrafficPolicy')),
        ),
        lib.strategicMerge(obj(input, 0), obj(input, 1), fromPaths),
        lib.strategicMerge(obj(input, 0), obj(input, 1), lib.EG_MERGE_SCHEMAS.SecurityPolicy),
      ];
    },
  ),
  objects(['goMarshal', 'goFieldsOf', 'GO_ROOT_TYPES'], (lib, input) => [
    ...POLICY_KINDS.map((k) => lib.goMarshal(obj(input, 0), k, { applyCrdDefaults: true })),
    lib.goMarshal(obj(input, 0), str(input, 0)),
    lib.goFieldsOf(str(input, 0)).length,
  ]),
  objects(['mergePolicies', 'mergeRateLimitRules', 'mergeHook'], (lib, input) =>
    MERGE_TYPES.flatMap((t) => [
      lib.mergePolicies(obj(input, 0), obj(input, 1), t, { applyCrdDefaults: true }),
      lib.mergeRateLimitRules(obj(input, 0), obj(input, 1), t),
      lib.mergeHook(obj(input, 0) as Library.Policy, obj(input, 1) as Library.Policy, t),
    ]),
  ),
  objects(['mergeDocuments'], (lib, input) =>
    MERGE_TYPES.map((t) => lib.mergeDocuments(obj(input, 0), obj(input, 1), t)),
  ),
  objects(['matchesLabelSelector', 'isValidLabelSelector'], (lib, input) => [
    lib.isValidLabelSelector(obj(input, 0) as Library.LabelSelector),
    lib.matchesLabelSelector(obj(input, 1) as Record<string, string>, obj(input, 0) as Library.LabelSelector),
  ]),
  objects(
    [
      'kindInfo',
      'resourceKey',
      'KNOWN_KINDS',
      'scope',
      'scopeKey',
      'describeScope',
      'formatScopes',
      'compareBytes',
      'formatRef',
      'parseRef',
    ],
    (lib, input) => {
      const [a = '', b = '', c = ''] = input.strings;
      const scopes = [
        'Gateway',
        'GatewayListener',
        'Route',
        'RouteRule',
        'ListenerSet',
        'ListenerSetListener',
      ].map((k) =>
        lib.scope(k as Library.ScopeKind, { kind: 'HTTPRoute', namespace: a, name: b, section: c }),
      );
      return {
        info: lib.kindInfo(a),
        key: lib.resourceKey(a, b, c),
        known: lib.KNOWN_KINDS.length,
        keys: scopes.map(lib.scopeKey),
        described: scopes.map(lib.describeScope),
        formatted: lib.formatScopes(scopes),
        order: lib.compareBytes(a, b),
        refs: [a, b, c].map((text) => {
          const ref = lib.parseRef(text);
          return ref === null ? null : lib.formatRef(ref);
        }),
      };
    },
  ),
  text(['simulate', 'createRouteFailureJudge', 'invalidFeatures', 'routeFailure'], (lib, { sources }) => {
    // Every failed policy of the input judged as the request answers and the validate gate do.
    const { resolution } = lib.simulate(sources);
    const judge = lib.createRouteFailureJudge(resolution);
    return POLICY_KINDS.flatMap((kind) =>
      resolution.kinds[kind].processed.slice(0, 20).map((id) => {
        const spec = resolution.topology.byKey.get(id)?.object.spec;
        const text = sources[0]?.text.slice(0, 300) ?? '';
        const features = [...lib.invalidFeatures(kind, text).keys()];
        return {
          judged: judge(kind, id),
          features,
          direct: lib.routeFailure(kind, (spec ?? {}) as Record<string, unknown>, features),
        };
      }),
    );
  }),
  objects(['checkRequest'], (lib, input) => {
    const [method = 'GET', url = 'http://example.com/', header = 'x', ip = '10.0.0.1'] = input.strings;
    return [
      lib.checkRequest({ method, url, headers: [[header, url]], sourceIp: ip }),
      lib.checkRequest({ method: url, url: method }),
      lib.checkRequest(input.objects[0] as never),
    ];
  }),
  objects(['routeRequest', 'formatRequestText'], (lib, input) => {
    const [method = 'GET', url = 'http://example.com/', header = 'x'] = input.strings;
    const { resolution } = lib.simulate(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: eg, namespace: default}\nspec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: default}\nspec:\n  parentRefs: [{name: eg}]\n  rules: [{matches: [{path: {type: RegularExpression, value: "/(a+)+$"}, headers: [{type: RegularExpression, name: x, value: "(.*a){12}"}]}]}]\n',
    );
    const request = {
      method,
      url,
      headers: [[header, method] as const, ['x', url] as const],
      ...(input.objects[0] !== undefined && typeof input.objects[0] === 'object' && input.objects[0] !== null
        ? { jwtClaims: input.objects[0] as Library.JsonObject }
        : {}),
      sourceIp: header,
    };
    const answer = lib.routeRequest(resolution, request, { gateway: 'default/eg' });
    return { answer, text: lib.formatRequestText(answer) };
  }),
  objects(['ancestorRef', 'sameAncestorRef', 'commandHelp', 'help'], (lib, input) => {
    const [a = '', b = '', c = ''] = input.strings;
    const ref = lib.ancestorRef('Gateway', a, b, c === '' ? null : c);
    return {
      same: lib.sameAncestorRef(ref, lib.ancestorRef('ListenerSet', a, b, null)),
      help: Object.hasOwn(lib.commandHelp, a) ? lib.commandHelp[a] : lib.help.length,
    };
  }),

  // ---- the CLI --------------------------------------------------------------------------------
  {
    exports: ['cli', 'EXIT_OK', 'EXIT_ERRORS', 'EXIT_USAGE'],
    takes: 'cli',
    run: (async (lib: Lib, input: CliInput) => {
      let stdout = '';
      let stderr = '';
      const code = await lib.cli(input.argv, {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => input.stdin,
        cwd: input.cwd,
        stdinIsTTY: false,
      });
      if (!([lib.EXIT_OK, lib.EXIT_ERRORS, lib.EXIT_USAGE] as number[]).includes(code))
        throw new Error(`exit status ${code}`);
      // A stack trace on standard error is an internal error reaching the user.
      if (/\n\s+at .+:\d+:\d+\)?$/m.test(stderr))
        throw new Error(`a stack trace on stderr: ${stderr.slice(0, 300)}`);
      return { code, stdout, stderr };
    }) as Target['run'],
  },
];

/**
 * Exports that need no row: types, constants read by rows above, the typed error the rows check
 * (`GatewayPolicySimError`), profiles and constants used as arguments, and `readCluster` (it reads
 * a live cluster).
 */
export const NOT_TARGETS: ReadonlySet<string> = new Set([
  'GatewayPolicySimError',
  // Needs a live cluster: tested against a fake API server (test/cli/cluster.test.ts).
  'readCluster',
  // Wraps a test framework's expect; the matchers it adds are the row of gatewayPolicyMatchers.
  'withPolicyMatchers',
  'ENVOY_GATEWAY_V1_5',
  'ENVOY_GATEWAY_V1_9',
  'PROFILES',
  'DEFAULT_ADMISSION_PROFILE',
  'ENVOY_GATEWAY_CONTROLLER',
  'ENVOY_GATEWAY_GROUP',
  'GATEWAY_API_GROUP',
  'POLICY_KINDS',
  'ROUTE_KINDS',
  'LINT_CODES',
  'STATUS_KEYS',
  'POLICY_FINDING_CODES',
]);
