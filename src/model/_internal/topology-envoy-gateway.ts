/**
 * Envoy Gateway's configuration in force: read from the input (a `kind: EnvoyGateway` document,
 * or the `envoy-gateway-config` ConfigMap and its `envoy-gateway.yaml` key, as Envoy Gateway is
 * installed), else Envoy Gateway's defaults (`DefaultEnvoyGateway`), or the translator harness's
 * settings for the test-data layout; the options (the CLI's flags) are applied over it.
 */
import { parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import type { EnvoyGatewaySettings, TopologyOptions } from '../topology-types.js';
import type { JsonObject } from '../types.js';
import { ENVOY_GATEWAY_CONTROLLER } from '../types.js';
import { type DecodedEnvoyGateway, decodeEnvoyGateway } from './envoy-gateway-decode.js';
import { diagnosticAt } from './topology-diagnostics.js';
import { asRecord } from './topology-read.js';
import { DEFAULT_CONTROLLER_NAMESPACE, watchSettingsOf } from './topology-watch.js';

/** The ConfigMap Envoy Gateway's Helm chart installs its configuration in, and its key. */
export const CONFIG_MAP_NAME = 'envoy-gateway-config';
export const CONFIG_MAP_KEY = 'envoy-gateway.yaml';

/** How to fetch the real configuration, for messages. */
const HOW_TO_PASS =
  'pass the real one: kubectl get configmap envoy-gateway-config -n envoy-gateway-system -o yaml (or a kind: EnvoyGateway document)';

/**
 * The location of a field of the configuration: in a ConfigMap, its `envoy-gateway.yaml` entry
 * (the YAML inside has no pointer of its own); in a `kind: EnvoyGateway` document, the field.
 *
 * @param r - the configuration resource
 * @param pointer - the field's JSON pointer inside the EnvoyGateway document
 * @returns the JSON pointer in the resource
 */
export function configFieldPointer(r: Resource, pointer: string): string {
  return r.kind === 'ConfigMap'
    ? `/data/${CONFIG_MAP_KEY.replaceAll('~', '~0').replaceAll('/', '~1')}`
    : pointer;
}

function isConfig(r: Resource): boolean {
  return r.kind === 'EnvoyGateway' || (r.kind === 'ConfigMap' && r.name === CONFIG_MAP_NAME);
}

/** Reads one configuration resource: the decoded settings, or null when nothing could be read. */
function readConfig(r: Resource, diagnostics: Diagnostic[]): DecodedEnvoyGateway | null {
  const invalid = (message: string, pointer: string): void => {
    diagnostics.push(
      diagnosticAt(
        'GWP-CONFIG-INVALID',
        'error',
        `Envoy Gateway would not start with this configuration: ${message}`,
        r,
        pointer,
      ),
    );
  };
  let doc: unknown = r.object;
  let prefix = '';
  let where = '';
  if (r.kind === 'ConfigMap') {
    const data = asRecord(r.object.data);
    const text = data?.[CONFIG_MAP_KEY];
    prefix = `/data/${CONFIG_MAP_KEY.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (typeof text !== 'string') {
      invalid(
        `the ConfigMap has no ${CONFIG_MAP_KEY} key holding text`,
        text === undefined ? '/data' : prefix,
      );
      return null;
    }
    const parsed = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
    if (parsed.errors.length > 0) {
      const e = parsed.errors[0]!;
      const line = text.slice(0, e.pos[0]).split('\n').length;
      invalid(`${CONFIG_MAP_KEY} line ${line}: ${e.message}`, prefix);
      return null;
    }
    doc = parsed.toJS({ maxAliasCount: 100 });
    where = `${CONFIG_MAP_KEY}: `;
  }
  const decoded = decodeEnvoyGateway(doc);
  for (const p of decoded.problems) {
    const field = p.pointer === '' ? '' : `${p.pointer.slice(1).replaceAll('/', '.')}: `;
    invalid(`${where}${field}${p.message}`, `${prefix}${r.kind === 'ConfigMap' ? '' : p.pointer}`);
  }
  const notSimulated = (what: string, pointer: string): void => {
    diagnostics.push(
      diagnosticAt(
        'GWP-CONFIG-NOT-SIMULATED',
        'warning',
        `${where}${what}`,
        r,
        `${prefix}${r.kind === 'ConfigMap' ? '' : pointer}`,
      ),
    );
  };
  if (decoded.watch !== undefined && decoded.problems.length === 0) {
    const w = watchSettingsOf(
      decoded.watch,
      r.kind === 'ConfigMap' ? r.namespace : DEFAULT_CONTROLLER_NAMESPACE,
    );
    if (w.mode === 'all')
      diagnostics.push(
        diagnosticAt(
          'GWP-CONFIG-WATCH-NOT-APPLIED',
          'info',
          `${where}provider.kubernetes.watch.namespaceSelector has neither matchLabels nor a matchExpressions entry: Envoy Gateway applies no namespace filter, and every namespace is read`,
          r,
          `${prefix}${r.kind === 'ConfigMap' ? '' : '/provider/kubernetes/watch/namespaceSelector'}`,
        ),
      );
  }
  if (decoded.extensionManager) {
    notSimulated(
      'extension managers are not simulated: routes and policies that use their resources are judged without them',
      '/extensionManager',
    );
  }
  return decoded;
}

/**
 * Resolves the configuration in force for one input.
 *
 * @param resources - the input's resources, in input order
 * @param testData - the test-data layout (the harness's settings apply), with its default EnvoyProxy spec
 * @param firstGateway - the first Gateway of the input: the defaults notice is given only when
 *   there is one, at it (the first object the defaults decide)
 * @param options - the topology options, applied over the configuration
 * @param diagnostics - sink
 * @returns the settings in force
 */
export function resolveEnvoyGatewaySettings(
  resources: readonly Resource[],
  testData: { readonly envoyProxyDefaultSpec?: JsonObject } | null,
  firstGateway: Resource | undefined,
  options: TopologyOptions,
  diagnostics: Diagnostic[],
): EnvoyGatewaySettings {
  const configs = resources.filter(isConfig);
  let origin: EnvoyGatewaySettings['origin'];
  let decoded: DecodedEnvoyGateway | null = null;
  let source: string | null = null;
  let configResource: Resource | null = null;
  if (testData !== null) {
    origin = 'test-data';
    for (const r of configs) {
      diagnostics.push(
        diagnosticAt(
          'GWP-CONFIG-IGNORED',
          'info',
          "the test-data layout keeps the translator harness's settings; this EnvoyGateway configuration is not read",
          r,
        ),
      );
    }
  } else if (configs.length === 0) {
    origin = 'defaults';
  } else {
    origin = 'input';
    const [first, ...rest] = configs as [Resource, ...Resource[]];
    source = first.key;
    configResource = first;
    decoded = readConfig(first, diagnostics);
    for (const r of rest) {
      diagnostics.push(
        diagnosticAt(
          'GWP-CONFIG-DUPLICATE',
          'warning',
          `a second EnvoyGateway configuration; the first, ${first.key}, is used`,
          r,
        ),
      );
    }
  }

  // The configuration's values (Envoy Gateway's defaults where it says nothing), or the harness's.
  const harness = origin === 'test-data';
  const fromConfig = {
    controllerName: decoded?.controllerName || ENVOY_GATEWAY_CONTROLLER,
    // ExtensionAPISettings.LuaDisabled: enableLua wins, else disableLua, else Lua is off.
    enableLua: harness || decoded?.enableLua === true || decoded?.disableLua === false,
    enableBackend: harness || decoded?.enableBackend === true,
    enableEnvoyPatchPolicy: harness || decoded?.enableEnvoyPatchPolicy === true,
    enableSDSSecretRef: decoded?.enableSDSSecretRef === true,
    globalRateLimit: harness || decoded?.rateLimit === true,
  };
  const overridden: string[] = [];
  const pick = <
    K extends 'controllerName' | 'enableLua' | 'enableBackend' | 'enableSDSSecretRef' | 'globalRateLimit',
  >(
    key: K,
  ): (typeof fromConfig)[K] => {
    const given = options[key];
    if (given === undefined) return fromConfig[key];
    overridden.push(key);
    return given as (typeof fromConfig)[K];
  };
  const settings: EnvoyGatewaySettings = {
    origin,
    source,
    controllerName: pick('controllerName'),
    enableLua: pick('enableLua'),
    enableBackend: pick('enableBackend'),
    enableEnvoyPatchPolicy: fromConfig.enableEnvoyPatchPolicy,
    enableSDSSecretRef: pick('enableSDSSecretRef'),
    globalRateLimit: pick('globalRateLimit'),
    envoyProxy: harness ? (testData?.envoyProxyDefaultSpec ?? null) : (decoded?.envoyProxy ?? null),
    gatewayNamespaceMode: decoded?.gatewayNamespaceMode ?? false,
    overridden,
    // The translator harness reads no configuration, so it watches every namespace.
    watch: watchSettingsOf(
      harness ? undefined : decoded?.watch,
      configResource?.kind === 'ConfigMap' ? configResource.namespace : DEFAULT_CONTROLLER_NAMESPACE,
    ),
  };
  if (origin === 'defaults' && firstGateway !== undefined)
    diagnostics.push(defaultsNotice(settings, firstGateway));
  return settings;
}

/** The one info diagnostic that says which of Envoy Gateway's defaults were assumed. */
function defaultsNotice(s: EnvoyGatewaySettings, at: Resource): Diagnostic {
  const assumed: string[] = [];
  const off = (key: keyof EnvoyGatewaySettings, what: string): void => {
    if (!s.overridden.includes(key)) assumed.push(what);
  };
  off('controllerName', `controller ${ENVOY_GATEWAY_CONTROLLER}`);
  off('enableLua', 'Lua off (a Lua EnvoyExtensionPolicy is Invalid)');
  off('enableBackend', 'Backend off (Backend references are refused)');
  assumed.push('EnvoyPatchPolicy off');
  off('enableSDSSecretRef', 'SDS Secret references off');
  off('globalRateLimit', 'global rate limiting not configured (a global rateLimit is Invalid)');
  assumed.push('no EnvoyProxy defaults');
  return diagnosticAt(
    'GWP-CONFIG-DEFAULTS',
    'info',
    `no EnvoyGateway configuration in the input: Envoy Gateway's defaults are assumed (${assumed.join('; ')}); ${HOW_TO_PASS}`,
    at,
  );
}
