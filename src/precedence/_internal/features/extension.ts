/**
 * EnvoyExtensionPolicy feature checks, in the order Envoy Gateway builds the features for a route
 * (`translateEnvoyExtensionPolicyForRoute`: Wasm, then Lua, ExtProc and DynamicModule). Only
 * errors the manifests decide are reported: the Wasm module download and checksum (the Wasm
 * cache) and Lua body validation (a Lua interpreter) are not checked. The DynamicModule allowlist
 * is the Gateway's EnvoyProxy (`gatewaySettings`). The controller's Lua switch is
 * `TopologyOptions.enableLua`.
 */

import { goJsonView } from '../../../go/json-fields.js';
import { asText } from '../../../model/_internal/topology-read.js';
import {
  dataAtKeyInRefError,
  extServiceBackendRefsError,
  gatewayEnvoyProxySpec,
  type RefOwner,
  referencesBackend,
  resolveSecretRef,
  secretValues,
} from './backend-refs.js';
import { type FeatureCheck, type FeatureCheckContext, isRecord } from './feature-check.js';

const KIND = 'EnvoyExtensionPolicy';

function owner(ctx: FeatureCheckContext, field: string): RefOwner {
  return {
    topology: ctx.topology,
    kind: KIND,
    namespace: ctx.ownerNamespace(field),
    ...(ctx.gateway === undefined ? {} : { gateway: ctx.gateway }),
  };
}

/** `buildWasm` up to the module fetch: the code source, its CA reference, the image pull Secret. */
function wasmError(w: Record<string, unknown>, o: RefOwner): string | null {
  const code = isRecord(w.code) ? w.code : {};
  const type = asText(code.type);
  if (type === 'HTTP') {
    if (!isRecord(code.http)) return 'missing HTTP field in Wasm code source';
    const tls = code.http.tls;
    return isRecord(tls) ? dataAtKeyInRefError(tls.caCertificateRef, o, ['ca.crt']) : null;
  }
  if (type === 'Image') {
    const image = code.image;
    if (!isRecord(image)) return 'missing Image field in Wasm code source';
    if (isRecord(image.tls)) {
      const err = dataAtKeyInRefError(image.tls.caCertificateRef, o, ['ca.crt']);
      if (err !== null) return err;
    }
    if (image.pullSecretRef !== undefined && image.pullSecretRef !== null) {
      const res = resolveSecretRef(image.pullSecretRef, o);
      if (res.error !== undefined) return res.error;
      if (!secretValues(res.secret).has('.dockerconfigjson')) {
        return `missing .dockerconfigjson key in secret ${res.secret.namespace}/${res.secret.name}`;
      }
    }
    return null;
  }
  return `unsupported Wasm code source type ${JSON.stringify(type)}`;
}

/** `buildWasms`: every module is built; the errors are joined. */
const wasm: FeatureCheck = {
  feature: 'Wasm',
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const list = Array.isArray(spec.wasm) ? spec.wasm : [];
    if (list.length === 0) return null;
    const o = owner(ctx, 'wasm');
    const errors: string[] = [];
    for (const w of list) {
      const err = wasmError(isRecord(w) ? w : {}, o);
      if (err !== null) errors.push(err);
    }
    return errors.length === 0 ? null : errors.join('\n');
  },
};

/** `buildLuas`: a ValueRef body comes from a ConfigMap in the owner's namespace (key `lua`, else any). */
const lua: FeatureCheck = {
  feature: 'Lua',
  perGateway: true,
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const list = Array.isArray(spec.lua) ? spec.lua : [];
    // The controller's switch is checked before any body (extensionApis.enableLua).
    if (list.length > 0 && !ctx.topology.options.enableLua)
      return 'Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway';
    const ns = ctx.ownerNamespace('lua');
    for (const l of list) {
      if (!isRecord(l) || l.type !== 'ValueRef' || !isRecord(l.valueRef)) continue;
      const name = asText(l.valueRef.name);
      const cm = ctx.topology.byKey.get(`ConfigMap/${ns}/${name}`);
      if (!cm) return `can't find the referenced configmap ${name} in namespace ${ns}`;
      const data = isRecord(cm.object.data) ? cm.object.data : {};
      if (!('lua' in data) && Object.keys(data).length === 0) {
        return `can't find the key lua in the referenced configmap ${name}`;
      }
    }
    return null;
  },
};

/** `buildExtProcs`: every processor's backendRefs; the errors are joined. */
const extProc: FeatureCheck = {
  feature: 'ExtProc',
  perGateway: true,
  // A Backend's mixed address types are judged by the Gateway's EnvoyProxy (routingType).
  readsGateway: (written) => referencesBackend(goJsonView(written).extProc),
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const list = Array.isArray(spec.extProc) ? spec.extProc : [];
    if (list.length === 0) return null;
    const o = owner(ctx, 'extProc');
    const errors: string[] = [];
    for (const ep of list) {
      const err = extServiceBackendRefsError(isRecord(ep) ? ep.backendRefs : undefined, o);
      if (err !== null) errors.push(err);
    }
    return errors.length === 0 ? null : errors.join('\n');
  },
};

/**
 * `buildDynamicModules` depends on the Gateway's EnvoyProxy: the engine names the Gateway
 * (`ctx.gateway`). Without it (a merged policy), it is decided only when every accepted Gateway
 * gives the same answer (always so with a single Gateway, or one EnvoyProxy for all); otherwise
 * nothing is reported (see `dynamicModuleError`).
 */
const dynamicModule: FeatureCheck = {
  feature: 'DynamicModule',
  perGateway: true,
  readsGateway: (written) => {
    const list = goJsonView(written).dynamicModule;
    return Array.isArray(list) && list.length > 0;
  },
  check: (written, ctx) => {
    const list = goJsonView(written).dynamicModule;
    if (!Array.isArray(list) || list.length === 0) return null;
    // Built with the EnvoyProxy of the parentRef's (or target's) Gateway when it is known.
    if (ctx.gateway !== undefined)
      return dynamicModuleError(written, gatewayEnvoyProxySpec(ctx.topology, ctx.gateway));
    let answer: string | null | undefined;
    for (const gw of ctx.topology.gateways.values()) {
      if (!gw.accepted) continue;
      const err = dynamicModuleError(written, gatewayEnvoyProxySpec(ctx.topology, gw.key));
      if (answer !== undefined && err !== answer) return null;
      answer = err;
    }
    return answer ?? null;
  },
};

/** The EnvoyExtensionPolicy checks, in Envoy Gateway's order for a route target. */
export const EXTENSION_CHECKS: readonly FeatureCheck[] = [wasm, lua, extProc, dynamicModule];

/** `validateDynamicModuleRemoteURL`, for the URL shapes Go's `url.ParseRequestURI` accepts simply. */
function remoteURLError(raw: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(raw);
  if (!m)
    return raw.startsWith('/')
      ? 'unsupported URL scheme ""'
      : `parse ${JSON.stringify(raw)}: invalid URI for request`;
  const scheme = (m[1] ?? '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return `unsupported URL scheme ${JSON.stringify(scheme)}`;
  const rest = m[2] ?? '';
  if (!rest.startsWith('//')) return 'URL must include a hostname';
  const authority = rest.slice(2).split(/[/?#]/)[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const bracket = hostPort.startsWith('[') ? hostPort.indexOf(']') : -1;
  const host = bracket >= 0 ? hostPort.slice(1, bracket) : hostPort.split(':')[0];
  if (host === '') return 'URL must include a hostname';
  return null;
}

/**
 * `buildDynamicModules`: every module the policy names must be registered in the Gateway's
 * EnvoyProxy `dynamicModules` allowlist with a usable source (Local with a path, or Remote with
 * an http(s) URL and a SHA256). Envoy Gateway builds them per Gateway (route targets: once per
 * parentRef's Gateway; Gateway / ListenerSet targets: that Gateway), prefixes `DynamicModule: `
 * and joins the errors of all modules.
 *
 * @param spec - the (merged) EnvoyExtensionPolicy spec
 * @param envoyProxy - the Gateway's EnvoyProxy spec (`gatewayEnvoyProxySpec`), or null
 * @returns the joined error text, or null
 * @example
 * dynamicModuleError({ dynamicModule: [{ name: 'waf' }] }, null);
 * // => 'dynamic module "waf" is not registered in the EnvoyProxy dynamicModules allowlist'
 */
export function dynamicModuleError(
  spec: Readonly<Record<string, unknown>>,
  envoyProxy: Readonly<Record<string, unknown>> | null,
): string | null {
  const list = goJsonView(spec).dynamicModule;
  if (!Array.isArray(list) || list.length === 0) return null;
  const registry = new Map<string, Record<string, unknown>>();
  const entries = envoyProxy === null ? undefined : goJsonView(envoyProxy).dynamicModules;
  for (const e of Array.isArray(entries) ? entries : []) if (isRecord(e)) registry.set(asText(e.name), e);
  const errors: string[] = [];
  for (const dm of list) {
    const name = asText(isRecord(dm) ? dm.name : undefined);
    const q = JSON.stringify(name);
    const entry = registry.get(name);
    if (!entry) {
      errors.push(`dynamic module ${q} is not registered in the EnvoyProxy dynamicModules allowlist`);
      continue;
    }
    const source = isRecord(entry.source) ? entry.source : {};
    const type = source.type !== undefined && source.type !== null ? asText(source.type) : 'Local';
    if (type === 'Remote') {
      const remote = source.remote;
      if (!isRecord(remote)) errors.push(`dynamic module ${q} has no remote source configured`);
      else if (asText(remote.url) === '')
        errors.push(`dynamic module ${q} has no remote source URL configured`);
      else if (asText(remote.sha256) === '')
        errors.push(`dynamic module ${q} has no remote source SHA256 configured`);
      else {
        const err = remoteURLError(asText(remote.url));
        if (err !== null)
          errors.push(
            `dynamic module ${q} has invalid remote source URL ${JSON.stringify(asText(remote.url))}: ${err}`,
          );
      }
    } else if (type === 'Local') {
      if (!isRecord(source.local)) errors.push(`dynamic module ${q} has no local source configured`);
    } else errors.push(`dynamic module ${q} has unsupported source type ${JSON.stringify(type)}`);
  }
  return errors.length === 0 ? null : errors.join('\n');
}
