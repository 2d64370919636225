/**
 * Reference checks shared by the SecurityPolicy and EnvoyExtensionPolicy feature checks: the
 * backendRefs of an external service (ExtAuth, ExtProc, remote JWKS, OIDC provider), Secret and
 * ConfigMap references, and ReferenceGrant permission. Each answers the first error Envoy
 * Gateway's translator raises for the reference, with its exact text, or null.
 *
 * Only what the manifests decide is checked: EndpointSlices (readiness), Service routing chosen
 * by a Gateway's EnvoyProxy and the client TLS settings of a Gateway are not looked at.
 */

import { goJsonView } from '../../../go/json-fields.js';
import { asText } from '../../../model/_internal/topology-read.js';
import { gatewaySettings } from '../../../model/gateway-settings.js';
import type { Resource } from '../../../model/resource.js';
import type { Topology } from '../../../model/topology-types.js';
import { referenceGrantPermits } from '../reference-grants.js';
import { isRecord } from './feature-check.js';

const EG_GROUP = 'gateway.envoyproxy.io';
const MCS_GROUP = 'multicluster.x-k8s.io';

/** Who makes a reference: the policy kind and the namespace its field resolves in (R7.7). */
export interface RefOwner {
  readonly topology: Topology;
  /** `SecurityPolicy` or `EnvoyExtensionPolicy` (the ReferenceGrant `from.kind`). */
  readonly kind: string;
  /** The owner policy's namespace. */
  readonly namespace: string;
  /**
   * The Gateway the feature is built for, when known: its EnvoyProxy's `routingType` decides
   * whether a Backend with mixed address types may be used (`IsServiceRouting`).
   */
  readonly gateway?: string;
}

/** The target of a cross-namespace reference. */
export interface RefTarget {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * `isCrossNamespaceReferencePermitted`: a same-namespace reference is always permitted; another
 * needs a ReferenceGrant in the target's namespace whose `from` names the owner (group
 * `gateway.envoyproxy.io`, its kind and namespace) and whose `to` names the target's group and
 * kind, with no name or the target's name.
 *
 * @param owner - the referring policy
 * @param to - the referenced object
 * @returns whether the reference is permitted
 * @example
 * isReferencePermitted(owner, { group: '', kind: 'Service', namespace: 'other', name: 'auth' });
 * // => false (no ReferenceGrant in `other`)
 */
export function isReferencePermitted(owner: RefOwner, to: RefTarget): boolean {
  return referenceGrantPermits(owner.topology, owner.namespace, owner.kind, to);
}

/**
 * A reference read as Envoy Gateway decodes it (Go `encoding/json`: field names match
 * case-insensitively, the last matching key wins), so `Kind` and `Port` are `kind` and `port`.
 *
 * @param raw - the reference as written
 * @returns a read-only view of it (an empty object when it is not an object)
 * @example
 * canonicalRef({ Kind: 'ConfigMap', Name: 'cm' }).kind; // => 'ConfigMap'
 */
export function canonicalRef(raw: unknown): Record<string, unknown> {
  return isRecord(raw) ? goJsonView(raw) : {};
}

/** An object's spec, read as Go decodes it; `{}` when absent. */
function specOf(r: Resource | undefined): Record<string, unknown> {
  const spec = r?.object.spec;
  return isRecord(spec) ? goJsonView(spec) : {};
}

function lookup(topology: Topology, kind: string, namespace: string, name: string): Resource | undefined {
  return topology.byKey.get(`${kind}/${namespace}/${name}`);
}

/** `getServicePortProtocol`: the port protocol, TCP when unset. */
function portProtocol(port: Record<string, unknown>): string {
  const p = asText(port.protocol);
  return p === '' ? 'TCP' : p;
}

function hasTcpPort(obj: Resource | undefined, port: number): boolean {
  const spec = specOf(obj);
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  return ports.some((p) => isRecord(p) && p.port === port && portProtocol(p) === 'TCP');
}

/**
 * `validateExtServiceBackendReference`: group and kind, a port for Services and ServiceImports,
 * existence (and the TCP port), DynamicResolver Backends, then ReferenceGrant permission.
 */
function validateReference(ref: Record<string, unknown>, owner: RefOwner): string | null {
  const group = asText(ref.group);
  const kindSet = ref.kind !== undefined && ref.kind !== null;
  const kind = kindSet ? asText(ref.kind) : 'Service';
  if (group !== '' && group !== MCS_GROUP && group !== EG_GROUP) {
    return `group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), the ${MCS_GROUP} API group, and the ${EG_GROUP} API group are supported`;
  }
  if (kindSet && kind !== 'Service' && kind !== 'ServiceImport' && kind !== 'Backend') {
    return "kind is invalid, only Service (specified by omitting the kind field or setting it to 'Service'), ServiceImport, and Backend are supported";
  }
  const port = ref.port;
  if ((port === undefined || port === null) && kind !== 'Backend') {
    return 'a valid port number corresponding to a port on the Service must be specified';
  }
  const nsSet = typeof ref.namespace === 'string' && ref.namespace !== '';
  const ns = nsSet ? asText(ref.namespace) : owner.namespace;
  const name = asText(ref.name);
  const topology = owner.topology;
  if (kind === 'Service') {
    const svc = lookup(topology, 'Service', ns, name);
    if (!svc) return `service ${ns}/${name} not found`;
    if (!hasTcpPort(svc, port as number))
      return `TCP Port ${asText(port)} not found on service ${ns}/${name}`;
  } else if (kind === 'ServiceImport') {
    const si = lookup(topology, 'ServiceImport', ns, name);
    if (!si) return `serviceimport ${ns}/${name} not found`;
    if (!hasTcpPort(si, port as number)) return `TCP Port ${asText(port)} not found on service ${ns}/${name}`;
  } else {
    const backend = lookup(topology, 'Backend', ns, name);
    if (!backend) return `backend ${ns}/${name} not found`;
    if (specOf(backend).type === 'DynamicResolver')
      return `dynamic resolver backend ${ns}/${name} is not supported`;
  }
  if (nsSet && ns !== owner.namespace) {
    const permitted = isReferencePermitted(owner, {
      group,
      kind: kindSet ? kind : 'Service',
      namespace: ns,
      name,
    });
    if (!permitted) return `backend ref to ${kind} ${ns}/${name} not permitted by any ReferenceGrant`;
  }
  return null;
}

type AddressType = 'IP' | 'FQDN' | 'UDS' | 'Mixed' | 'STATIC';

/** `processBackendDestinationSetting`: the address type of a Backend's endpoints. */
function backendAddressType(backend: Resource): AddressType | null {
  const spec = specOf(backend);
  const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints : [];
  const counts = new Map<AddressType, number>();
  const bump = (t: AddressType): void => {
    counts.set(t, (counts.get(t) ?? 0) + 1);
  };
  for (const ep of endpoints) {
    if (!isRecord(ep)) continue;
    if (isRecord(ep.ip)) {
      if (isIP(asText(ep.ip.address))) bump('IP');
    } else if (isRecord(ep.fqdn)) bump('FQDN');
    else if (isRecord(ep.unix)) bump('UDS');
  }
  for (const [t, n] of counts) if (n === endpoints.length) return t;
  if (counts.size === 0) return null;
  return counts.has('FQDN') ? 'Mixed' : 'STATIC';
}

function isIP(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) {
    return s.split('.').every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  }
  return s.includes(':') && /^[0-9A-Fa-f:.]+$/.test(s);
}

/** `getFirstMatchOrFirstFromData`: the first of the keys present, else the only value. */
function firstMatchOrOnly(data: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (k in data) return data[k];
  const values = Object.values(data);
  return values.length === 1 ? values[0] : undefined;
}

/** The `data` of a ConfigMap, or of a Secret merged with its `stringData` (keys only matter here). */
function dataOf(obj: Resource): Record<string, unknown> {
  const data = isRecord(obj.object.data) ? obj.object.data : {};
  if (obj.kind !== 'Secret' || !isRecord(obj.object.stringData)) return data;
  return { ...data, ...obj.object.stringData };
}

/**
 * `getCaCertsFromCARefs` without cross-namespace refs (BackendTLSPolicy and Backend TLS allow
 * none): every ConfigMap / Secret / ClusterTrustBundle must exist and hold a CA.
 */
function caRefsError(topology: Topology, namespace: string, refs: readonly unknown[]): string | null {
  let found = false;
  let ca = false;
  let sds = false;
  for (const raw of refs) {
    const r = canonicalRef(raw);
    const kind = asText(r.kind);
    const name = asText(r.name);
    if (kind === 'ConfigMap') {
      found = true;
      const cm = lookup(topology, 'ConfigMap', namespace, name);
      if (!cm) return `configmap ${name} not found in namespace ${namespace}`;
      if (firstMatchOrOnly(dataOf(cm), ['ca.crt', 'tls.crt']) === undefined)
        return `no ca found in configmap ${name}`;
      ca = true;
    } else if (kind === 'Secret') {
      found = true;
      const secret = lookup(topology, 'Secret', namespace, name);
      if (!secret) return `secret ${name} not found in namespace ${namespace}`;
      // SDS reference Secrets need extensionApis.enableSDSSecretRef; one of them at most.
      if (secret.object.type === `${EG_GROUP}/sds`) {
        if (!topology.options.enableSDSSecretRef)
          return 'SDS Secret reference is not enabled in EnvoyGateway configuration';
        if (sds) return 'multiple SDS reference secrets are not supported';
        sds = true;
        continue;
      }
      if (firstMatchOrOnly(dataOf(secret), ['ca.crt', 'tls.crt']) === undefined)
        return `no ca found in secret ${name}`;
      ca = true;
    } else if (kind === 'ClusterTrustBundle') {
      found = true;
      if (!topology.byKey.get(`ClusterTrustBundle/${name}`)) return `cluster trust bundle ${name} not found`;
      ca = true;
    }
  }
  if (sds || ca) return null;
  return found
    ? 'no valid CA certificate found in referenced resources'
    : 'Unsupported reference kind, supported kinds are ConfigMap, Secret, and ClusterTrustBundle in caCertificateRefs';
}

const tlsPolicyIndex = new WeakMap<Topology, ReadonlyMap<string, readonly Resource[]>>();

/** BackendTLSPolicies by namespace, input order, indexed once per topology. */
function backendTLSPolicies(topology: Topology): ReadonlyMap<string, readonly Resource[]> {
  const hit = tlsPolicyIndex.get(topology);
  if (hit) return hit;
  const index = new Map<string, Resource[]>();
  for (const r of topology.resources) {
    if (r.kind !== 'BackendTLSPolicy') continue;
    const list = index.get(r.namespace);
    if (list) list.push(r);
    else index.set(r.namespace, [r]);
  }
  tlsPolicyIndex.set(topology, index);
  return index;
}

/** The BackendTLSPolicy Envoy Gateway picks for a backendRef (`getBackendTLSPolicy`). */
function backendTLSPolicyFor(
  topology: Topology,
  ref: Record<string, unknown>,
  kind: string,
  ns: string,
): Resource | null {
  const name = asText(ref.name);
  const group = asText(ref.group);
  let section: string | null = null;
  const port = ref.port;
  if (typeof port === 'number' && (kind === 'Service' || kind === 'ServiceImport')) {
    const obj = lookup(topology, kind, ns, name);
    const spec = specOf(obj);
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    const p = ports.find((x) => isRecord(x) && x.port === port && asText(x.name) !== '');
    if (isRecord(p)) section = asText(p.name);
  }
  const policies = backendTLSPolicies(topology).get(ns) ?? [];
  const matches = (policy: Resource, exact: boolean): boolean => {
    const spec = specOf(policy);
    const targets = Array.isArray(spec.targetRefs) ? spec.targetRefs : [];
    return targets.some((t) => {
      if (!isRecord(t) || asText(t.group) !== group || asText(t.kind) !== kind || asText(t.name) !== name)
        return false;
      const ts = t.sectionName === undefined || t.sectionName === null ? null : asText(t.sectionName);
      if (ts === null && section !== null) return !exact;
      return ts === section;
    });
  };
  if (section !== null) {
    const exact = policies.find((p) => matches(p, true));
    if (exact) return exact;
  }
  return policies.find((p) => matches(p, false)) ?? null;
}

/** `applyBackendTLSSetting`, the parts the manifests decide: Backend TLS and BackendTLSPolicy CAs. */
function backendTLSError(
  topology: Topology,
  ref: Record<string, unknown>,
  kind: string,
  ns: string,
): string | null {
  let backendValidation = false;
  let backendCA = false;
  let insecure = false;
  if (kind === 'Backend') {
    const backend = lookup(topology, 'Backend', ns, asText(ref.name));
    const tls = specOf(backend).tls;
    if (backend && isRecord(tls)) {
      backendValidation = true;
      insecure = tls.insecureSkipVerify === true;
      if (!insecure) {
        if (tls.wellKnownCACertificates === 'System') backendCA = true;
        else if (Array.isArray(tls.caCertificateRefs) && tls.caCertificateRefs.length > 0) {
          const err = caRefsError(topology, backend.namespace, tls.caCertificateRefs);
          if (err !== null) return err;
          backendCA = true;
        }
      }
    }
  }
  const policy = backendTLSPolicyFor(topology, ref, kind, ns);
  let policyCA = false;
  if (policy) {
    const spec = specOf(policy);
    const validation = isRecord(spec.validation) ? spec.validation : {};
    if (validation.wellKnownCACertificates === 'System') policyCA = true;
    else {
      const refs = Array.isArray(validation.caCertificateRefs) ? validation.caCertificateRefs : [];
      const err = caRefsError(topology, policy.namespace, refs);
      if (err !== null) return err;
      policyCA = refs.length > 0;
    }
  }
  if (!backendValidation && !policy) return null;
  if (!insecure && !backendCA && !policyCA)
    return 'CACertificate must be specified when InsecureSkipVerify is false';
  return null;
}

/**
 * `translateExtServiceBackendRefs` for an external service of a policy (ExtAuth, ExtProc, a remote
 * JWKS, an OIDC provider): each backendRef is validated (group, kind, port, existence, ReferenceGrant),
 * then, unless its weight is 0, turned into a destination (ExternalName Services refused, Backend
 * only when enabled, Backend TLS and BackendTLSPolicy CAs); the destinations may not mix FQDN
 * endpoints with IP or Unix socket ones. The first error wins.
 *
 * @param refs - the `backendRefs` list as written
 * @param owner - the policy kind and the namespace the references resolve in
 * @returns Envoy Gateway's error text, or null
 * @example
 * extServiceBackendRefsError([{ name: 'auth', port: 80 }], owner);
 * // => 'service default/auth not found'
 */
export function extServiceBackendRefsError(refs: unknown, owner: RefOwner): string | null {
  const list = Array.isArray(refs) ? refs : [];
  if (list.length === 0) return 'no backendRefs found for external service';
  const topology = owner.topology;
  const types = new Set<AddressType>();
  for (const raw of list) {
    const ref = canonicalRef(raw);
    const err = validateReference(ref, owner);
    if (err !== null) return err;
    if (ref.weight === 0) continue;
    const kind = ref.kind === undefined || ref.kind === null ? 'Service' : asText(ref.kind);
    const ns = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : owner.namespace;
    const name = asText(ref.name);
    if (kind === 'Service') {
      const svc = lookup(topology, 'Service', ns, name);
      if (specOf(svc).type === 'ExternalName') {
        return `Service ${ns}/${name} is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead`;
      }
    } else if (kind === 'Backend') {
      if (!topology.options.enableBackend) {
        return `resource ${name} of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration`;
      }
      const backend = lookup(topology, 'Backend', ns, name);
      const t = backend ? backendAddressType(backend) : null;
      // processExtServiceDestination: without Service routing (the Gateway's EnvoyProxy
      // routingType; Endpoint by default) a Backend mixing FQDN with IP or socket endpoints fails.
      if (t === 'Mixed' && !serviceRouting(topology, owner.gateway))
        return 'mixed endpointslice address type for the same backendRef is not supported';
      if (t !== null) types.add(t);
    }
    const tlsErr = backendTLSError(topology, ref, kind, ns);
    if (tlsErr !== null) return tlsErr;
  }
  if (types.has('Mixed') || (types.has('FQDN') && types.size > 1)) {
    return 'external service destinations having multiple endpoint types are not supported';
  }
  return null;
}

/** `IsServiceRouting` for an external service: the Gateway's EnvoyProxy `routingType: Service`. */
function serviceRouting(topology: Topology, gateway: string | undefined): boolean {
  return gateway !== undefined && gatewayEnvoyProxySpec(topology, gateway)?.routingType === 'Service';
}

/**
 * Whether a value references a `Backend` somewhere (an external service whose answer can depend
 * on the Gateway's EnvoyProxy): a check's `readsGateway`.
 *
 * @param value - a spec field
 * @returns true when some object in it has `kind: Backend`
 * @example
 * referencesBackend({ backendRefs: [{ kind: 'Backend', name: 'b' }] }); // => true
 */
export function referencesBackend(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (isRecord(v)) {
      if (v.kind === 'Backend') return true;
      stack.push(...Object.values(v));
    }
  }
  return false;
}

/** A Secret found through a reference, or the error Envoy Gateway gives. */
export type SecretRefResult =
  | { readonly secret: Resource; readonly error?: never }
  | { readonly error: string; readonly secret?: never };

/**
 * `validateSecretRef` (cross-namespace allowed): the group must be empty, the kind Secret (or
 * ConfigMap), a cross-namespace reference needs a ReferenceGrant, and the Secret must exist.
 *
 * @param ref - the SecretObjectReference as written
 * @param owner - the policy kind and the namespace the reference resolves in
 * @returns the Secret, or the error text
 * @example
 * resolveSecretRef({ name: 'users' }, owner);
 * // => { error: 'secret default/users does not exist' }
 */
export function resolveSecretRef(ref: unknown, owner: RefOwner): SecretRefResult {
  const r = canonicalRef(ref);
  const err = secretObjectRefError(r, owner);
  if (err !== null) return { error: err };
  const ns = refNamespace(r, owner);
  const name = asText(r.name);
  const secret = lookup(owner.topology, 'Secret', ns, name);
  if (!secret) return { error: `secret ${ns}/${name} does not exist` };
  return { secret };
}

function refNamespace(r: Record<string, unknown>, owner: RefOwner): string {
  return typeof r.namespace === 'string' && r.namespace !== '' ? r.namespace : owner.namespace;
}

/** `validateSecretObjectRef`: empty group, kind Secret or ConfigMap, ReferenceGrant across namespaces. */
function secretObjectRefError(r: Record<string, unknown>, owner: RefOwner): string | null {
  if (asText(r.group) !== '') return 'secret ref group must be unspecified/empty';
  const kind = r.kind === undefined || r.kind === null ? 'Secret' : asText(r.kind);
  if (kind !== 'Secret' && kind !== 'ConfigMap') return 'secret ref kind must be Secret';
  const ns = refNamespace(r, owner);
  const name = asText(r.name);
  if (ns !== owner.namespace && !isReferencePermitted(owner, { group: '', kind, namespace: ns, name })) {
    return `ref to ${kind} ${ns}/${name} not permitted by any ReferenceGrant`;
  }
  return null;
}

/**
 * The values of a Secret's data, decoded (`data` is base64, `stringData` plain), as Envoy
 * Gateway reads `Secret.Data`.
 *
 * @param secret - the Secret
 * @returns key → decoded value (undefined for a value that is not valid base64)
 * @example
 * secretValues(secret).get('client-secret'); // => 'hunter2'
 */
export function secretValues(secret: Resource): ReadonlyMap<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const data = isRecord(secret.object.data) ? secret.object.data : {};
  for (const [k, v] of Object.entries(data)) out.set(k, decodeBase64(asText(v)));
  if (isRecord(secret.object.stringData)) {
    for (const [k, v] of Object.entries(secret.object.stringData)) out.set(k, asText(v));
  }
  return out;
}

function decodeBase64(s: string): string | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  try {
    return atob(clean);
  } catch {
    return undefined;
  }
}

/**
 * `validateAndGetDataAtKeyInRef`: a Secret, ConfigMap or ClusterTrustBundle reference whose
 * object must exist and hold one of the keys (or exactly one entry).
 *
 * @param ref - the reference as written (kind defaults to Secret)
 * @param owner - the policy kind and the namespace the reference resolves in
 * @param keys - the keys looked for, in order
 * @returns Envoy Gateway's error text, or null
 * @example
 * dataAtKeyInRefError({ kind: 'ConfigMap', name: 'ca' }, owner, ['ca.crt']);
 * // => 'configmap default/ca does not exist'
 */
export function dataAtKeyInRefError(ref: unknown, owner: RefOwner, keys: readonly string[]): string | null {
  const r = canonicalRef(ref);
  const kind = r.kind === undefined || r.kind === null ? 'Secret' : asText(r.kind);
  const name = asText(r.name);
  const shown = `[${keys.join(' ')}]`;
  if (kind === 'Secret') {
    const res = resolveSecretRef(r, owner);
    if (res.error !== undefined) return res.error;
    const v = firstMatchOrOnly(Object.fromEntries(secretValues(res.secret)), keys);
    if (v === undefined || asText(v) === '')
      return `ref secret [${name}] has none of the expected keys ${shown} and more than one entry`;
    return null;
  }
  if (kind === 'ConfigMap') {
    const err = secretObjectRefError(r, owner);
    if (err !== null) return err;
    const ns = refNamespace(r, owner);
    const cm = lookup(owner.topology, 'ConfigMap', ns, name);
    if (!cm) return `configmap ${ns}/${name} does not exist`;
    const v = firstMatchOrOnly(dataOf(cm), keys);
    if (v === undefined || asText(v) === '')
      return `ref configmap [${name}] has none of the expected keys ${shown} and more than one entry`;
    return null;
  }
  if (kind === 'ClusterTrustBundle') {
    return owner.topology.byKey.get(`ClusterTrustBundle/${name}`)
      ? null
      : `ref ClusterTrustBundle [${name}] not found`;
  }
  return `unsupported ref kind:${kind}`;
}

/**
 * The spec of the EnvoyProxy a Gateway runs with (`GatewayContext.attachEnvoyProxy`), as the
 * topology resolved it per Gateway (`gatewaySettings`): the Gateway's own
 * (`spec.infrastructure.parametersRef`, ignored when its class merges Gateways) over its
 * GatewayClass's over the EnvoyGateway configuration's default, each step by `mergeType`.
 *
 * @param topology - the graph
 * @param gatewayKey - the Gateway, `ns/name`
 * @returns the effective EnvoyProxy spec (read as Go decodes it), or null when none applies
 * @example
 * gatewayEnvoyProxySpec(topology, 'infra/gw')?.geoIP; // => { provider: { type: 'MaxMind', … } }
 */
export function gatewayEnvoyProxySpec(
  topology: Topology,
  gatewayKey: string,
): Record<string, unknown> | null {
  // Resolved per Gateway in the topology: its own EnvoyProxy (unless its class merges Gateways)
  // over its class's over the EnvoyGateway default (MergeEnvoyProxyConfigs).
  const spec = gatewaySettings(topology, gatewayKey).envoyProxy;
  return spec === null ? null : goJsonView(spec);
}
