/**
 * The six-pass engine of BackendTrafficPolicy, SecurityPolicy and EnvoyExtensionPolicy
 * (eg-semantics R4–R8, R10). Ported rule by rule from Envoy Gateway's `Process*Policies`; every
 * quirk is named by its R-number.
 */
import type { Resource } from '../../model/resource.js';
import type { GatewayNode, ListenerNode, ListenerSetNode, RouteNode } from '../../model/topology-types.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import { featureErrors } from '../feature-checks.js';
import type { AncestorRef, PointMode, PointPolicy } from '../resolution-types.js';
import { composeTargets, plainTargetRefs, type TargetRef } from '../resolve-targets.js';
import { formatScopes, type Scope, ScopeGraph, scope, scopeKey } from '../scope.js';
import {
  ancestorRef,
  type EngineContext,
  KindRecorder,
  type KindRun,
  policyId,
  splitKey,
} from './context.js';
import type { PointSlot } from './points.js';

type DirectKind = Exclude<PolicyKind, 'ClientTrafficPolicy'>;

/** R6.3: the BackendTrafficPolicy fields a TCP route takes per field (IR field → spec field). */
const BTP_TCP_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['loadBalancer', 'loadBalancer'],
  ['proxyProtocol', 'proxyProtocol'],
  ['healthCheck', 'healthCheck'],
  ['circuitBreaker', 'circuitBreaker'],
  ['tcpKeepalive', 'tcpKeepalive'],
  ['timeout', 'timeout'],
  ['backendConnection', 'connection'],
  ['dns', 'dns'],
];
/** R6.3: the gateway-level application never sets backendConnection on TCP routes. */
const BTP_TCP_FIELDS_GATEWAY = BTP_TCP_FIELDS.filter(([ir]) => ir !== 'backendConnection');
/** R6.3: UDP routes take only loadBalancer and dns. */
const BTP_UDP_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['loadBalancer', 'loadBalancer'],
  ['dns', 'dns'],
];

interface Claimant {
  readonly policy: string;
  readonly mode: PointMode;
  readonly scope: Scope;
  readonly parent?: { readonly policy: string; readonly scope: Scope };
}

/** Per-point claim state for one kind. */
interface PointState {
  claim?: Claimant;
  /** TCP / UDP per-field contributors by spec field, and every BTP that touched a TCP route (R6.3). */
  fields?: Record<string, string>;
  touched?: string[];
}

/** A resolve error: Conflicted or TargetNotFound (R5). */
interface ResolveError {
  readonly reason: 'Conflicted' | 'TargetNotFound';
  readonly message: string;
  readonly heldBy?: string;
}

/**
 * Runs the six passes for one kind.
 *
 * @param ctx - the run context
 * @param kind - BTP, SP or EEP
 * @param policies - the kind's policies, already ordered and admitted
 * @returns status ops, decisions, processing order, and the per-point outcome
 */
export function resolveDirectKind(
  ctx: EngineContext,
  kind: DirectKind,
  policies: readonly Resource<Policy>[],
): KindRun & { readonly pointPolicies: Map<number, PointPolicy> } {
  const { topology, profile, points } = ctx;
  const rec = new KindRecorder(kind, profile);
  const kp = rec.kp;

  // R5.1 attached markers, per exact scope, holding the policy that claimed it.
  const routeAttached = new Map<string, string>();
  const ruleAttached = new Map<string, Map<string, string>>();
  const gwAttached = new Map<string, string>();
  const gwListenerAttached = new Map<string, Map<string, string>>();
  const lsAttached = new Map<string, string>();
  const lsListenerAttached = new Map<string, Map<string, string>>();

  const overrides = new ScopeGraph();
  const merged = new ScopeGraph();
  const state: (PointState | undefined)[] = new Array(points.all.length);

  const stateOf = (p: PointSlot): PointState => {
    let s = state[p.id];
    if (!s) {
      s = {};
      state[p.id] = s;
    }
    return s;
  };

  // Target lists are computed once per (policy, candidate set): the parent maps and the passes share them.
  const targetMemo = new Map<Resource<Policy>, Map<string, TargetRef[]>>();
  const targetsOf = (
    p: Resource<Policy>,
    candidates: 'Gateway' | 'ListenerSet' | 'routes' | null,
  ): TargetRef[] => {
    let m = targetMemo.get(p);
    if (!m) {
      m = new Map();
      targetMemo.set(p, m);
    }
    const k = candidates ?? 'plain';
    let v = m.get(k);
    if (!v) {
      v =
        candidates === null
          ? plainTargetRefs(p.object, p.namespace)
          : composeTargets(topology, p, candidates);
      m.set(k, v);
    }
    return v;
  };

  // R4.1: parent maps, first valid policy per (Gateway|ListenerSet, section).
  const gatewayPolicyMap = new Map<string, Resource<Policy>>();
  const lsPolicyMap = new Map<string, Resource<Policy>>();
  for (const p of policies) {
    for (const t of targetsOf(p, 'Gateway')) {
      if (t.kind !== 'Gateway') continue;
      const gw = acceptedGateway(t.namespace, t.name);
      if (!gw) continue;
      if (t.sectionName !== null && !hasDirectListener(gw, t.sectionName)) continue;
      const k = `${gw.key}|${t.sectionName ?? ''}`;
      if (!gatewayPolicyMap.has(k)) gatewayPolicyMap.set(k, p);
    }
  }
  if (profile.listenerSets) {
    for (const p of policies) {
      for (const t of targetsOf(p, 'ListenerSet')) {
        if (t.kind !== 'ListenerSet') continue;
        const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
        if (!ls) continue;
        if (t.sectionName !== null && !lsHasListener(ls, t.sectionName)) continue;
        const k = `${ls.key}|${t.sectionName ?? ''}`;
        if (!lsPolicyMap.has(k)) lsPolicyMap.set(k, p);
      }
    }
  }

  // Pass 1: route rules (plain refs only). R3.6: any non-Gateway kind with a sectionName.
  for (const p of policies) {
    for (const t of targetsOf(p, null)) {
      if (t.kind !== 'Gateway' && t.sectionName !== null) {
        processForRoute(rec.handle(p), t);
      }
    }
  }
  // Pass 2: routes (selectors over relevant routes + plain refs).
  for (const p of policies) {
    for (const t of targetsOf(p, 'routes')) {
      if (t.kind !== 'Gateway' && t.sectionName === null) {
        processForRoute(rec.handle(p), t);
      }
    }
  }
  // Passes 3 and 4 run only when a ListenerSet exists (R4.2).
  if (profile.listenerSets && topology.listenerSets.size > 0) {
    for (const p of policies) {
      for (const t of targetsOf(p, null)) {
        if (t.kind === 'ListenerSet' && t.sectionName !== null) {
          processForListenerSet(rec.handle(p), t);
        }
      }
    }
    for (const p of policies) {
      for (const t of targetsOf(p, 'ListenerSet')) {
        if (t.kind === 'ListenerSet' && t.sectionName === null) {
          processForListenerSet(rec.handle(p), t);
        }
      }
    }
  }
  // Pass 5: Gateway listeners (plain refs only).
  for (const p of policies) {
    for (const t of targetsOf(p, null)) {
      if (t.kind === 'Gateway' && t.sectionName !== null) {
        processForGateway(rec.handle(p), t);
      }
    }
  }
  // Pass 6: Gateways.
  for (const p of policies) {
    for (const t of targetsOf(p, 'Gateway')) {
      if (t.kind === 'Gateway' && t.sectionName === null) {
        processForGateway(rec.handle(p), t);
      }
    }
  }

  const pointPolicies = new Map<number, PointPolicy>();
  for (let id = 0; id < state.length; id++) {
    const s = state[id];
    if (!s) continue;
    if (s.claim) {
      const c = s.claim;
      const applied = c.parent ? [c.policy, c.parent.policy] : [c.policy];
      pointPolicies.set(id, {
        applied,
        mode: c.mode,
        scopeKind: c.scope.kind,
        ...(c.parent ? { parent: c.parent } : {}),
        ...(s.fields ? { fields: { ...s.fields } } : {}),
      });
    } else if (s.fields && Object.keys(s.fields).length + (s.touched?.length ?? 0) > 0) {
      const applied = [...new Set([...(s.touched ?? []), ...Object.values(s.fields)])];
      if (applied.length === 0) continue;
      pointPolicies.set(id, { applied, mode: 'fieldFallback', scopeKind: 'Route', fields: { ...s.fields } });
    }
  }
  return {
    processed: rec.processed,
    processedResources: rec.processedResources,
    ops: rec.ops,
    decisions: rec.decisions,
    pointPolicies,
  };

  // -------------------------------------------------------------------------------------------

  function acceptedGateway(ns: string, name: string): GatewayNode | undefined {
    const gw = topology.gateways.get(`${ns}/${name}`);
    return gw?.accepted ? gw : undefined;
  }

  function hasDirectListener(gw: GatewayNode, section: string): boolean {
    return gw.directListeners.some((lk) => topology.listeners.get(lk)?.name === section);
  }

  function lsHasListener(ls: ListenerSetNode, section: string): boolean {
    // EG validates against the ListenerSet's spec.listeners as written (R5.3).
    const listeners = ls.resource.object.spec?.listeners;
    return Array.isArray(listeners) && listeners.some((l) => l?.name === section);
  }

  function conflictMessage(scopeWord: string, target: string): string {
    return `Unable to target ${scopeWord} ${target}, another ${kind} has already attached to it`;
  }

  /** Route-level target: resolve (R5), ancestors and graph writes (R8.2, R8.7), apply (R6/R7). */
  function processForRoute(p: Resource<Policy>, t: TargetRef): void {
    const pid = policyId(p);
    const route = topology.routes.get(`${t.kind}/${t.namespace}/${t.name}`);
    const tScope =
      t.sectionName === null
        ? scope('Route', t.namespace, t.name, '', t.kind)
        : scope('RouteRule', t.namespace, t.name, t.sectionName, t.kind);
    if (!route || !route.relevant) {
      // R3.5: target not found ⇒ silence.
      rec.decide({
        policy: pid,
        scope: tScope,
        verdict: 'notFound',
        reason: notFoundReason(t),
        fromSelector: t.selectorIndex !== null,
      });
      return;
    }

    // R5.3 then R5.1.
    let err: ResolveError | null = null;
    if (t.sectionName !== null) {
      const section = t.sectionName;
      if (!route.rules.some((r) => r.name === section)) {
        err = {
          reason: 'TargetNotFound',
          message: `No section name ${section} found for ${t.kind} ${t.namespace}/${t.name}`,
        };
      } else {
        let rules = ruleAttached.get(route.key);
        if (!rules) {
          rules = new Map();
          ruleAttached.set(route.key, rules);
        }
        const holder = rules.get(section);
        if (holder !== undefined) {
          err = {
            reason: 'Conflicted',
            message: conflictMessage('RouteRule', `${t.name}/${section}`),
            heldBy: holder,
          };
        } else rules.set(section, pid);
      }
    } else {
      const holder = routeAttached.get(route.key);
      if (holder !== undefined) {
        err = { reason: 'Conflicted', message: conflictMessage(t.kind, t.name), heldBy: holder };
      } else routeAttached.set(route.key, pid);
    }

    // R8.2 ancestors and R8.7 step 1 graph writes, before the error check (R5.2).
    const ancestors: AncestorRef[] = [];
    const parentRefs: RouteNode['parentRefs'][number][] = [];
    const routeScope = scope('Route', route.namespace, route.name, '', route.kind);
    for (const pr of route.parentRefs) {
      if (!pr.managed) continue;
      if (pr.kind === 'Gateway') {
        overrides.add(
          pr.sectionName !== null
            ? scope('GatewayListener', pr.namespace, pr.name, pr.sectionName)
            : scope('Gateway', pr.namespace, pr.name),
          routeScope,
        );
        pushUnique(ancestors, ancestorRef('Gateway', pr.namespace, pr.name, pr.sectionName));
        parentRefs.push(pr);
      } else if (pr.kind === 'ListenerSet') {
        const ls = topology.listenerSets.get(`${pr.namespace}/${pr.name}`);
        if (!ls) continue; // §11.10: a missing ListenerSet is skipped for ancestors.
        const [gwNs, gwName] = splitKey(ls.parentGateway);
        overrides.registerListenerSet(ls.namespace, ls.name, gwNs, gwName);
        overrides.add(
          pr.sectionName !== null
            ? scope('ListenerSetListener', pr.namespace, pr.name, pr.sectionName)
            : scope('ListenerSet', pr.namespace, pr.name),
          routeScope,
        );
        pushUnique(ancestors, ancestorRef('ListenerSet', pr.namespace, pr.name, pr.sectionName));
        parentRefs.push(pr);
      }
    }

    if (err) {
      rec.set(p, ancestors, 'Accepted', 'False', err.reason, err.message);
      rec.decide({
        policy: pid,
        scope: tScope,
        verdict: err.reason === 'Conflicted' ? 'conflicted' : 'targetNotFound',
        reason:
          err.reason === 'Conflicted'
            ? `R5.1: ${err.heldBy} came first in processing order and already claims ${describe(tScope)}`
            : `R5.3: ${err.message}`,
        ...(err.heldBy !== undefined ? { heldBy: err.heldBy } : {}),
        fromSelector: t.selectorIndex !== null,
      });
      return;
    }

    // R6.4 / R7.9: SecurityPolicy on a TCPRoute takes authorization only.
    if (kind === 'SecurityPolicy' && t.kind === 'TCPRoute') {
      const tcpErr = securityPolicyTcpError(p.object);
      if (tcpErr !== null) {
        rec.set(
          p,
          ancestors,
          'Accepted',
          'False',
          'Invalid',
          conditionMessage(`invalid SecurityPolicy for TCP route: ${tcpErr}`),
        );
        rec.decide({
          policy: pid,
          scope: tScope,
          verdict: 'invalid',
          reason: `R6.4: ${tcpErr}`,
          fromSelector: t.selectorIndex !== null,
        });
        return;
      }
    }

    const mergeType = p.object.spec?.mergeType;
    let anyMerged = false;
    let anyInvalid = false;
    if (mergeType === undefined || mergeType === null || !kp.mergeType) {
      // R6.5: a feature error is Invalid on every ancestor; BTP/EEP then leave the routes unclaimed.
      const ferr = featureError(p.object, p.object, null);
      if (ferr !== null) {
        rec.set(p, ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
        anyInvalid = true;
      }
      applyToRoute(
        p,
        route,
        t.sectionName,
        null,
        { policy: pid, mode: 'replace', scope: tScope },
        undefined,
        ferr !== null,
      );
    } else {
      // R7.2: one parent per listener, no chaining; rule policies skip route policies.
      for (const pr of parentRefs) {
        // R7.2: EG iterates RouteParentContext.listeners, before the hostname check.
        for (const lk of pr.allowedListeners) {
          const l = topology.listeners.get(lk);
          if (!l) continue;
          const [gwNs, gwName] = splitKey(l.gateway);
          let parent: Resource<Policy> | undefined;
          let parentScope: Scope | undefined;
          let anc: AncestorRef;
          if (l.listenerSet !== null) {
            const [lsNs, lsName] = splitKey(l.listenerSet);
            anc = ancestorRef('ListenerSet', lsNs, lsName, l.name);
            const a = lsPolicyMap.get(`${l.listenerSet}|${l.name}`);
            const b = lsPolicyMap.get(`${l.listenerSet}|`);
            const c = gatewayPolicyMap.get(`${l.gateway}|`);
            if (a) [parent, parentScope] = [a, scope('ListenerSetListener', lsNs, lsName, l.name)];
            else if (b) [parent, parentScope] = [b, scope('ListenerSet', lsNs, lsName)];
            else if (c) [parent, parentScope] = [c, scope('Gateway', gwNs, gwName)];
          } else {
            anc = ancestorRef('Gateway', gwNs, gwName, l.name);
            const a = gatewayPolicyMap.get(`${l.gateway}|${l.name}`);
            const b = gatewayPolicyMap.get(`${l.gateway}|`);
            if (a) [parent, parentScope] = [a, scope('GatewayListener', gwNs, gwName, l.name)];
            else if (b) [parent, parentScope] = [b, scope('Gateway', gwNs, gwName)];
          }
          if (!parent || !parentScope) {
            // R7.3: no parent ⇒ the route policy alone, on this listener only.
            const ferr = featureError(p.object, p.object, null);
            if (ferr !== null) {
              rec.set(p, [anc], 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
              anyInvalid = true;
            }
            applyToRoute(
              p,
              route,
              t.sectionName,
              l,
              { policy: pid, mode: 'replace', scope: tScope },
              undefined,
              ferr !== null,
            );
            continue;
          }
          if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') {
            // utils.Merge rejects any other value (R1.5: CEL forbids Replace in a cluster).
            const inner = `unsupported merge type: ${String(mergeType)}`;
            const msg =
              kind === 'BackendTrafficPolicy'
                ? conditionMessage(`error merging policies: ${inner}`)
                : `error merging policies: ${inner}`;
            rec.set(p, [anc], 'Accepted', 'False', 'Invalid', msg);
            continue;
          }
          // R7.5: the merge itself (through the hook when given; see ResolveOptions.merge).
          let mergedPolicy: Policy = mergedSpecView(p.object, parent.object);
          if (ctx.merge) {
            const r = ctx.merge(parent.object, p.object, mergeType as 'StrategicMerge' | 'JSONMerge');
            if (!r.ok) {
              // R7.10: BTP capitalises via Error2ConditionMsg; SP/EEP print the raw text.
              const text = `error merging policies: ${r.error}`;
              rec.set(
                p,
                [anc],
                'Accepted',
                'False',
                'Invalid',
                kind === 'BackendTrafficPolicy' ? conditionMessage(text) : text,
              );
              continue;
            }
            mergedPolicy = { ...p.object, spec: (r.merged.spec ?? {}) as Policy['spec'] } as Policy;
          }
          if (kind === 'SecurityPolicy' && t.kind === 'TCPRoute') {
            // R7.9: the merged policy is validated again.
            const mergedErr = securityPolicyTcpError(mergedPolicy);
            if (mergedErr !== null) {
              rec.set(p, [anc], 'Accepted', 'False', 'Invalid', conditionMessage(mergedErr));
              continue;
            }
          }
          // R7.7: references in the merged policy resolve in the namespace of the field's owner.
          const ferr = featureError(mergedPolicy, p.object, parent.object);
          applyToRoute(
            p,
            route,
            t.sectionName,
            l,
            {
              policy: pid,
              mode: mergeType as PointMode,
              scope: tScope,
              parent: { policy: policyId(parent), scope: parentScope },
            },
            mergedPolicy,
            ferr !== null,
          );
          if (ferr !== null) {
            // R7.10: the listener's ancestor gets Invalid; no Merged, nothing recorded as merged.
            rec.set(p, [anc], 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
            anyInvalid = true;
            continue;
          }
          merged.add(parentScope, routeScope);
          anyMerged = true;
          rec.set(
            p,
            [anc],
            'Merged',
            'True',
            'Merged',
            profile.messages.mergedWith(parent.namespace, parent.name),
          );
        }
      }
    }

    rec.accepted(p, ancestors);
    rec.deprecated(p, ancestors);
    rec.decide({
      policy: pid,
      scope: tScope,
      verdict: anyInvalid ? 'invalid' : anyMerged ? 'merged' : 'applied',
      reason: anyInvalid
        ? 'R6.5: a feature of the policy failed to translate (see its status); Envoy Gateway answers 500 on the affected routes'
        : anyMerged
          ? `R7.2: merged (${String(mergeType)}) with the closest parent policy per listener; parents are not chained`
          : `R6.1: claims ${describe(tScope)} at every point not already claimed by a more specific policy`,
      fromSelector: t.selectorIndex !== null,
    });

    // R8.6: a whole-route policy is Overridden by rules claimed by rule policies.
    if (t.sectionName === null) {
      const rules = ruleAttached.get(route.key);
      if (rules && rules.size > 0) {
        const names = [...rules.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        rec.set(
          p,
          ancestors,
          'Overridden',
          'True',
          'Overridden',
          profile.messages.overriddenByRules(kp.ruleOverrideNoun, names),
        );
      }
    }
  }

  /** ListenerSet / ListenerSet-listener target (passes 3–4). */
  function processForListenerSet(p: Resource<Policy>, t: TargetRef): void {
    const pid = policyId(p);
    const lsKey = `${t.namespace}/${t.name}`;
    const ls = topology.listenerSets.get(lsKey);
    const tScope =
      t.sectionName === null
        ? scope('ListenerSet', t.namespace, t.name)
        : scope('ListenerSetListener', t.namespace, t.name, t.sectionName);
    if (!ls) {
      rec.decide({
        policy: pid,
        scope: tScope,
        verdict: 'notFound',
        reason: notFoundReason(t),
        fromSelector: t.selectorIndex !== null,
      });
      return;
    }
    // Resolution (and its claim) happens before the parent-Gateway check.
    let err: ResolveError | null = null;
    if (t.sectionName !== null && !lsHasListener(ls, t.sectionName)) {
      err = {
        reason: 'TargetNotFound',
        message: `No section name ${t.sectionName} found for ListenerSet ${lsKey}`,
      };
    } else if (t.sectionName === null) {
      const holder = lsAttached.get(lsKey);
      if (holder !== undefined)
        err = { reason: 'Conflicted', message: conflictMessage('ListenerSet', t.name), heldBy: holder };
      else lsAttached.set(lsKey, pid);
    } else {
      let m = lsListenerAttached.get(lsKey);
      if (!m) {
        m = new Map();
        lsListenerAttached.set(lsKey, m);
      }
      const holder = m.get(t.sectionName);
      if (holder !== undefined) {
        err = {
          reason: 'Conflicted',
          message: conflictMessage('Listener', `${t.name}/${t.sectionName}`),
          heldBy: holder,
        };
      } else m.set(t.sectionName, pid);
    }
    // R3.4: the parent Gateway must be accepted, else silence.
    const gw = topology.gateways.get(ls.parentGateway);
    if (!gw?.accepted) {
      rec.decide({
        policy: pid,
        scope: tScope,
        verdict: 'notFound',
        reason: `R3.4: the parent Gateway ${ls.parentGateway} of ListenerSet ${lsKey} is not accepted`,
        fromSelector: t.selectorIndex !== null,
      });
      return;
    }
    const anc = [ancestorRef('ListenerSet', ls.namespace, ls.name, t.sectionName)];
    if (err) {
      rec.set(p, anc, 'Accepted', 'False', err.reason, err.message);
      decideError(p, t, tScope, err);
      return;
    }
    const [gwNs, gwName] = splitKey(ls.parentGateway);
    if (t.sectionName !== null) {
      overrides.registerListenerSet(ls.namespace, ls.name, gwNs, gwName);
      overrides.add(scope('ListenerSet', ls.namespace, ls.name), tScope);
    } else {
      overrides.add(scope('Gateway', gwNs, gwName), tScope);
    }
    const listeners = gw.listeners
      .map((lk) => topology.listeners.get(lk))
      .filter(
        (l): l is ListenerNode =>
          !!l && l.listenerSet === lsKey && (t.sectionName === null || l.name === t.sectionName),
      );
    const ferr = featureError(p.object, p.object, null);
    applyToListeners(p, listeners, { policy: pid, mode: 'replace', scope: tScope }, ferr !== null);
    writeParentSteps(p, kp.listenerSetSteps, anc, tScope, ferr);
    rec.decide({
      policy: pid,
      scope: tScope,
      verdict: 'applied',
      reason: `R6.1: claims every point of ${describe(tScope)} not already claimed by a more specific policy`,
      fromSelector: t.selectorIndex !== null,
    });
  }

  /** Gateway / Gateway-listener target (passes 5–6). */
  function processForGateway(p: Resource<Policy>, t: TargetRef): void {
    const pid = policyId(p);
    const gwKey = `${t.namespace}/${t.name}`;
    const gw = acceptedGateway(t.namespace, t.name);
    const tScope =
      t.sectionName === null
        ? scope('Gateway', t.namespace, t.name)
        : scope('GatewayListener', t.namespace, t.name, t.sectionName);
    if (!gw) {
      rec.decide({
        policy: pid,
        scope: tScope,
        verdict: 'notFound',
        reason: notFoundReason(t),
        fromSelector: t.selectorIndex !== null,
      });
      return;
    }
    let err: ResolveError | null = null;
    if (t.sectionName !== null && !hasDirectListener(gw, t.sectionName)) {
      // R5.3: BTP/SP/EEP check only the Gateway's direct listeners.
      err = {
        reason: 'TargetNotFound',
        message: `No section name ${t.sectionName} found for Gateway ${gwKey}`,
      };
    } else if (t.sectionName === null) {
      const holder = gwAttached.get(gwKey);
      if (holder !== undefined)
        err = { reason: 'Conflicted', message: conflictMessage('Gateway', t.name), heldBy: holder };
      else gwAttached.set(gwKey, pid);
    } else {
      let m = gwListenerAttached.get(gwKey);
      if (!m) {
        m = new Map();
        gwListenerAttached.set(gwKey, m);
      }
      const holder = m.get(t.sectionName);
      if (holder !== undefined) {
        // R5.4: only BTP's listener message carries the Gateway namespace.
        const target = kp.listenerConflictWithNamespace
          ? `${gwKey}/${t.sectionName}`
          : `${t.name}/${t.sectionName}`;
        err = { reason: 'Conflicted', message: conflictMessage('Listener', target), heldBy: holder };
      } else m.set(t.sectionName, pid);
    }
    const anc = [ancestorRef('Gateway', gw.namespace, gw.name, t.sectionName)];
    if (err) {
      rec.set(p, anc, 'Accepted', 'False', err.reason, err.message);
      decideError(p, t, tScope, err);
      return;
    }
    if (t.sectionName !== null) overrides.add(scope('Gateway', gw.namespace, gw.name), tScope);
    // R4.3: a listener policy covers the Gateway's own listener; a Gateway-wide one every listener.
    const listeners = gw.listeners
      .map((lk) => topology.listeners.get(lk))
      .filter(
        (l): l is ListenerNode =>
          !!l && (t.sectionName === null || (l.listenerSet === null && l.name === t.sectionName)),
      );
    const ferr = featureError(p.object, p.object, null);
    applyToListeners(p, listeners, { policy: pid, mode: 'replace', scope: tScope }, ferr !== null);
    writeParentSteps(p, kp.gatewaySteps, anc, tScope, ferr);
    rec.decide({
      policy: pid,
      scope: tScope,
      verdict: 'applied',
      reason: `R6.1: claims every point of ${describe(tScope)} not already claimed by a more specific policy`,
      fromSelector: t.selectorIndex !== null,
    });
  }

  /** R8.5 / R8.7: the parent-side condition sequence. */
  function writeParentSteps(
    p: Resource<Policy>,
    steps: readonly string[],
    anc: AncestorRef[],
    own: Scope,
    invalid: string | null,
  ): void {
    const m = merged.directChildren(own);
    const o = overrides.withDescendants(own);
    for (const k of m.keys()) o.delete(k);
    const routesOnly = !profile.scopeGraphMessages;
    for (const step of steps) {
      if (step === 'invalid' && invalid !== null)
        rec.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(invalid));
      else if (step === 'accepted') rec.accepted(p, anc);
      else if (step === 'warning') rec.deprecated(p, anc);
      else if (step === 'merged' && m.size > 0) {
        const text = formatScopes(m.values(), routesOnly);
        if (text !== '')
          rec.set(p, anc, 'Merged', 'True', 'Merged', profile.messages.beingMerged(kp.plural, text));
      } else if (step === 'overridden' && o.size > 0) {
        const text = formatScopes(o.values(), routesOnly);
        if (text !== '')
          rec.set(
            p,
            anc,
            'Overridden',
            'True',
            'Overridden',
            profile.messages.beingOverridden(kp.plural, text),
          );
      }
    }
  }

  function decideError(p: Resource<Policy>, t: TargetRef, tScope: Scope, err: ResolveError): void {
    rec.decide({
      policy: policyId(p),
      scope: tScope,
      verdict: err.reason === 'Conflicted' ? 'conflicted' : 'targetNotFound',
      reason:
        err.reason === 'Conflicted'
          ? `R5.1: ${err.heldBy} came first in processing order and already claims ${describe(tScope)}`
          : `R5.3: ${err.message}`,
      ...(err.heldBy !== undefined ? { heldBy: err.heldBy } : {}),
      fromSelector: t.selectorIndex !== null,
    });
  }

  /**
   * R6.1–R6.3 for a route or rule policy: every point of the route (or of one listener, R7.3/R7.4),
   * filtered by rule name for rule targets.
   */
  function applyToRoute(
    p: Resource<Policy>,
    route: RouteNode,
    section: string | null,
    listener: ListenerNode | null,
    claimant: Claimant,
    mergedPolicy?: Policy,
    failed = false,
  ): void {
    for (const pt of points.byRoute.get(route.key) ?? []) {
      if (listener !== null && pt.listener !== listener.key) continue;
      // R6.2: the IR prefix match is on the whole route name; a rule target also matches the rule name.
      if (section !== null && pt.ruleName !== section) continue;
      claimPoint(pt, mergedPolicy ?? p.object, claimant, true, failed);
    }
  }

  /** R6.1–R6.3 for Gateway / ListenerSet scoped policies: every point on the listed listeners. */
  function applyToListeners(
    p: Resource<Policy>,
    listeners: readonly ListenerNode[],
    claimant: Claimant,
    failed: boolean,
  ): void {
    for (const l of listeners) {
      for (const pt of points.byListener.get(l.key) ?? []) claimPoint(pt, p.object, claimant, false, failed);
    }
  }

  function claimPoint(
    pt: PointSlot,
    policy: Policy,
    claimant: Claimant,
    routeLevel: boolean,
    failed: boolean,
  ): void {
    const s = stateOf(pt);
    const pid = claimant.policy;
    if (pt.family === 'http') {
      // R6.1: first writer wins per point (traffic / security / envoyExtensions). R6.5: a BTP or
      // EEP whose features failed leaves the route unclaimed (500); a failed SP still claims it.
      if (!s.claim && !(failed && kind !== 'SecurityPolicy')) s.claim = claimant;
      return;
    }
    if (kind === 'BackendTrafficPolicy') {
      // R6.3: per-field fallback on TCP/TLS and UDP routes.
      const fields =
        pt.family === 'udp' ? BTP_UDP_FIELDS : routeLevel ? BTP_TCP_FIELDS : BTP_TCP_FIELDS_GATEWAY;
      s.fields ??= {};
      const spec = (policy.spec ?? {}) as Record<string, unknown>;
      // Recorded by spec field (IR backendConnection is the spec's `connection`).
      for (const [, specField] of fields) {
        if (s.fields[specField] === undefined && isSet(spec[specField])) s.fields[specField] = pid;
      }
      if (pt.family === 'tcp') {
        s.touched ??= [];
        s.touched.push(pid);
      }
      return;
    }
    if (kind === 'SecurityPolicy' && pt.family === 'tcp') {
      // R6.4: only authorization, with its own claim marker.
      const spec = (policy.spec ?? {}) as Record<string, unknown>;
      s.fields ??= {};
      if (s.fields.authorization === undefined && isSet(spec.authorization)) {
        s.fields.authorization = pid;
        if (!s.claim)
          s.claim = { ...claimant, mode: claimant.mode === 'replace' ? 'fieldFallback' : claimant.mode };
      }
    }
    // EnvoyExtensionPolicy applies to HTTP routes only.
  }

  /** R6.5: the feature translation error of a policy (or merged policy), owners per R7.7. */
  function featureError(policy: Policy, route: Policy, parent: Policy | null): string | null {
    const routeSpec = (route.spec ?? {}) as Record<string, unknown>;
    const routeNs = route.metadata.namespace ?? '';
    const parentNs = parent?.metadata.namespace ?? routeNs;
    return featureErrors(kind, policy, {
      topology,
      ownerNamespace: (field) => (parent === null || routeSpec[field] !== undefined ? routeNs : parentNs),
    });
  }

  function describe(s: Scope): string {
    return `${s.kind} ${s.namespace}/${s.name}${s.section ? `/${s.section}` : ''}`;
  }

  function notFoundReason(t: TargetRef): string {
    return `R3.5: no ${t.kind} ${t.namespace}/${t.name} managed by this controller; the target is silently skipped`;
  }
}

/** Shallow view of the spec a merged route policy would carry (top-level fields only, for presence checks). */
function mergedSpecView(route: Policy, parent: Policy): Policy {
  return { ...route, spec: { ...(parent.spec ?? {}), ...(route.spec ?? {}) } };
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** `validateSecurityPolicyForTCP` (R6.4): the first problem, or null. */
function securityPolicyTcpError(policy: Policy): string | null {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  for (const f of ['cors', 'csrf', 'jwt', 'oidc', 'apiKeyAuth', 'basicAuth', 'extAuth']) {
    if (isSet(spec[f])) return 'only authorization is supported for TCP (routes/listeners)';
  }
  const authz = spec.authorization as { rules?: unknown } | undefined | null;
  const rules = authz && Array.isArray(authz.rules) ? authz.rules : [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Record<string, unknown> | null;
    if (!rule) continue;
    if (isSet(rule.cel)) return `rule ${i}: CEL not supported for TCP`;
    const principal = rule.principal as Record<string, unknown> | undefined | null;
    if (!principal) continue;
    if (isSet(principal.jwt)) return `rule ${i}: JWT not supported for TCP`;
    if (Array.isArray(principal.headers) && principal.headers.length > 0)
      return `rule ${i}: headers not supported for TCP`;
    if (Array.isArray(principal.clientIPGeoLocations) && principal.clientIPGeoLocations.length > 0) {
      return `rule ${i}: clientIPGeoLocations not supported for TCP`;
    }
  }
  return null;
}

/** `Error2ConditionMsg` (R8.4): capitalise the first letter, end with a period. */
export function conditionMessage(message: string): string {
  if (message === '') return message;
  const first = message[0]!;
  let out = /\p{L}/u.test(first) ? first.toUpperCase() + message.slice(1) : message;
  if (!out.endsWith('.')) out += '.';
  return out;
}

function pushUnique(list: AncestorRef[], a: AncestorRef): void {
  if (!list.some((b) => sameAncestor(a, b))) list.push(a);
}

/** `ancestorRefsEqual` (R8.1): every field, absent sectionName ≠ `''`. */
export function sameAncestor(a: AncestorRef, b: AncestorRef): boolean {
  return (
    a.name === b.name &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.group === b.group &&
    'sectionName' in a === 'sectionName' in b &&
    a.sectionName === b.sectionName
  );
}

export { scopeKey };
