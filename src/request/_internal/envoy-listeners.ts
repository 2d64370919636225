/**
 * The Envoy listeners a Gateway's programmed listeners become, per port
 * (`processHTTPListenerXdsTranslation`, internal/xds/translator/translator.go:322-531;
 * `addHCMToXDSListener`, listener.go:350-558):
 *
 * - plain HTTP listeners on one port share one filter chain and one route configuration, whose
 *   virtual hosts are those of each listener in IR listener order, one per distinct IR route
 *   hostname in first-appearance order (`addRouteToRouteConfig`, translator.go:566-760);
 * - each HTTPS listener is a filter chain of its own, chosen by SNI among the port's TLS filter
 *   chains (`server_names` = the listener hostname; none for a listener without hostname), with
 *   its own route configuration;
 * - a TLS listener contributes a filter chain per TLSRoute (server names: the route's hostnames
 *   intersected with the listener's) or per TCPRoute (the listener hostname).
 *
 * With `mergeGateways` every Gateway of the GatewayClass shares the Envoy fleet, so listeners of
 * all of them on one port meet here.
 */

import { computeHosts } from '../../model/_internal/topology-hostnames.js';
import { gatewaySettings } from '../../model/gateway-settings.js';
import type { ListenerNode, Topology } from '../../model/topology-types.js';
import type { IrRoute } from './ir-route.js';
import { buildSuffixIndex, type SuffixIndex } from './suffix-index.js';

/** One virtual host: a domain and its routes in Envoy's order. */
export interface VirtualHost {
  readonly domain: string;
  /** The listener whose IR routes made it. */
  readonly listener: string;
  readonly routes: readonly IrRoute[];
}

/** Two virtual hosts of one route configuration with the same domain. */
export interface DuplicateDomain {
  readonly domain: string;
  /** The listeners whose virtual hosts both have it, first one first. */
  readonly listeners: readonly [string, string];
}

/** A route configuration and its domain index (Envoy's `RouteMatcher`). */
export interface RouteConfig {
  readonly virtualHosts: readonly VirtualHost[];
  readonly exact: ReadonlyMap<string, VirtualHost>;
  /** `*suffix` hosts by their suffix (`.example.com` for `*.example.com`). */
  readonly suffixes: ReadonlyMap<string, VirtualHost>;
  /** The same, indexed for a lookup linear in the host's length. */
  readonly wildcards: SuffixIndex<VirtualHost>;
  readonly star: VirtualHost | null;
  /**
   * Domains two virtual hosts share: Envoy rejects the whole route configuration ("Only unique
   * values for domains are permitted"). Envoy Gateway v1.9 leaves a route hostname to another
   * listener of the port only when that listener's hostname is the same string (`computeHosts`),
   * so `a.example.com` on a `*.example.com` listener and on one without hostname both become
   * virtual hosts of the shared plain-HTTP configuration.
   */
  readonly duplicates: readonly DuplicateDomain[];
}

/** A TLS filter chain on a port. */
export type TlsChain =
  | {
      readonly type: 'https';
      readonly listener: string;
      readonly serverNames: readonly string[];
      readonly config: RouteConfig;
    }
  | {
      readonly type: 'tls';
      readonly listener: string;
      readonly serverNames: readonly string[];
      readonly route: string;
    };

/** Everything on one port of one Envoy fleet. */
export interface EnvoyPort {
  readonly port: number;
  /** Listeners on the port, in IR order, programmed or not. */
  readonly listeners: readonly string[];
  /** The plain-HTTP route configuration, when the port has programmed HTTP listeners. */
  readonly http: RouteConfig | null;
  readonly httpListeners: readonly string[];
  readonly tlsChains: readonly TlsChain[];
  /** Programmed TCP listeners (no routing by host). */
  readonly tcpListeners: readonly string[];
}

/** Builds a route configuration from listeners' IR routes. */
export function buildRouteConfig(
  listeners: readonly string[],
  routesOf: (l: string) => readonly IrRoute[],
): RouteConfig {
  const virtualHosts: VirtualHost[] = [];
  const exact = new Map<string, VirtualHost>();
  const suffixes = new Map<string, VirtualHost>();
  let star: VirtualHost | null = null;
  const duplicates: DuplicateDomain[] = [];
  for (const l of listeners) {
    const byHost = new Map<string, IrRoute[]>();
    for (const r of routesOf(l)) {
      const list = byHost.get(r.hostname);
      if (list) list.push(r);
      else byHost.set(r.hostname, [r]);
    }
    for (const [domain, routes] of byHost) {
      const key = domain.toLowerCase();
      const first = key === '*' ? star : key.startsWith('*') ? suffixes.get(key.slice(1)) : exact.get(key);
      const vh: VirtualHost = { domain, listener: l, routes };
      virtualHosts.push(vh);
      if (first !== undefined && first !== null) {
        duplicates.push({ domain, listeners: [first.listener, l] });
        continue;
      }
      if (key === '*') star = vh;
      else if (key.startsWith('*')) suffixes.set(key.slice(1), vh);
      else exact.set(key, vh);
    }
  }
  return { virtualHosts, exact, suffixes, wildcards: buildSuffixIndex(suffixes), star, duplicates };
}

/** A virtual host whose domain matches a host, and how. */
export interface VirtualHostMatch {
  readonly host: VirtualHost;
  readonly how: 'exact' | 'wildcard' | 'default';
}

/**
 * Every virtual host whose domain matches the host, in Envoy's preference
 * (`RouteMatcher::findVirtualHost` with `ignore_port_in_host_matching`): the exact domain, then
 * `*suffix` domains longest first (the host must be longer than the suffix), then `*`. Envoy
 * takes the first; the others are the ones it skipped.
 *
 * @param config - the route configuration
 * @param host - the Host / :authority, lower-case, port stripped
 * @returns the matching virtual hosts, best first (empty: Envoy answers 404)
 */
export function matchingVirtualHosts(config: RouteConfig, host: string): VirtualHostMatch[] {
  const out: VirtualHostMatch[] = [];
  const e = config.exact.get(host);
  if (e !== undefined) out.push({ host: e, how: 'exact' });
  // Longest suffix first, in one pass over the host (suffix-index.ts).
  for (const w of config.wildcards.matches(host)) out.push({ host: w, how: 'wildcard' });
  if (config.star !== null) out.push({ host: config.star, how: 'default' });
  return out;
}

/**
 * Envoy's filter chain choice by SNI: an exact server name, else the longest matching wildcard,
 * else a chain without server names.
 *
 * @param chains - the port's TLS chains
 * @param sni - the server name the client sends
 * @returns the chain, or null (the handshake fails)
 */
export function findTlsChain(chains: readonly TlsChain[], sni: string): TlsChain | null {
  let best: TlsChain | null = null;
  let bestLen = -1;
  let fallback: TlsChain | null = null;
  for (const c of chains) {
    if (c.serverNames.length === 0) {
      fallback ??= c;
      continue;
    }
    for (const n of c.serverNames) {
      const name = n.toLowerCase();
      if (name === sni) return c;
      if (
        name.startsWith('*.') &&
        sni.endsWith(name.slice(1)) &&
        sni.length > name.length - 1 &&
        name.length > bestLen
      ) {
        best = c;
        bestLen = name.length;
      }
    }
  }
  return best ?? fallback;
}

/** The Envoy fleet a Gateway belongs to: itself, or its GatewayClass under mergeGateways. */
export function fleetOf(topology: Topology, gateway: string): string {
  // mergeGateways is decided per GatewayClass (its EnvoyProxy, else the EnvoyGateway default).
  const settings = gatewaySettings(topology, gateway);
  if (!settings.mergeGateways) return gateway;
  return `class:${settings.gatewayClass}`;
}

/**
 * Every fleet's ports.
 *
 * @param topology - the graph
 * @param ready - whether a listener is programmed
 * @param routesOf - a programmed HTTP listener's IR routes, sorted
 * @returns fleet → port → what is there
 */
export function buildEnvoyPorts(
  topology: Topology,
  ready: (l: string) => boolean,
  routesOf: (l: string) => readonly IrRoute[],
): ReadonlyMap<string, ReadonlyMap<number, EnvoyPort>> {
  const listenersByFleet = new Map<string, ListenerNode[]>();
  for (const gw of topology.gateways.values()) {
    if (!gw.accepted) continue;
    const fleet = fleetOf(topology, gw.key);
    const list = listenersByFleet.get(fleet) ?? [];
    for (const k of gw.listeners) {
      const l = topology.listeners.get(k);
      if (l !== undefined) list.push(l);
    }
    listenersByFleet.set(fleet, list);
  }
  const out = new Map<string, Map<number, EnvoyPort>>();
  for (const [fleet, listeners] of listenersByFleet) {
    const byPort = new Map<number, ListenerNode[]>();
    for (const l of listeners) {
      const list = byPort.get(l.port);
      if (list) list.push(l);
      else byPort.set(l.port, [l]);
    }
    const ports = new Map<number, EnvoyPort>();
    for (const [port, onPort] of byPort) {
      const httpListeners = onPort.filter((l) => ready(l.key) && l.protocol === 'HTTP').map((l) => l.key);
      const tlsChains: TlsChain[] = [];
      for (const l of onPort) {
        if (!ready(l.key)) continue;
        if (l.protocol === 'HTTPS') {
          tlsChains.push({
            type: 'https',
            listener: l.key,
            serverNames: l.hostname === null || l.hostname === '*' ? [] : [l.hostname],
            config: buildRouteConfig([l.key], routesOf),
          });
        } else if (l.protocol === 'TLS') tlsChains.push(...tlsRouteChains(topology, l));
      }
      ports.set(port, {
        port,
        listeners: onPort.map((l) => l.key),
        http: httpListeners.length > 0 ? buildRouteConfig(httpListeners, routesOf) : null,
        httpListeners,
        tlsChains,
        tcpListeners: onPort.filter((l) => ready(l.key) && l.protocol === 'TCP').map((l) => l.key),
      });
    }
    out.set(fleet, ports);
  }
  return out;
}

/** The filter chains of a TLS listener: one per attached TLSRoute and TCPRoute (route.go:2298-2470, 2700-2830). */
function tlsRouteChains(topology: Topology, l: ListenerNode): TlsChain[] {
  const chains: TlsChain[] = [];
  const seen = new Set<string>();
  for (const kind of ['TLSRoute', 'TCPRoute'] as const) {
    for (const route of topology.routesByKind.get(kind) ?? []) {
      if (!route.parentRefs.some((p) => p.listeners.includes(l.key)) || seen.has(route.key)) continue;
      seen.add(route.key);
      const serverNames =
        kind === 'TLSRoute'
          ? computeHosts(route.hostnames, l.hostname, () => false).filter((h) => h !== '*')
          : l.hostname === null
            ? []
            : [l.hostname];
      chains.push({ type: 'tls', listener: l.key, serverNames, route: route.key });
    }
  }
  return chains;
}
