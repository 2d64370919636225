/**
 * ClientTrafficPolicy's own algorithm (eg-semantics R9): a section pass, then whole-ListenerSet
 * and whole-Gateway passes; listeners are the points; no merging.
 */
import { goQuote } from '../../go/quote.js';
import { compareBytes } from '../../go/string-order.js';
import { gatewaySettings } from '../../model/gateway-settings.js';
import type { Resource } from '../../model/resource.js';
import type { GatewayNode, ListenerNode, ListenerSetNode } from '../../model/topology-types.js';
import type { Policy } from '../../model/types.js';
import { ancestorRef } from '../ancestor-ref.js';
import type { PointPolicy } from '../resolution-types.js';
import { composeTargets, plainTargetRefs, type TargetRef } from '../resolve-targets.js';
import { type Scope, scope } from '../scope.js';
import { type EngineContext, KindRecorder, type KindRun, policyId, splitKey } from './context.js';
import { conditionMessage } from './direct-engine.js';
import {
  type ClientTrafficCheckContext,
  type ClientTrafficListener,
  clientTrafficListenerErrors,
} from './features/client-traffic.js';

const ENTIRE_GATEWAY = '/entireGatewayScope';

/**
 * The spec fields an HTTP listener keeps from a ClientTrafficPolicy whose features failed there:
 * Envoy Gateway writes them into the listener IR before it returns on the error (HTTP/2 only
 * when it built, HTTP/3 only on a TLS listener whose client validation does not disable it).
 */
const KEPT_ON_FAILURE: readonly string[] = [
  'clientIPDetection',
  'headers',
  'path',
  'http1',
  'http2',
  'http3',
  'grpc',
  'healthCheck',
  'scheme',
];

/**
 * Runs the ClientTrafficPolicy passes.
 *
 * @param ctx - the run context
 * @param policies - ClientTrafficPolicies, ordered and admitted
 * @returns status ops, decisions, processing order, and the policy applied per listener point
 */
export function resolveClientTraffic(
  ctx: EngineContext,
  policies: readonly Resource<Policy>[],
): KindRun & {
  readonly pointPolicies: ReadonlyMap<number, PointPolicy>;
  readonly translatedBy: ReadonlyMap<string, Resource<Policy>>;
} {
  const { topology, profile, points } = ctx;
  const rec = new KindRecorder('ClientTrafficPolicy', profile);
  const claimedSections = new Map<string, Set<string>>();
  const claimedScopes = new Map<string, Set<string>>();
  const pointPolicies = new Map<number, PointPolicy>();
  /**
   * Listener key → the policy translated for it (port overlap passed). Its clientIPDetection is
   * written to the listener IR before any feature error returns, so a SecurityPolicy's GeoIP
   * check reads it even when the policy is Invalid there.
   */
  const translatedBy = new Map<string, Resource<Policy>>();
  const httpIr = buildHttpIr();

  const sectionsOf = (gwKey: string): Set<string> => {
    let s = claimedSections.get(gwKey);
    if (!s) {
      s = new Set();
      claimedSections.set(gwKey, s);
    }
    return s;
  };

  // R9.1: section targets, plain refs only, any kind but ListenerSet is read as a Gateway.
  for (const current of policies) {
    const pid = policyId(current);
    for (const t of plainTargetRefs(current.object, current.namespace)) {
      if (t.sectionName === null) continue;
      const p = rec.handle(current);
      const section = t.sectionName;
      const resolved = resolve(t);
      const tScope =
        t.kind === 'ListenerSet'
          ? scope('ListenerSetListener', t.namespace, t.name, section)
          : scope('GatewayListener', t.namespace, t.name, section);
      if (!resolved) {
        rec.decide({
          policy: pid,
          scope: tScope,
          verdict: 'notFound',
          reason: notFound(t),
          fromSelector: false,
        });
        continue;
      }
      const { gw, ls } = resolved;
      const anc = [
        ls
          ? ancestorRef('ListenerSet', ls.namespace, ls.name, section)
          : ancestorRef('Gateway', gw.namespace, gw.name, section),
      ];
      if (resolved.error) {
        rec.set(p, anc, 'Accepted', 'False', 'TargetNotFound', resolved.error);
        rec.decide({
          policy: pid,
          scope: tScope,
          verdict: 'targetNotFound',
          reason: `R9.1: ${resolved.error}`,
          fromSelector: false,
        });
        continue;
      }
      const sectionKey = ls ? `${ls.namespace}/${ls.name}/${section}` : section;
      const claimed = sectionsOf(gw.key);
      if (claimed.has(sectionKey)) {
        rec.set(
          p,
          anc,
          'Accepted',
          'False',
          'Conflicted',
          `Unable to target section of ${t.name}, another ClientTrafficPolicy has already attached to it`,
        );
        rec.decide({
          policy: pid,
          scope: tScope,
          verdict: 'conflicted',
          reason: `R9.1: another ClientTrafficPolicy earlier in processing order already claims listener ${sectionKey} of Gateway ${gw.key}`,
          fromSelector: false,
        });
        continue;
      }
      claimed.add(sectionKey);
      let err: string | null = null;
      let failedOn: ListenerNode | null = null;
      let http3: string | null = null;
      for (const l of listenersOf(gw)) {
        if (ls && l.listenerSet !== ls.key) continue;
        if (l.name !== section) continue;
        err = portOverlap(l, 'section');
        if (err === null) {
          if (disablesHttp3(p, l)) http3 = http3Message([l.name]);
          // R9.1: the listener's feature errors replace the (absent) port-overlap error; Envoy
          // Gateway then keeps only what it wrote before the error (see applyFailed).
          translatedBy.set(l.key, p);
          err = translationError(p, l);
          if (err === null) apply(l, p, tScope);
          else {
            applyFailed(l, p, tScope);
            failedOn = l;
          }
        }
        break;
      }
      if (err !== null) rec.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(err));
      rec.accepted(p, anc);
      if (http3 !== null) rec.warning(p, anc, 'UnsupportedHTTP3ClientValidation', http3);
      rec.deprecated(p, anc);
      rec.decide({
        policy: pid,
        scope: tScope,
        verdict: err === null ? 'applied' : 'invalid',
        reason:
          err === null
            ? 'R9.4: a section ClientTrafficPolicy beats ListenerSet-wide and Gateway-wide ones'
            : `R9.1: ${err}${failedOn ? failedNote(failedOn) : ''}`,
        fromSelector: false,
      });
    }
  }

  // R9.2: whole ListenerSet, then whole Gateway; selectors over Gateways and ListenerSets.
  const targets = policies.map((p) => composeTargets(topology, p, 'GatewayOrListenerSet'));
  for (const passKind of ['ListenerSet', 'Gateway'] as const) {
    if (passKind === 'ListenerSet' && !profile.listenerSets) continue;
    policies.forEach((current, i) => {
      const pid = policyId(current);
      for (const t of targets[i] ?? []) {
        if (t.sectionName !== null || t.kind !== passKind) continue;
        const p = rec.handle(current);
        const resolved = resolve(t);
        const tScope =
          passKind === 'ListenerSet'
            ? scope('ListenerSet', t.namespace, t.name)
            : scope('Gateway', t.namespace, t.name);
        if (!resolved) {
          rec.decide({
            policy: pid,
            scope: tScope,
            verdict: 'notFound',
            reason: notFound(t),
            fromSelector: t.selectorIndex !== null,
          });
          continue;
        }
        const { gw, ls } = resolved;
        const anc = [
          ls
            ? ancestorRef('ListenerSet', ls.namespace, ls.name, null)
            : ancestorRef('Gateway', gw.namespace, gw.name, null),
        ];
        const scopeKey = ls ? `listenerset/${ls.namespace}/${ls.name}` : ENTIRE_GATEWAY;
        let scopes = claimedScopes.get(gw.key);
        if (scopes?.has(scopeKey)) {
          const what = ls ? 'ListenerSet' : 'Gateway';
          rec.set(
            p,
            anc,
            'Accepted',
            'False',
            'Conflicted',
            `Unable to target ${what} ${t.name}, another ClientTrafficPolicy has already attached to it`,
          );
          rec.decide({
            policy: pid,
            scope: tScope,
            verdict: 'conflicted',
            reason: `R9.2: another ClientTrafficPolicy earlier in processing order already claims ${what} ${t.namespace}/${t.name}`,
            fromSelector: t.selectorIndex !== null,
          });
          continue;
        }
        // R9.2 step 3: Overridden before Accepted.
        const overriding: string[] = [];
        const claimed = claimedSections.get(gw.key) ?? new Set<string>();
        if (ls) {
          const prefix = `${ls.namespace}/${ls.name}/`;
          for (const c of claimed) if (c.startsWith(prefix)) overriding.push(c.slice(prefix.length));
        } else {
          for (const c of claimed) overriding.push(c.slice(c.lastIndexOf('/') + 1));
        }
        if (overriding.length > 0) {
          overriding.sort(compareBytes);
          rec.set(
            p,
            anc,
            'Overridden',
            'True',
            'Overridden',
            `There are existing ClientTrafficPolicies that are overriding these sections [${overriding.join(' ')}]`,
          );
        }
        if (!scopes) {
          scopes = new Set();
          claimedScopes.set(gw.key, scopes);
        }
        scopes.add(scopeKey);
        const errs: string[] = [];
        let portErrors = 0;
        let appliedCount = 0;
        const featureFailures: { l: ListenerNode; err: string }[] = [];
        const http3Listeners: string[] = [];
        for (const l of listenersOf(gw)) {
          if (ls && l.listenerSet !== ls.key) continue;
          const sectionKey = l.listenerSet !== null ? `${l.listenerSet}/${l.name}` : l.name;
          if (claimed.has(sectionKey)) continue;
          const err = portOverlap(l, ls ? 'listenerSet' : 'gateway');
          if (err !== null) {
            errs.push(err);
            portErrors++;
            continue;
          }
          if (disablesHttp3(p, l)) http3Listeners.push(l.name);
          translatedBy.set(l.key, p);
          const ferr = translationError(p, l);
          if (ferr !== null) {
            // Envoy Gateway keeps what it wrote before the error; the policy still covers the others.
            errs.push(ferr);
            featureFailures.push({ l, err: ferr });
            applyFailed(l, p, tScope);
          } else {
            apply(l, p, tScope);
            appliedCount++;
          }
          if (ls) sectionsOf(gw.key).add(`${ls.namespace}/${ls.name}/${l.name}`);
        }
        if (errs.length > 0)
          rec.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(errs.join('\n')));
        rec.accepted(p, anc);
        if (http3Listeners.length > 0)
          rec.warning(p, anc, 'UnsupportedHTTP3ClientValidation', http3Message(http3Listeners));
        rec.deprecated(p, anc);
        const invalid = portErrors > 0 || (featureFailures.length > 0 && appliedCount === 0);
        const covers =
          passKind === 'ListenerSet'
            ? 'R9.2: a ListenerSet-wide ClientTrafficPolicy covers its listeners not claimed by section policies, and beats a Gateway-wide one'
            : 'R9.2: a Gateway-wide ClientTrafficPolicy covers every listener not claimed by a section or ListenerSet-wide policy';
        rec.decide({
          policy: pid,
          scope: tScope,
          verdict: invalid ? 'invalid' : 'applied',
          reason: !invalid
            ? covers
            : portErrors > 0
              ? `R9.2: ${errs.join('; ')}`
              : `${covers}, but its features failed on every one of them (see each listener)`,
          fromSelector: t.selectorIndex !== null,
        });
        // The listeners whose features failed, each decided on its own (R9.2 step 4).
        for (const { l, err } of featureFailures) {
          rec.decide({
            policy: pid,
            scope:
              l.listenerSet !== null
                ? scope('ListenerSetListener', ...splitKey(l.listenerSet), l.name)
                : scope('GatewayListener', gw.namespace, gw.name, l.name),
            verdict: 'invalid',
            reason: `R9.2: ${err}${failedNote(l)}`,
            fromSelector: t.selectorIndex !== null,
          });
        }
      }
    });
  }

  return {
    processed: rec.processed,
    processedResources: rec.processedResources,
    ops: rec.ops,
    decisions: rec.decisions,
    pointPolicies,
    translatedBy,
  };

  // -------------------------------------------------------------------------------------------

  function resolve(
    t: TargetRef,
  ): { gw: GatewayNode; ls: ListenerSetNode | null; error: string | null } | null {
    if (t.kind === 'ListenerSet') {
      const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
      if (!ls) return null;
      const gw = topology.gateways.get(ls.parentGateway);
      if (!gw?.accepted) return null;
      if (t.sectionName !== null) {
        const listeners = ls.resource.object.spec?.listeners;
        const found = Array.isArray(listeners) && listeners.some((l) => l?.name === t.sectionName);
        if (!found) {
          return {
            gw,
            ls,
            error: `ListenerSet ${ls.namespace}/${ls.name} does not have a listener named ${goQuote(t.sectionName)}`,
          };
        }
      }
      return { gw, ls, error: null };
    }
    // R9.1: any other kind is looked up as a Gateway.
    const gw = topology.gateways.get(`${t.namespace}/${t.name}`);
    if (!gw?.accepted) return null;
    if (t.sectionName !== null) {
      // All listeners, ListenerSet ones included (unlike BTP/SP/EEP).
      const found = listenersOf(gw).some((l) => l.name === t.sectionName);
      if (!found)
        return { gw, ls: null, error: `No section name ${t.sectionName} found for Gateway ${gw.key}` };
    }
    return { gw, ls: null, error: null };
  }

  function listenersOf(gw: GatewayNode): ListenerNode[] {
    return gw.listeners.map((k) => topology.listeners.get(k)).filter((l): l is ListenerNode => !!l);
  }

  /** `translateClientTrafficPolicyForListener`: the policy's feature errors on one listener. */
  function translationError(p: Resource<Policy>, l: ListenerNode): string | null {
    const spec = (p.object.spec ?? {}) as Record<string, unknown>;
    return clientTrafficListenerErrors(spec, checkContext(p, l));
  }

  /** What a listener keeps of a policy whose features failed there, for decision reasons. */
  function failedNote(l: ListenerNode): string {
    return listenerInfo(l).ir === 'http'
      ? '; Envoy Gateway keeps only the settings it wrote before the error (client IP detection, headers, path, HTTP/1, HTTP/2, HTTP/3, gRPC, health check, scheme: no keepalive, connection, proxy protocol, timeout or TLS settings) and answers 500 on every route of the listener'
      : "; Envoy Gateway writes none of its settings and drops the listener's routes";
  }

  function checkContext(p: Resource<Policy>, l: ListenerNode): ClientTrafficCheckContext {
    return {
      topology,
      ownerNamespace: () => p.namespace,
      policyNamespace: p.namespace,
      listener: listenerInfo(l),
    };
  }

  function listenerInfo(l: ListenerNode): ClientTrafficListener {
    const protocol = l.protocol;
    const ir =
      protocol === 'HTTP' || protocol === 'HTTPS'
        ? 'http'
        : protocol === 'TCP' || protocol === 'TLS'
          ? 'tcp'
          : null;
    const mode = (l.spec.tls as { mode?: unknown } | undefined)?.mode ?? 'Terminate';
    return {
      ir,
      tls: protocol === 'HTTPS' || (protocol === 'TLS' && mode === 'Terminate'),
      hostnames: [l.hostname ?? '*'],
      specificRouteCount: () => specificRouteCount(l),
    };
  }

  /** IR routes with a non-wildcard hostname on an HTTP listener (`computeHosts` × rules × matches), up to 2. */
  function specificRouteCount(l: ListenerNode): number {
    let count = 0;
    for (const lr of topology.routesOnListener.get(l.key) ?? []) {
      const route = topology.routes.get(lr.route);
      if (!route || (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute')) continue;
      const hosts = new Set(routeHosts(route.hostnames, l.hostname).filter((h) => !h.includes('*')));
      let perHost = 0;
      for (const rule of route.rules) {
        const matches = (rule.spec as { matches?: unknown }).matches;
        perHost += Array.isArray(matches) && matches.length > 0 ? matches.length : 1;
      }
      count += hosts.size * perHost;
      if (count > 1) return 2;
    }
    return count;
  }

  function apply(l: ListenerNode, p: Resource<Policy>, s: Scope): void {
    const id = points.listenerPoint.get(l.key);
    if (id === undefined || pointPolicies.has(id)) return;
    pointPolicies.set(id, { applied: [policyId(p)], mode: 'replace', scopeKind: s.kind });
  }

  /**
   * A listener whose features failed (`translateClientTrafficPolicyForListener` returns early):
   * on an HTTP listener Envoy Gateway has already written client IP detection, headers, path,
   * HTTP/1, HTTP/2 (when it built), HTTP/3 (TLS, not disabled by client validation), gRPC,
   * health check and scheme, never writes keepalive, connection, proxy protocol, timeouts or
   * TLS, and makes every route answer 500; on a TCP listener it writes nothing and drops the
   * routes.
   */
  function applyFailed(l: ListenerNode, p: Resource<Policy>, s: Scope): void {
    const id = points.listenerPoint.get(l.key);
    if (id === undefined || pointPolicies.has(id)) return;
    const info = listenerInfo(l);
    let kept: string[] = [];
    if (info.ir === 'http') {
      const spec = (p.object.spec ?? {}) as Record<string, unknown>;
      const http2Failed =
        clientTrafficListenerErrors(spec, checkContext(p, l), (feature) => feature === 'HTTP2') !== null;
      // The fields the policy sets (names matched case-insensitively, as Go decodes them).
      const set = new Set(
        Object.keys(spec)
          .filter((k) => spec[k] !== undefined && spec[k] !== null)
          .map((k) => k.toLowerCase()),
      );
      kept = KEPT_ON_FAILURE.filter(
        (f) =>
          set.has(f.toLowerCase()) &&
          (f !== 'http2' || !http2Failed) &&
          (f !== 'http3' || (info.tls && !disablesHttp3(p, l))),
      );
    }
    pointPolicies.set(id, {
      applied: [policyId(p)],
      mode: 'replace',
      scopeKind: s.kind,
      failed: { kept, routes: info.ir === 'http' ? 'answer500' : 'dropped' },
    });
  }

  /** HTTP IR listeners per IR key (a Gateway, or the GatewayClass with mergeGateways), in IR order. */
  function buildHttpIr(): Map<string, { irKey: string; list: ListenerNode[] }> {
    const byListener = new Map<string, { irKey: string; list: ListenerNode[] }>();
    const byIrKey = new Map<string, ListenerNode[]>();
    for (const gw of topology.gateways.values()) {
      if (!gw.accepted) continue;
      // Per GatewayClass: the IR key is the class under its mergeGateways, else the Gateway.
      const irKey = gatewaySettings(topology, gw.key).irKey;
      let list = byIrKey.get(irKey);
      if (!list) {
        list = [];
        byIrKey.set(irKey, list);
      }
      for (const lk of gw.listeners) {
        const l = topology.listeners.get(lk);
        if (!l || (l.protocol !== 'HTTP' && l.protocol !== 'HTTPS')) continue;
        list.push(l);
        byListener.set(l.key, { irKey, list });
      }
    }
    return byListener;
  }

  /** `validatePortOverlapForClientTrafficPolicy` (R9.1 step 4, R9.2 step 4). */
  function portOverlap(l: ListenerNode, kind: 'section' | 'gateway' | 'listenerSet'): string | null {
    const ir = httpIr.get(l.key);
    if (!ir || l.protocol === 'HTTPS') return null;
    const same = ir.list.filter((o) => o !== l && o.port === l.port).map((o) => o.key);
    if (same.length === 0) return null;
    let conflicting = same;
    if (kind !== 'section') {
      // String-prefix checks on IR names; the Gateway prefix has no trailing slash (R9.2 quirk).
      const parts = l.key.split('/');
      const prefix =
        kind === 'gateway' ? `${parts[0]}/${parts[1]}` : `${parts[0]}/${parts[1]}/${parts[2]}/${parts[3]}/`;
      conflicting = same.filter((n) => !n.startsWith(prefix));
    }
    if (conflicting.length === 0) return null;
    return `ClientTrafficPolicy is being applied to multiple http (non https) listeners (${conflicting.join(', ')}) on the same port, which is not allowed`;
  }

  function disablesHttp3(p: Resource<Policy>, l: ListenerNode): boolean {
    if (l.protocol !== 'HTTPS') return false;
    const spec = (p.object.spec ?? {}) as Record<string, unknown>;
    const tls = spec.tls as Record<string, unknown> | undefined | null;
    return (
      spec.http3 !== undefined &&
      spec.http3 !== null &&
      !!tls &&
      tls.clientValidation !== undefined &&
      tls.clientValidation !== null
    );
  }

  function notFound(t: TargetRef): string {
    return `R3.5: no ${t.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway'} ${t.namespace}/${t.name} managed by this controller; the target is silently skipped`;
  }
}

/** `computeHosts` for a listener whose hostname is absent or a wildcard. */
function routeHosts(routeHostnames: readonly string[], listenerHostname: string | null): string[] {
  if (routeHostnames.length === 0) return [listenerHostname ?? '*'];
  if (listenerHostname === null || listenerHostname === '') return [...routeHostnames];
  const out: string[] = [];
  for (const h of routeHostnames) {
    if (h === listenerHostname) out.push(h);
    else if (listenerHostname.startsWith('*') && !h.startsWith('*')) {
      const suffix = listenerHostname.slice(1);
      if (h.endsWith(suffix) && h.length > suffix.length) out.push(h);
    }
  }
  return out;
}

function http3Message(listeners: string[]): string {
  const target =
    listeners.length > 1
      ? `listeners [${[...listeners].sort(compareBytes).join(' ')}]`
      : `listener ${goQuote(listeners[0] ?? '')}`;
  return `HTTP/3 was disabled for ${target} because Envoy does not support downstream client TLS validation over QUIC`;
}
