/**
 * The Gateway nodes of the topology: whether this controller manages each Gateway (its
 * GatewayClass), whether Envoy Gateway accepts it (its own EnvoyProxy, its address types), its
 * settings, and its own listeners. ListenerSets add to these nodes afterwards
 * (topology-listener-sets.ts).
 */
import type { Diagnostic } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import type { GatewayNode, ListenerNode } from '../topology-types.js';
import type { Gateway, GatewayClass } from '../types.js';
import { diagnosticAt } from './topology-diagnostics.js';
import {
  type ClassSettings,
  gatewayEnvoyProxy,
  gatewaySettingsOf,
  proxySpec,
} from './topology-envoy-proxy.js';
import { addListeners } from './topology-listener-nodes.js';
import { asArray, asRecord, asString, asText } from './topology-read.js';

/** Gateway address types Envoy Gateway accepts (`unsupportedAddressType`, translator.go:723-732). */
const SUPPORTED_ADDRESS_TYPES: ReadonlySet<string> = new Set(['IPAddress', 'Hostname']);

/**
 * A Gateway node while the topology is built, with its listener lists open for the ListenerSets
 * (the node holds the same arrays).
 */
export interface GatewayBuild {
  readonly node: GatewayNode;
  readonly directListeners: string[];
  readonly listeners: string[];
  readonly listenerSets: string[];
}

/** What building the Gateway nodes reads. */
export interface GatewayBuildInput {
  /** The Gateways, in input order. */
  readonly gatewayResources: readonly Resource<Gateway>[];
  /** GatewayClasses by name. */
  readonly gatewayClasses: ReadonlyMap<string, Resource<GatewayClass>>;
  /** `TopologyOptions.gatewayClassName` in force, or null. */
  readonly gatewayClassName: string | null;
  /** Whether this controller manages a GatewayClass. */
  readonly managedClass: (className: string) => boolean;
  /** What a GatewayClass decides for its Gateways. */
  readonly settingsOf: (className: string) => ClassSettings;
  readonly byKey: ReadonlyMap<string, Resource>;
  /** The input is Envoy Gateway's test-data layout (the translator harness skips the provider's checks). */
  readonly testData: boolean;
}

/**
 * Builds the Gateway nodes and adds their own listeners to `listeners`.
 *
 * @param input - the Gateways and what their acceptance reads
 * @param listeners - the listener map being built
 * @param diagnostics - where problems go
 * @returns the Gateways being built, by `namespace/name`, in input order
 */
export function buildGateways(
  input: GatewayBuildInput,
  listeners: Map<string, ListenerNode>,
  diagnostics: Diagnostic[],
): Map<string, GatewayBuild> {
  const { gatewayClasses, gatewayClassName, managedClass, settingsOf, byKey, testData } = input;
  const gateways = new Map<string, GatewayBuild>();
  for (const r of input.gatewayResources) {
    const spec = asRecord(r.object.spec) ?? {};
    const className = asString(spec.gatewayClassName) ?? '';
    const managed = managedClass(className);
    if (
      managed === false &&
      gatewayClassName === null &&
      gatewayClasses.size > 0 &&
      !gatewayClasses.has(className)
    ) {
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-GATEWAYCLASS-NOT-FOUND',
          'info',
          `GatewayClass '${className}' is not in the input; the Gateway is taken as not managed`,
          r,
          '/spec/gatewayClassName',
        ),
      );
    }
    const key = `${r.namespace}/${r.name}`;
    const classSettings = settingsOf(className);
    // processGatewayParamsRef (a cluster's provider): a parametersRef it cannot use leaves the
    // Gateway not accepted, and the translator skips it.
    const own = gatewayEnvoyProxy(r, byKey, classSettings.classMerges, !testData);
    let accepted = managed;
    // GetRelevantGateways (translator.go:529-534) checks this first: a class that merges its
    // Gateways while MergeBackends is configured (the Gateway's merged EnvoyProxy, else the
    // class's, else the EnvoyGateway default: mergeBackendsConfigForGateway, route.go:679-690)
    // has none of its Gateways accepted.
    if (managed && classSettings.mergeGateways && mergeBackendsConfigured(classSettings)) {
      accepted = false;
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-GATEWAY-NOT-ACCEPTED',
          'warning',
          'Envoy Gateway does not accept this Gateway (InvalidParameters): mergeGateways and mergeBackends cannot both be enabled',
          r,
          '/spec/gatewayClassName',
        ),
      );
    }
    if (accepted && own.problem !== null) {
      accepted = false;
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-GATEWAY-NOT-ACCEPTED',
          'warning',
          `Envoy Gateway does not accept this Gateway (InvalidParameters): ${own.problem}`,
          r,
          '/spec/infrastructure/parametersRef',
        ),
      );
    }
    if (accepted) {
      const bad = asArray(spec.addresses)
        .map((a) => asRecord(a)?.type)
        .find((t) => t !== undefined && t !== null && !SUPPORTED_ADDRESS_TYPES.has(asText(t)));
      if (bad !== undefined) {
        accepted = false;
        diagnostics.push(
          diagnosticAt(
            'GWP-TOPO-GATEWAY-NOT-ACCEPTED',
            'warning',
            `Envoy Gateway does not accept this Gateway: address type '${asText(bad)}' is unsupported`,
            r,
            '/spec/addresses',
          ),
        );
      }
    }
    const directListeners: string[] = [];
    const allListeners: string[] = [];
    const listenerSets: string[] = [];
    addListeners(r, spec.listeners, key, null, `${key}/`, listeners, diagnostics, (k) => {
      directListeners.push(k);
      allListeners.push(k);
    });
    const node: GatewayNode = {
      key,
      namespace: r.namespace,
      name: r.name,
      resource: r,
      gatewayClassName: className,
      managed,
      accepted,
      settings: gatewaySettingsOf(key, className, classSettings.mergeGateways, {
        defaultSpec: classSettings.defaultSpec,
        classProxy: classSettings.proxy,
        gatewayProxy: own.proxy,
      }),
      directListeners,
      listeners: allListeners,
      listenerSets,
    };
    gateways.set(key, { node, directListeners, listeners: allListeners, listenerSets });
  }
  return gateways;
}

/**
 * Whether MergeBackends is configured for a Gateway of a class that merges Gateways (its own
 * EnvoyProxy is then not read): `ResolveMergeBackendsConfig` (helpers.go:706-723) reads the
 * class's EnvoyProxy, else the EnvoyGateway default; the merged EnvoyProxy of the Gateway holds
 * one of them.
 */
function mergeBackendsConfigured(classSettings: ClassSettings): boolean {
  const set = (spec: Readonly<Record<string, unknown>> | undefined): boolean =>
    spec?.mergeBackends !== undefined && spec.mergeBackends !== null;
  return set(proxySpec(classSettings.proxy)) || set(classSettings.defaultSpec);
}
