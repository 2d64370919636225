/**
 * Inputs that cannot be right: a whole kind the answer depends on is absent (no GatewayClass, no
 * Namespace while a selector needs namespace labels, no Secret or no Service while something
 * references one). The simulator still answers, as if the objects did not exist; one warning per
 * missing kind says what cannot be judged and how to fetch the objects.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import type { ListenerNode } from '../topology-types.js';
import { diagnosticAt } from './topology-diagnostics.js';
import { asArray, asRecord, asString, pointerSegment } from './topology-read.js';

/** A place that needs objects of the missing kind. */
interface Need {
  readonly resource: Resource;
  readonly pointer: string;
  readonly what: string;
}

/** Fields whose references name a Secret unless they say another kind (SecretObjectReference). */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'certificateRef',
  'certificateRefs',
  'clientCertificateRef',
  'caCertificateRefs',
  'clientSecret',
  'users',
  'credentialRefs',
  'pullSecretRef',
]);
/** Fields whose references name a Service unless they say another kind (BackendObjectReference). */
const SERVICE_FIELDS: ReadonlySet<string> = new Set(['backendRef', 'backendRefs']);
/** Spec fields that name targets. */
const TARGET_FIELDS: ReadonlySet<string> = new Set(['targetRef', 'targetRefs', 'targetSelectors']);

/**
 * References in a spec to objects of `kind` through the given fields (a reference without a kind
 * names that kind), each with its JSON pointer. Iterative, linear in the spec size.
 */
function refsIn(spec: unknown, base: string, fields: ReadonlySet<string>, kind: string): string[] {
  const out: string[] = [];
  const stack: { value: unknown; pointer: string; field: string }[] = [
    { value: spec, pointer: base, field: '' },
  ];
  while (stack.length > 0) {
    const { value, pointer, field } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        stack.push({ value: v, pointer: `${pointer}/${i}`, field });
      });
      continue;
    }
    const rec = asRecord(value);
    if (rec === undefined) continue;
    const refKind = rec.kind === undefined || rec.kind === null ? (fields.has(field) ? kind : '') : rec.kind;
    if (
      refKind === kind &&
      asString(rec.name) !== undefined &&
      (rec.group === undefined || rec.group === null || rec.group === '')
    ) {
      out.push(pointer);
    }
    for (const [k, v] of Object.entries(rec)) {
      if (pointer === base && TARGET_FIELDS.has(k)) continue;
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, pointer: `${pointer}/${pointerSegment(k)}`, field: k });
    }
  }
  return out;
}

/** The references to `kind` in the specs of some objects, as places that need that kind. */
function specNeeds(referrers: readonly Resource[], fields: ReadonlySet<string>, kind: string): Need[] {
  return referrers.flatMap((p) =>
    refsIn(p.object.spec, '/spec', fields, kind).map((ptr) => ({
      resource: p,
      pointer: ptr,
      what: ptr.slice(1).replaceAll('/', '.'),
    })),
  );
}

/** The input's objects by kind, and what needs the kinds that may be missing. */
export interface MissingKindsInput {
  readonly resources: readonly Resource[];
  readonly gatewayResources: readonly Resource[];
  readonly gatewayClassCount: number;
  /** The `gatewayClassName` option: the classes are then not consulted. */
  readonly gatewayClassNameOption: boolean;
  readonly namespaceCount: number;
  readonly listeners: ReadonlyMap<string, ListenerNode>;
  /** The Gateway or ListenerSet a listener belongs to. */
  readonly ownerOf: (listener: ListenerNode) => Resource | undefined;
  /** Policies and routes: the objects whose specs may reference Secrets and Services. */
  readonly referrers: readonly Resource[];
  readonly controllerName: string;
  /**
   * Envoy Gateway's `provider.kubernetes.watch.namespaceSelector`, when it is in force and reads
   * labels other than `kubernetes.io/metadata.name`: the configuration resource and the field.
   */
  readonly watchSelector?: { readonly resource: Resource; readonly pointer: string };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One warning for a missing kind, at the first place that needs it. */
function warn(kind: string, needs: readonly Need[], consequence: string, fetch: string): Diagnostic {
  const first = needs[0]!;
  const examples = needs
    .slice(0, 3)
    .map((n) => `${n.resource.key} ${n.what}`)
    .join('; ');
  const more = needs.length > 3 ? `; ${needs.length - 3} more` : '';
  return diagnosticAt(
    'GWP-TOPO-MISSING-KIND',
    'warning',
    `the input has no ${kind} objects, but ${plural(needs.length, 'place needs', 'places need')} them (${examples}${more}): ${consequence} (add them: ${fetch})`,
    first.resource,
    first.pointer,
  );
}

/**
 * The missing-kind warnings of one input.
 *
 * @param input - the objects and what needs them
 * @returns at most one warning per missing kind
 */
export function missingKindWarnings(input: MissingKindsInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const has = (kind: string): boolean => input.resources.some((r) => r.kind === kind);

  if (input.gatewayClassCount === 0 && !input.gatewayClassNameOption && input.gatewayResources.length > 0) {
    const needs = input.gatewayResources.map((r) => ({
      resource: r,
      pointer: '/spec/gatewayClassName',
      what: `gatewayClassName ${asString(asRecord(r.object.spec)?.gatewayClassName) ?? ''}`,
    }));
    out.push(
      warn(
        'GatewayClass',
        needs,
        `which Gateways Envoy Gateway manages, and their EnvoyProxy and mergeGateways, cannot be judged; every Gateway is taken as managed by ${input.controllerName}, without an EnvoyProxy`,
        'kubectl get gatewayclasses -o yaml',
      ),
    );
  }

  if (input.namespaceCount === 0) {
    const needs: Need[] = [];
    for (const r of input.gatewayResources) {
      const from = asRecord(asRecord(asRecord(r.object.spec)?.allowedListeners)?.namespaces)?.from;
      if (from === 'Selector')
        needs.push({ resource: r, pointer: '/spec/allowedListeners/namespaces', what: 'allowedListeners' });
    }
    for (const l of input.listeners.values()) {
      if (asRecord(asRecord(l.spec.allowedRoutes)?.namespaces)?.from !== 'Selector') continue;
      const owner = input.ownerOf(l);
      if (owner)
        needs.push({
          resource: owner,
          pointer: `/spec/listeners/${l.index}/allowedRoutes/namespaces`,
          what: `listener ${l.name} allowedRoutes`,
        });
    }
    for (const p of input.referrers) {
      asArray(asRecord(p.object.spec)?.targetSelectors).forEach((s, i) => {
        if (asRecord(asRecord(s)?.namespaces)?.from === 'Selector')
          needs.push({
            resource: p,
            pointer: `/spec/targetSelectors/${i}/namespaces`,
            what: `targetSelectors[${i}]`,
          });
      });
    }
    const selectors = needs.length > 0;
    if (input.watchSelector !== undefined)
      needs.push({
        resource: input.watchSelector.resource,
        pointer: input.watchSelector.pointer,
        what: 'provider.kubernetes.watch.namespaceSelector',
      });
    if (needs.length > 0)
      out.push(
        warn(
          'Namespace',
          needs,
          `which namespaces their label selectors match cannot be judged; every namespace is taken to exist without labels${selectors ? ', so they match none' : ''}${
            input.watchSelector !== undefined
              ? ' (but kubernetes.io/metadata.name, which the API server sets), so the watch namespaceSelector is judged on the names alone'
              : ''
          }`,
          'kubectl get namespaces -o yaml',
        ),
      );
  }

  if (!has('Secret')) {
    const needs: Need[] = [];
    for (const l of input.listeners.values()) {
      const owner = input.ownerOf(l);
      if (!owner) continue;
      for (const ptr of refsIn(l.spec.tls, `/spec/listeners/${l.index}/tls`, SECRET_FIELDS, 'Secret'))
        needs.push({
          resource: owner,
          pointer: ptr,
          what: `listener ${l.name} ${ptr.split('/').slice(4).join('.')}`,
        });
    }
    needs.push(...specNeeds(input.referrers, SECRET_FIELDS, 'Secret'));
    if (needs.length > 0)
      out.push(
        warn(
          'Secret',
          needs,
          'whether these references resolve cannot be judged; they are taken as missing, so listeners and policies that need them are refused (Invalid, ResolvedRefs False) as Envoy Gateway would refuse them if the Secrets did not exist',
          'kubectl get secrets -A -o yaml; only their keys and certificates are read',
        ),
      );
  }

  if (!has('Service')) {
    const needs = specNeeds(input.referrers, SERVICE_FIELDS, 'Service');
    if (needs.length > 0)
      out.push(
        warn(
          'Service',
          needs,
          'whether these backends exist cannot be judged; they are taken as missing, so policies whose external services name them are Invalid and routes to them do not resolve',
          'kubectl get services -A -o yaml',
        ),
      );
  }
  return out;
}
