/**
 * EnvoyExtensionPolicy feature checks, in the order Envoy Gateway builds the features for a route
 * (`translateEnvoyExtensionPolicyForRoute`: Wasm, then Lua, ExtProc and DynamicModule). Only
 * errors the manifests decide are reported: the Wasm module download and checksum (the Wasm
 * cache), Lua body validation (a Lua interpreter), the Lua feature switch of the controller and
 * the DynamicModule allowlist of the Gateway's EnvoyProxy are not checked.
 */
import {
  dataAtKeyInRefError,
  extServiceBackendRefsError,
  type RefOwner,
  resolveSecretRef,
  secretValues,
} from './backend-refs.js';
import { type FeatureCheck, type FeatureCheckContext, isRecord } from './feature-check.js';
import { goJsonView } from './go-values.js';

const KIND = 'EnvoyExtensionPolicy';

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function owner(ctx: FeatureCheckContext, field: string): RefOwner {
  return { topology: ctx.topology, kind: KIND, namespace: ctx.ownerNamespace(field) };
}

/** `buildWasm` up to the module fetch: the code source, its CA reference, the image pull Secret. */
function wasmError(w: Record<string, unknown>, o: RefOwner): string | null {
  const code = isRecord(w.code) ? w.code : {};
  const type = str(code.type);
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
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const list = Array.isArray(spec.lua) ? spec.lua : [];
    const ns = ctx.ownerNamespace('lua');
    for (const l of list) {
      if (!isRecord(l) || l.type !== 'ValueRef' || !isRecord(l.valueRef)) continue;
      const name = str(l.valueRef.name);
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

/** The EnvoyExtensionPolicy checks, in Envoy Gateway's order for a route target. */
export const EXTENSION_CHECKS: readonly FeatureCheck[] = [wasm, lua, extProc];
