/**
 * Reading Envoy Gateway's own configuration (`kind: EnvoyGateway`) as Envoy Gateway does: decode
 * (`config.DecodeBytes`: apiVersion and kind must be `gateway.envoyproxy.io/v1alpha1`
 * `EnvoyGateway`, unknown fields ignored, a field of the wrong type fails the decode), apply
 * `SetEnvoyGatewayDefaults`, then `ValidateEnvoyGateway`. Only the parts that change a status or
 * an effective policy are read; every problem is reported at the offending field.
 */
import type { JsonObject } from '../types.js';
import { asRecord } from './topology-read.js';

/** One problem in a configuration: Envoy Gateway refuses to start with it. */
export interface ConfigProblem {
  /** JSON pointer inside the configuration document. */
  readonly pointer: string;
  readonly message: string;
}

/** The decoded parts of an EnvoyGateway configuration that the simulator uses. */
export interface DecodedEnvoyGateway {
  readonly controllerName: string | undefined;
  readonly enableLua: boolean | undefined;
  readonly disableLua: boolean | undefined;
  readonly enableBackend: boolean | undefined;
  readonly enableEnvoyPatchPolicy: boolean | undefined;
  readonly enableSDSSecretRef: boolean | undefined;
  /** `rateLimit` is set (the runner's `GlobalRateLimitEnabled`). */
  readonly rateLimit: boolean;
  readonly envoyProxy: JsonObject | undefined;
  readonly gatewayNamespaceMode: boolean;
  /** `provider.kubernetes.watch` as written, when set. */
  readonly watch: JsonObject | undefined;
  /** `extensionManager` / `extensionManagers` is set. */
  readonly extensionManager: boolean;
  readonly problems: readonly ConfigProblem[];
}

const GROUP_VERSION = 'gateway.envoyproxy.io/v1alpha1';

/** A JSON value's type as Go's decoder names it in errors. */
const jsonType = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v;

/**
 * Decodes and validates an EnvoyGateway configuration document.
 *
 * @param doc - the parsed document (YAML or JSON)
 * @returns what it sets, and its problems (each at a JSON pointer)
 */
export function decodeEnvoyGateway(doc: unknown): DecodedEnvoyGateway {
  const problems: ConfigProblem[] = [];
  const root = asRecord(doc);
  const problem = (pointer: string, message: string): void => {
    problems.push({ pointer, message });
  };
  // A field of the wrong JSON type fails the whole decode in Go; it is reported and read as unset.
  const field = <T>(
    obj: Readonly<Record<string, unknown>> | undefined,
    key: string,
    pointer: string,
    type: 'string' | 'bool' | 'object' | 'array',
    goTypeName: string,
  ): T | undefined => {
    if (obj === undefined || !Object.hasOwn(obj, key)) return undefined;
    const v = obj[key];
    if (v === null) return undefined;
    if (jsonType(v) !== type) {
      const path = `${pointer}/${key}`.slice(1).replaceAll('/', '.');
      problem(
        `${pointer}/${key}`,
        `json: cannot unmarshal ${jsonType(v)} into Go struct field ${path} of type ${goTypeName}`,
      );
      return undefined;
    }
    return v as T;
  };

  const nothing = (): DecodedEnvoyGateway => ({
    controllerName: undefined,
    enableLua: undefined,
    disableLua: undefined,
    enableBackend: undefined,
    enableEnvoyPatchPolicy: undefined,
    enableSDSSecretRef: undefined,
    rateLimit: false,
    envoyProxy: undefined,
    gatewayNamespaceMode: false,
    watch: undefined,
    extensionManager: false,
    problems,
  });
  // The decoder stops at the type: nothing else is read or validated.
  if (root === undefined) {
    problem('', 'the configuration is not an object');
    return nothing();
  } else {
    const apiVersion = root.apiVersion;
    const kind = root.kind;
    if (typeof kind !== 'string' || kind === '' || typeof apiVersion !== 'string' || apiVersion === '') {
      problem(
        typeof kind !== 'string' || kind === '' ? '/kind' : '/apiVersion',
        `Object 'Kind' or 'apiVersion' is missing in the configuration`,
      );
    } else if (apiVersion !== GROUP_VERSION || kind !== 'EnvoyGateway') {
      problem(
        apiVersion !== GROUP_VERSION ? '/apiVersion' : '/kind',
        'failed to decode unmatched resource type',
      );
    }
    if (problems.length > 0) return nothing();
  }

  const gateway = field<Record<string, unknown>>(root, 'gateway', '', 'object', 'v1alpha1.Gateway');
  const controllerName = field<string>(gateway, 'controllerName', '/gateway', 'string', 'string');
  const ext = field<Record<string, unknown>>(
    root,
    'extensionApis',
    '',
    'object',
    'v1alpha1.ExtensionAPISettings',
  );
  const bool = (key: string): boolean | undefined =>
    field<boolean>(ext, key, '/extensionApis', 'bool', 'bool');
  const enableLua = bool('enableLua');
  const disableLua = bool('disableLua');
  const enableBackend = bool('enableBackend');
  const enableEnvoyPatchPolicy = bool('enableEnvoyPatchPolicy');
  const enableSDSSecretRef = bool('enableSDSSecretRef');
  const rateLimit = field<Record<string, unknown>>(root, 'rateLimit', '', 'object', 'v1alpha1.RateLimit');
  const envoyProxy = field<JsonObject>(root, 'envoyProxy', '', 'object', 'v1alpha1.EnvoyProxySpec');
  const provider = field<Record<string, unknown>>(
    root,
    'provider',
    '',
    'object',
    'v1alpha1.EnvoyGatewayProvider',
  );
  const kube = field<Record<string, unknown>>(
    provider,
    'kubernetes',
    '/provider',
    'object',
    'v1alpha1.EnvoyGatewayKubernetesProvider',
  );
  const deploy = field<Record<string, unknown>>(
    kube,
    'deploy',
    '/provider/kubernetes',
    'object',
    'v1alpha1.KubernetesDeployMode',
  );
  const deployType = field<string>(deploy, 'type', '/provider/kubernetes/deploy', 'string', 'string');
  const watch = field<JsonObject>(
    kube,
    'watch',
    '/provider/kubernetes',
    'object',
    'v1alpha1.KubernetesWatchMode',
  );

  // ValidateEnvoyGateway, after SetEnvoyGatewayDefaults (a missing gateway or provider is defaulted).
  if (gateway !== undefined && (controllerName === undefined || controllerName === '')) {
    problem('/gateway/controllerName', 'gateway controllerName is unspecified');
  }
  if (provider !== undefined) {
    const type = provider.type;
    if (type !== 'Kubernetes' && type !== 'Custom') problem('/provider/type', 'unsupported provider type');
    if (type === 'Custom' && asRecord(provider.custom) === undefined) {
      problem('/provider/custom', 'empty custom provider settings');
    }
  }
  if (watch !== undefined) {
    const type = watch.type;
    if (type === 'Namespaces') {
      if (!Array.isArray(watch.namespaces) || watch.namespaces.length === 0)
        problem(
          '/provider/kubernetes/watch/namespaces',
          "namespaces should be specified when envoy gateway watch mode is 'Namespaces'",
        );
    } else if (type === 'NamespaceSelector') {
      if (asRecord(watch.namespaceSelector) === undefined)
        problem(
          '/provider/kubernetes/watch/namespaceSelector',
          "namespaceSelector should be specified when envoy gateway watch mode is 'NamespaceSelector'",
        );
    } else {
      problem(
        '/provider/kubernetes/watch/type',
        "envoy gateway watch mode invalid, should be 'Namespaces' or 'NamespaceSelector'",
      );
    }
  }
  if (rateLimit !== undefined) validateRateLimit(rateLimit, problem);
  if (
    root !== undefined &&
    asRecord(root.extensionManager) !== undefined &&
    Array.isArray(root.extensionManagers)
  ) {
    problem('/extensionManagers', 'extensionManager and extensionManagers are mutually exclusive');
  }
  if (disableLua !== undefined && disableLua === (enableLua ?? false)) {
    problem('/extensionApis/disableLua', 'disableLua and enableLua must not have the same value');
  }

  return {
    controllerName,
    enableLua,
    disableLua,
    enableBackend,
    enableEnvoyPatchPolicy,
    enableSDSSecretRef,
    rateLimit: rateLimit !== undefined,
    envoyProxy,
    gatewayNamespaceMode: deployType === 'GatewayNamespace',
    watch,
    extensionManager:
      root !== undefined &&
      (asRecord(root.extensionManager) !== undefined || Array.isArray(root.extensionManagers)),
    problems,
  };
}

/** `validateEnvoyGatewayRateLimit`. */
function validateRateLimit(
  rateLimit: Readonly<Record<string, unknown>>,
  problem: (pointer: string, message: string) => void,
): void {
  const backend = asRecord(rateLimit.backend) ?? {};
  if (backend.type !== 'Redis') {
    problem(
      '/rateLimit/backend/type',
      `unsupported ratelimit backend ${typeof backend.type === 'string' ? backend.type : ''}`,
    );
    return;
  }
  const redis = asRecord(backend.redis);
  if (redis === undefined) {
    problem('/rateLimit/backend/redis', 'empty ratelimit redis settings');
    return;
  }
  const hasURL = typeof redis.url === 'string' && redis.url !== '';
  const urlRef = asRecord(redis.urlRef);
  if (hasURL === (urlRef !== undefined)) {
    problem('/rateLimit/backend/redis', 'exactly one of ratelimit redis url or urlRef must be set');
    return;
  }
  if (urlRef !== undefined) {
    const ref = asRecord(urlRef.secretKeyRef);
    if (
      ref === undefined ||
      typeof ref.name !== 'string' ||
      ref.name === '' ||
      typeof ref.key !== 'string' ||
      ref.key === ''
    ) {
      problem(
        '/rateLimit/backend/redis/urlRef/secretKeyRef',
        'ratelimit redis urlRef.secretKeyRef must set both name and key',
      );
    } else if (ref.optional === true) {
      problem(
        '/rateLimit/backend/redis/urlRef/secretKeyRef/optional',
        'ratelimit redis urlRef.secretKeyRef.optional must not be true; the Secret is required',
      );
    }
  }
}
