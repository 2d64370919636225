/**
 * What a Kubernetes object is, as the loader reads it: its kind, apiVersion, name and namespace
 * checked (with what its context lets the loader assume: a test-data key, a typed `*List`), its
 * identity (`Kind/namespace/name`, the namespace defaulted), and the copy that becomes the
 * resource, with what was inferred filled in. Repeated identities are the collector's business
 * (load-collector.ts).
 */
import type { Diagnostic } from '../diagnostic.js';
import { kindInfo, resourceKey } from '../resource.js';
import type { KubeObject } from '../types.js';
import { ENVOY_GATEWAY_GROUP } from '../types.js';
import { LOAD_CODES } from './load-codes.js';
import { diagnosticAtPlace } from './load-diagnostics.js';
import type { Place } from './load-place.js';
import { describeValue, isObject, type Obj } from './load-values.js';
import { nameError, namespaceError } from './object-name.js';

/** What the context of an object lets the loader assume about it. */
export interface ObjectHint {
  /** Kind assumed when the object has none (test-data key, `HTTPRouteList`). */
  readonly kind?: string;
  /** apiVersion assumed when the object has none. */
  readonly apiVersion?: string;
  /** The test-data key that holds the object, when in the layout. */
  readonly layoutKey?: string;
  /** The key decodes into one Go type: the kind is fixed by the key, apiVersion is not checked. */
  readonly typed?: boolean;
  /** The key holds unstructured extension objects, which the simulator does not model. */
  readonly unstructured?: boolean;
}

/**
 * The hint for an entry of a typed test-data key: the key's kind and that kind's default apiVersion.
 *
 * @param key - the test-data key
 * @param kind - the kind the key decodes into
 * @returns the hint
 */
export function layoutHint(key: string, kind: string): ObjectHint {
  const info = kindInfo(kind);
  return {
    kind,
    ...(info === undefined ? {} : { apiVersion: info.defaultApiVersion }),
    layoutKey: key,
    typed: true,
  };
}

/**
 * An object identified (the resource it becomes, before the duplicate checks), or why it is not
 * a resource: its problems, and whether the only reason is an unknown kind.
 */
export type ObjectIdentity =
  | {
      readonly ok: true;
      readonly kind: string;
      readonly namespace: string;
      readonly name: string;
      readonly key: string;
      /** The object with what was inferred or defaulted filled in (a copy when anything was). */
      readonly object: KubeObject;
    }
  | { readonly ok: false; readonly problems: readonly Diagnostic[]; readonly unknownKind: boolean };

/** The group of an apiVersion: `gateway.networking.k8s.io/v1` → `gateway.networking.k8s.io`, `v1` → `''`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Checks one Kubernetes object and identifies it. Never mutates the object.
 *
 * @param place - the object's place (its diagnostics are located there)
 * @param object - the object
 * @param hint - what its context lets the loader assume
 * @returns its {@link ObjectIdentity}
 */
export function identifyObject(place: Place, object: Obj, hint: ObjectHint): ObjectIdentity {
  const problems: Diagnostic[] = [];
  const written = object.kind;
  const kind = written === undefined || written === null ? hint.kind : written;
  const kindOk = typeof kind === 'string' && kind !== '';
  const writtenApiVersion = object.apiVersion;
  const apiVersion =
    writtenApiVersion === undefined || writtenApiVersion === null ? hint.apiVersion : writtenApiVersion;
  const apiVersionOk = typeof apiVersion === 'string' && apiVersion !== '';
  const metadata = object.metadata;
  const rawName = isObject(metadata) ? metadata.name : undefined;
  const rawNamespace = isObject(metadata) ? metadata.namespace : undefined;
  // Envoy Gateway's own configuration (`kind: EnvoyGateway`) has no metadata: it is one object,
  // named `envoy-gateway` unless it says otherwise.
  const configKind =
    object.kind === 'EnvoyGateway' && groupOf(String(object.apiVersion ?? '')) === ENVOY_GATEWAY_GROUP;
  const name = typeof rawName === 'string' && rawName !== '' ? rawName : configKind ? 'envoy-gateway' : '';
  const writtenNamespace = typeof rawNamespace === 'string' ? rawNamespace : '';
  const info = kindOk ? kindInfo(kind) : undefined;
  // How messages name the object: namespaced known kinds as they will be keyed, others as written.
  const groupMismatch =
    info !== undefined && apiVersionOk && !hint.typed && groupOf(apiVersion) !== info.group;
  const modelled = info !== undefined && !groupMismatch;
  const labelNamespace = !modelled ? writtenNamespace : info.namespaced ? writtenNamespace || 'default' : '';
  const label = kindOk && name !== '' ? resourceKey(kind, labelNamespace, name) : undefined;

  if (!apiVersionOk) {
    problems.push(
      diagnosticAtPlace(
        LOAD_CODES.missingApiVersion,
        'error',
        writtenApiVersion === undefined || writtenApiVersion === null
          ? 'object has no apiVersion'
          : `apiVersion must be a non-empty string, found ${describeValue(writtenApiVersion)}`,
        place,
        label,
      ),
    );
  }
  if (!kindOk) {
    problems.push(
      diagnosticAtPlace(
        LOAD_CODES.missingKind,
        'error',
        written === undefined || written === null
          ? 'object has no kind'
          : `kind must be a non-empty string, found ${describeValue(written)}`,
        place,
        label,
      ),
    );
  } else if (
    hint.typed &&
    !hint.unstructured &&
    written !== undefined &&
    written !== null &&
    written !== hint.kind
  ) {
    problems.push(
      diagnosticAtPlace(
        LOAD_CODES.testDataKindMismatch,
        'error',
        `an entry of ${hint.layoutKey ?? '?'} must be a ${hint.kind ?? '?'}, found kind ${kind}`,
        place,
        label,
      ),
    );
  }

  if (problems.length === 0 && (info === undefined || groupMismatch || hint.unstructured)) {
    const why = hint.unstructured
      ? `${hint.layoutKey ?? 'this key'} holds Envoy Gateway extension objects, which the simulator does not model`
      : groupMismatch
        ? `kind ${kind} of group ${groupOf(apiVersion as string) || 'core'} is not modelled (the simulator knows ${kind} of group ${info?.group || 'core'})`
        : `kind ${kind as string} is not modelled by the simulator`;
    return {
      ok: false,
      problems: [
        diagnosticAtPlace(LOAD_CODES.unknownKind, 'info', `${why}; the object is skipped`, place, label),
      ],
      unknownKind: true,
    };
  }

  if (name === '') {
    problems.push(
      diagnosticAtPlace(
        LOAD_CODES.missingName,
        'error',
        !isObject(metadata)
          ? metadata === undefined || metadata === null
            ? 'object has no metadata'
            : `metadata must be an object, found ${describeValue(metadata)}`
          : rawName === undefined || rawName === null
            ? 'object has no metadata.name'
            : `metadata.name must be a non-empty string, found ${describeValue(rawName)}`,
        place,
      ),
    );
  }
  const badName = name === '' ? null : nameError(name);
  if (badName !== null) problems.push(diagnosticAtPlace(LOAD_CODES.badName, 'error', badName, place));
  const namespaced = info?.namespaced ?? true;
  const badNamespace = namespaced && writtenNamespace !== '' ? namespaceError(writtenNamespace) : null;
  if (badNamespace !== null)
    problems.push(diagnosticAtPlace(LOAD_CODES.badNamespace, 'error', badNamespace, place));
  if (namespaced && rawNamespace !== undefined && rawNamespace !== null && typeof rawNamespace !== 'string') {
    problems.push(
      diagnosticAtPlace(
        LOAD_CODES.badNamespace,
        'error',
        `metadata.namespace must be a string, found ${describeValue(rawNamespace)}`,
        place,
        label,
      ),
    );
  }
  if (
    problems.length > 0 ||
    !kindOk ||
    !apiVersionOk ||
    info === undefined ||
    (!isObject(metadata) && !configKind)
  ) {
    return { ok: false, problems, unknownKind: false };
  }

  const namespace = namespaced ? writtenNamespace || 'default' : '';
  const key = resourceKey(kind, namespace, name);

  // Fill in what was inferred or defaulted, on a copy: the input is never mutated.
  let result: Obj = object;
  if (written !== kind || writtenApiVersion !== apiVersion) {
    const { apiVersion: _a, kind: _k, ...rest } = object;
    result = { apiVersion, kind, ...rest };
  }
  if (namespaced && writtenNamespace !== namespace) {
    result = { ...result, metadata: { ...(isObject(metadata) ? metadata : {}), namespace } };
  }
  // The configuration has no metadata of its own; its copy gets the name it is keyed by.
  if (configKind && !isObject(metadata)) result = { ...result, metadata: { name } };
  const normalised = result as KubeObject;
  return { ok: true, kind, namespace, name, key, object: normalised };
}
