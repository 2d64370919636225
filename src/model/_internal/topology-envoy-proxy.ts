/**
 * Per-GatewayClass and per-Gateway EnvoyProxy settings, as Envoy Gateway decides them: the
 * provider resolves each managed class's `parametersRef` and each Gateway's
 * `infrastructure.parametersRef` (`processGatewayClassParamsRef`, `processGatewayParamsRef`), the
 * runner translates one class at a time with `MergeGateways: IsMergeGatewaysEnabled(resources)`,
 * and the translator gives each Gateway the merge of its own EnvoyProxy over the class's over the
 * EnvoyGateway configuration's `envoyProxy` default (`attachEnvoyProxy`, `MergeEnvoyProxyConfigs`).
 */
import type { Resource } from '../resource.js';
import type { GatewaySettings } from '../topology-types.js';
import type { JsonObject } from '../types.js';
import { ENVOY_GATEWAY_GROUP } from '../types.js';
import { asRecord, asString } from './topology-read.js';

/** One GatewayClass's EnvoyProxy, or why the provider could not use it. */
export interface ClassProxy {
  /** The EnvoyProxy the class names, when found. */
  readonly proxy: Resource | null;
  /** The provider's error for a `parametersRef` it cannot use (the class is then not accepted). */
  readonly problem: string | null;
}

/** A Gateway's own EnvoyProxy, or the provider's error that keeps the Gateway from being accepted. */
export interface GatewayProxy {
  readonly proxy: Resource | null;
  readonly problem: string | null;
}

const NOT_FOUND = (name: string): string => `envoyproxies.${ENVOY_GATEWAY_GROUP} "${name}" not found`;

/**
 * `processGatewayClassParamsRef`: the EnvoyProxy a GatewayClass names (namespace default
 * `default`), or the provider's error.
 *
 * @param gc - the GatewayClass
 * @param byKey - resources by key
 * @param gatewayNamespaceMode - `provider.kubernetes.deploy.type: GatewayNamespace`
 * @param cacheMisses - whether Envoy Gateway's cache holds no EnvoyProxies of a namespace
 *   (`provider.kubernetes.watch`)
 * @returns the class's EnvoyProxy or its problem
 */
export function classEnvoyProxy(
  gc: Resource,
  byKey: ReadonlyMap<string, Resource>,
  gatewayNamespaceMode = false,
  cacheMisses: (namespace: string) => boolean = () => false,
): ClassProxy {
  const ref = asRecord(asRecord(gc.object.spec)?.parametersRef);
  if (ref === undefined) return { proxy: null, problem: null };
  const name = asString(ref.name) ?? '';
  if (ref.group !== ENVOY_GATEWAY_GROUP || ref.kind !== 'EnvoyProxy' || name === '') {
    return {
      proxy: null,
      problem: `unsupported parametersRef(invalid group or kind) for gatewayclass ${gc.name}`,
    };
  }
  const ns = asString(ref.namespace) ?? 'default';
  const proxy = byKey.get(`EnvoyProxy/${ns}/${name}`);
  if (proxy === undefined) {
    // provider.kubernetes.watch (Namespaces): a namespace the cache does not hold.
    const why = cacheMisses(ns)
      ? `unable to get: ${ns}/${name} because of unknown namespace for the cache`
      : NOT_FOUND(name);
    return {
      proxy: null,
      problem: `failed to find envoyproxy ${ns}/${name} for GatewayClass ${gc.name}: ${why}`,
    };
  }
  if (gatewayNamespaceMode && asRecord(proxy.object.spec)?.mergeGateways === true) {
    return { proxy: null, problem: 'using Merged Gateways with Gateway Namespace Mode is not supported' };
  }
  return { proxy, problem: null };
}

/**
 * `processGatewayParamsRef` (a cluster's provider) or the translator's EnvoyProxy map (the
 * test-data layout): a Gateway's own EnvoyProxy from `infrastructure.parametersRef`, looked up in
 * the Gateway's namespace.
 *
 * @param gw - the Gateway
 * @param byKey - resources by key
 * @param classMerges - the class's own EnvoyProxy sets `mergeGateways: true`
 * @param provider - apply the provider's checks (a cluster); false: the translator harness, which
 *   only ignores what it cannot find
 * @returns the Gateway's EnvoyProxy, or the provider's error (then the Gateway is not accepted)
 */
export function gatewayEnvoyProxy(
  gw: Resource,
  byKey: ReadonlyMap<string, Resource>,
  classMerges: boolean,
  provider: boolean,
): GatewayProxy {
  const infra = asRecord(asRecord(gw.object.spec)?.infrastructure);
  const ref = asRecord(infra?.parametersRef);
  if (ref === undefined) return { proxy: null, problem: null };
  const name = asString(ref.name) ?? '';
  if (!provider) {
    const ok = ref.group === ENVOY_GATEWAY_GROUP && ref.kind === 'EnvoyProxy';
    return { proxy: (ok && byKey.get(`EnvoyProxy/${gw.namespace}/${name}`)) || null, problem: null };
  }
  if (classMerges) {
    return {
      proxy: null,
      problem:
        'infrastructure.parametersref must be nil when MergeGateways feature is enabled by gatewayclass',
    };
  }
  if (ref.group !== ENVOY_GATEWAY_GROUP || ref.kind !== 'EnvoyProxy' || name === '') {
    return { proxy: null, problem: `unsupported parametersRef for gateway ${gw.namespace}/${gw.name}` };
  }
  const proxy = byKey.get(`EnvoyProxy/${gw.namespace}/${name}`);
  if (proxy === undefined) {
    return {
      proxy: null,
      problem: `failed to find envoyproxy ${gw.namespace}/${name} for Gateway ${gw.name}: ${NOT_FOUND(name)}`,
    };
  }
  return { proxy, problem: null };
}

/** An EnvoyProxy's spec, or undefined. */
export function proxySpec(proxy: Resource | null): JsonObject | undefined {
  return asRecord(proxy?.object.spec) as JsonObject | undefined;
}

/**
 * `IsMergeGatewaysEnabled`: the class EnvoyProxy's `mergeGateways` when set, else the default
 * spec's, else false.
 *
 * @param classSpec - the class's EnvoyProxy spec
 * @param defaultSpec - the EnvoyGateway configuration's `envoyProxy`
 * @returns whether the class merges its Gateways
 */
export function mergeGatewaysOf(
  classSpec: JsonObject | undefined,
  defaultSpec: JsonObject | undefined,
): boolean {
  const own = classSpec?.mergeGateways;
  if (typeof own === 'boolean') return own;
  const fallback = defaultSpec?.mergeGateways;
  return typeof fallback === 'boolean' ? fallback : false;
}

/** The `mergeType` of the first proxy that sets one (`mergeTypeOf`), default `Replace`. */
function mergeTypeOf(...specs: (JsonObject | undefined)[]): string {
  for (const s of specs) {
    const t = s?.mergeType;
    if (typeof t === 'string') return t;
  }
  return 'Replace';
}

/**
 * An override merged over a base the way `utils.Merge` does for two marshalled EnvoyProxies:
 * objects merge member by member, anything else is replaced. The override was marshalled from a
 * Go struct, so its nulls and empty lists (`omitempty`) are absent, not deletions. The list merge
 * keys of strategic merge (`volumes`, `env`, … by `name`) are in Kubernetes deployment fields that
 * no policy reads; every field a policy check reads merges the same way under both merge types.
 */
function mergeObjects(base: JsonObject, override: JsonObject): JsonObject {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const b = asRecord(out[k]);
    const o = asRecord(v);
    out[k] = b !== undefined && o !== undefined ? mergeObjects(b as JsonObject, o as JsonObject) : v;
  }
  return out as JsonObject;
}

/** A spec with the sources it was merged from, most specific first. */
interface Sourced {
  readonly spec: JsonObject;
  readonly sources: readonly string[];
}

/** `mergeEnvoyProxies`: null for a merge type `utils.Merge` refuses (the Gateway then has no EnvoyProxy). */
function mergeProxies(
  base: Sourced | undefined,
  override: Sourced | undefined,
  mergeType: string,
): Sourced | undefined | null {
  if (override === undefined) return base;
  if (base === undefined || mergeType === 'Replace') return override;
  if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') return null;
  return { spec: mergeObjects(base.spec, override.spec), sources: [...override.sources, ...base.sources] };
}

/** A spec and its source, when the spec is there. */
function sourced(spec: JsonObject | undefined, source: string): Sourced | undefined {
  return spec === undefined ? undefined : { spec, sources: [source] };
}

/**
 * `MergeEnvoyProxyConfigs`: the Gateway's EnvoyProxy over the class's (the Gateway's `mergeType`),
 * then that over the EnvoyGateway default (the class's `mergeType`, else the Gateway's).
 *
 * @param defaultSpec - the EnvoyGateway configuration's `envoyProxy`
 * @param classProxy - the class's EnvoyProxy
 * @param gatewayProxy - the Gateway's own EnvoyProxy (none under mergeGateways)
 * @returns the spec in force and its sources, or null when there is none (or a merge failed)
 */
export function mergeEnvoyProxySpecs(
  defaultSpec: JsonObject | undefined,
  classProxy: Resource | null,
  gatewayProxy: Resource | null,
): Sourced | null {
  const classSpec = proxySpec(classProxy);
  const gatewaySpec = proxySpec(gatewayProxy);
  const first = mergeProxies(
    classProxy ? sourced(classSpec, classProxy.key) : undefined,
    gatewayProxy ? sourced(gatewaySpec, gatewayProxy.key) : undefined,
    mergeTypeOf(gatewaySpec),
  );
  if (first === null) return null;
  return (
    mergeProxies(
      sourced(defaultSpec, 'EnvoyGateway.envoyProxy'),
      first,
      mergeTypeOf(classSpec, gatewaySpec),
    ) ?? null
  );
}

/**
 * The settings of one Gateway.
 *
 * @param gatewayKey - `ns/name`
 * @param className - its `spec.gatewayClassName`
 * @param mergeGateways - its class's `mergeGateways`
 * @param proxies - the EnvoyGateway default spec, the class's and the Gateway's own EnvoyProxy
 * @returns the {@link GatewaySettings}
 */
export function gatewaySettingsOf(
  gatewayKey: string,
  className: string,
  mergeGateways: boolean,
  proxies: {
    readonly defaultSpec: JsonObject | undefined;
    readonly classProxy: Resource | null;
    readonly gatewayProxy: Resource | null;
  },
): GatewaySettings {
  // attachEnvoyProxy: a Gateway's own EnvoyProxy is not read when its class merges Gateways.
  const merged = mergeEnvoyProxySpecs(
    proxies.defaultSpec,
    proxies.classProxy,
    mergeGateways ? null : proxies.gatewayProxy,
  );
  return {
    gatewayClass: className,
    mergeGateways,
    irKey: mergeGateways ? className : gatewayKey,
    envoyProxy: merged?.spec ?? null,
    envoyProxySources: merged?.sources ?? [],
  };
}

/** What one GatewayClass decides for its Gateways. */
export interface ClassSettings {
  /** The class's EnvoyProxy, when it has one the provider could use. */
  readonly proxy: Resource | null;
  /** The class's own EnvoyProxy sets `mergeGateways: true` (what `processGatewayParamsRef` checks). */
  readonly classMerges: boolean;
  /** `IsMergeGatewaysEnabled` for the class (or the caller's override). */
  readonly mergeGateways: boolean;
  /** The EnvoyGateway configuration's `envoyProxy`, the lowest layer of every Gateway's EnvoyProxy. */
  readonly defaultSpec: JsonObject | undefined;
}

/**
 * A memoised lookup of each GatewayClass's settings. In the test-data layout the harness gives
 * `envoyProxyForGatewayClass` to the translated class whatever its `parametersRef` says; in a
 * cluster the class's `parametersRef` decides, and one it cannot use is diagnosed once
 * (`GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS`: the provider marks the class not accepted and translates
 * its Gateways without an EnvoyProxy).
 *
 * @param context - the classes, resources by key, the test-data settings, the override, a sink for
 *   diagnostics and which classes this controller manages
 * @returns className → its {@link ClassSettings}
 */
export function classSettingsResolver(context: {
  readonly gatewayClasses: ReadonlyMap<string, Resource>;
  readonly byKey: ReadonlyMap<string, Resource>;
  readonly testData: { readonly envoyProxyForGatewayClass?: string; readonly mergeGateways?: boolean } | null;
  readonly defaultSpec: JsonObject | undefined;
  readonly gatewayNamespaceMode: boolean;
  /** Whether Envoy Gateway's cache holds no EnvoyProxies of a namespace (`provider.kubernetes.watch`). */
  readonly cacheMisses?: (namespace: string) => boolean;
  readonly mergeGatewaysOverride: boolean | undefined;
  readonly managed: (className: string) => boolean;
  readonly report: (problem: string, gatewayClass: Resource) => void;
}): (className: string) => ClassSettings {
  const memo = new Map<string, ClassSettings>();
  return (className) => {
    const hit = memo.get(className);
    if (hit) return hit;
    let proxy: Resource | null = null;
    if (context.testData !== null) {
      const key = context.testData.envoyProxyForGatewayClass;
      proxy = key === undefined ? null : (context.byKey.get(key) ?? null);
    } else {
      const gc = context.gatewayClasses.get(className);
      if (gc !== undefined) {
        const found = classEnvoyProxy(gc, context.byKey, context.gatewayNamespaceMode, context.cacheMisses);
        proxy = found.proxy;
        if (found.problem !== null && context.managed(className)) context.report(found.problem, gc);
      }
    }
    const classSpec = proxySpec(proxy);
    const settings: ClassSettings = {
      proxy,
      classMerges: classSpec?.mergeGateways === true,
      mergeGateways:
        context.mergeGatewaysOverride ??
        // A hand-built test-data result may carry the setting without the object.
        (classSpec === undefined ? context.testData?.mergeGateways : undefined) ??
        mergeGatewaysOf(classSpec, context.defaultSpec),
      defaultSpec: context.defaultSpec,
    };
    memo.set(className, settings);
    return settings;
  };
}
