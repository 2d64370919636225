/**
 * The settings in force, as `gwpolicy validate` prints and returns them: Envoy Gateway's
 * configuration (read from the input, else its defaults, the options over it) and each managed
 * GatewayClass's EnvoyProxy and mergeGateways.
 */
import type {
  EnvoyGatewaySettings,
  GatewayClassSettings,
  Topology,
  WatchSettings,
} from '../../model/topology-types.js';
import type { TextSection } from './validate-report.js';

/** The settings in force: the configuration, and the managed GatewayClasses. */
export interface SettingsInForce extends EnvoyGatewaySettings {
  readonly gatewayClasses: readonly GatewayClassSettings[];
}

/**
 * The settings in force of a topology.
 *
 * @param topology - from `buildTopology`
 * @returns plain data
 */
export function settingsInForce(topology: Topology): SettingsInForce {
  return { ...topology.envoyGateway, gatewayClasses: topology.gatewayClassSettings };
}

/** What the watch reads, in one line. */
function watchLine(w: WatchSettings): string {
  const ctl = `controller namespace ${w.controllerNamespace}`;
  if (w.mode === 'Namespaces')
    return `Namespaces ${w.namespaces.join(', ')} (${ctl}: its ConfigMaps, Secrets, Services and EndpointSlices too)`;
  if (w.mode === 'NamespaceSelector')
    return `NamespaceSelector ${JSON.stringify(w.namespaceSelector)} (${ctl}; objects read by name are not filtered)`;
  return 'not applied: every namespace is read';
}

/**
 * The settings as a text section: where they come from, then one line per setting.
 *
 * @param s - the settings
 * @returns the section
 */
export function settingsSection(s: SettingsInForce): TextSection {
  const origin =
    s.origin === 'input'
      ? `read from ${s.source ?? 'the input'}`
      : s.origin === 'test-data'
        ? "the translator test harness's (test-data layout)"
        : "Envoy Gateway's defaults (no EnvoyGateway configuration in the input)";
  const flag = (key: string): string => (s.overridden.includes(key) ? ' (option)' : '');
  const lines = [
    `  from: ${origin}`,
    `  controllerName: ${s.controllerName}${flag('controllerName')}`,
    `  extensionApis: enableLua ${s.enableLua}${flag('enableLua')}, enableBackend ${s.enableBackend}${flag('enableBackend')}, enableEnvoyPatchPolicy ${s.enableEnvoyPatchPolicy}, enableSDSSecretRef ${s.enableSDSSecretRef}${flag('enableSDSSecretRef')}`,
    `  rateLimit: ${s.globalRateLimit ? 'configured (global rate limits are built)' : 'not configured (a global rateLimit is Invalid)'}${flag('globalRateLimit')}`,
    `  envoyProxy defaults: ${s.envoyProxy === null ? 'none' : Object.keys(s.envoyProxy).join(', ') || '{}'}`,
  ];
  if (s.gatewayNamespaceMode) lines.push('  provider.kubernetes.deploy.type: GatewayNamespace');
  if (s.watch.configured) lines.push(`  provider.kubernetes.watch: ${watchLine(s.watch)}`);
  for (const c of s.gatewayClasses) {
    lines.push(
      `  GatewayClass ${c.name}: EnvoyProxy ${c.envoyProxy === null ? 'none' : c.envoyProxy.slice('EnvoyProxy/'.length)}, mergeGateways ${c.mergeGateways}`,
    );
  }
  return { title: 'Envoy Gateway settings in force', lines };
}
