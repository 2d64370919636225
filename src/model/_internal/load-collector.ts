/**
 * The loader's normaliser, shared by `loadManifests` (YAML/JSON text) and `loadObjects` (parsed
 * objects): it turns each document into a resource or into diagnostics, and counts both.
 *
 * A document is one Kubernetes object as the loader meets it: a top-level YAML/JSON document, one
 * element of a top-level array, one item of a `kind: List` (nested lists flattened), or one entry
 * of Envoy Gateway's test-data layout (a list entry, or the object of a single-object key). The
 * list or layout wrapping them is not a document itself.
 *
 * @packageDocumentation
 */

import type { Diagnostic, Severity, SourceLocation } from '../diagnostic.js';
import type { DuplicateResource, LoadResult, ManifestSource } from '../load-types.js';
import { kindInfo, type Resource, resourceKey } from '../resource.js';
import type { JsonObject, KubeObject } from '../types.js';
import { ENVOY_GATEWAY_GROUP } from '../types.js';
import { jsonEqual } from './json-equal.js';
import { LOAD_CODES } from './load-codes.js';
import type { Place } from './load-place.js';
import { isTestDataLayout, testDataField } from './load-test-data-keys.js';
import { FieldLocator } from './locate-field.js';
import { nameError, namespaceError } from './object-name.js';

type Obj = Readonly<Record<string, unknown>>;

/**
 * Whether a value is an object that is neither an array nor null.
 *
 * @param value - any value
 * @returns the type guard
 */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the context of an object lets the loader assume about it. */
interface ObjectHint {
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

/** `file:line:col`, or what is known of it, for messages. */
function describeLocation(loc: SourceLocation): string {
  const file = loc.file ?? `document ${loc.document ?? 0}`;
  if (loc.line === undefined) return loc.pointer ? `${file} at ${loc.pointer}` : file;
  return `${file}:${loc.line}:${loc.column ?? 0}`;
}

/** The group of an apiVersion: `gateway.networking.k8s.io/v1` → `gateway.networking.k8s.io`, `v1` → `''`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** How a value is described in messages. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Where an identity was first read, the index of its resource, and whether it came from the test-data layout. */
interface FirstSeen {
  readonly source: SourceLocation;
  readonly index: number;
  readonly layout: boolean;
}

/** What {@link LoadCollector.mark} saves: enough to undo everything added after it. */
export interface CollectorMark {
  readonly resources: number;
  readonly replaced: number;
  readonly diagnostics: number;
  readonly duplicates: number;
  readonly documents: number;
  readonly diagnosed: number;
  readonly unknownKinds: number;
  readonly testDataLayout: boolean;
  readonly mergeGateways: { value: boolean; from: SourceLocation } | undefined;
  readonly defaultSpec: { value: JsonObject; text: string; from: SourceLocation } | undefined;
  readonly classProxyKey: string | undefined;
}

/** Accumulates the result of one load. Not exported from the package. */
export class LoadCollector {
  /** The `yaml` package's `maxAliasCount` for this load. */
  readonly maxAliasCount: number;
  readonly #resources: Resource[] = [];
  readonly #diagnostics: Diagnostic[] = [];
  #documents = 0;
  #diagnosed = 0;
  #unknownKinds = 0;
  /** Where each identity was first read, and the index of its resource (duplicate detection). */
  readonly #firstSeen = new Map<string, FirstSeen>();
  /** Resources replaced by a later document (kubectl apply order), with what they were, to undo. */
  readonly #replaced: { readonly index: number; readonly was: Resource; readonly seen: FirstSeen }[] = [];
  readonly #duplicates: DuplicateResource[] = [];
  #testDataLayout = false;
  #mergeGateways: { value: boolean; from: SourceLocation } | undefined;
  #defaultSpec: { value: JsonObject; text: string; from: SourceLocation } | undefined;
  /** Key of the resource read from `envoyProxyForGatewayClass` (the first one). */
  #classProxyKey: string | undefined;
  /** The texts read, by file label (the first text of a label), to give diagnostics their ranges. */
  readonly #texts: ManifestSource[] = [];

  constructor(maxAliasCount = 100) {
    this.maxAliasCount = maxAliasCount;
  }

  /**
   * Saves the state, so that a source whose parsing fails midway can be taken back.
   *
   * @returns the mark to hand to {@link rollback}
   */
  mark(): CollectorMark {
    return {
      resources: this.#resources.length,
      replaced: this.#replaced.length,
      diagnostics: this.#diagnostics.length,
      duplicates: this.#duplicates.length,
      documents: this.#documents,
      diagnosed: this.#diagnosed,
      unknownKinds: this.#unknownKinds,
      testDataLayout: this.#testDataLayout,
      mergeGateways: this.#mergeGateways,
      defaultSpec: this.#defaultSpec,
      classProxyKey: this.#classProxyKey,
    };
  }

  /**
   * Undoes everything added since a mark.
   *
   * @param mark - what {@link mark} returned
   */
  rollback(mark: CollectorMark): void {
    // Replacements since the mark are undone, latest first.
    for (const r of this.#replaced.splice(mark.replaced).reverse()) {
      this.#resources[r.index] = r.was;
      this.#firstSeen.set(r.was.key, r.seen);
    }
    // Every resource added since the mark added its key to #firstSeen, and nothing else did.
    for (const resource of this.#resources.slice(mark.resources)) this.#firstSeen.delete(resource.key);
    this.#resources.length = mark.resources;
    this.#diagnostics.length = mark.diagnostics;
    this.#duplicates.length = mark.duplicates;
    this.#documents = mark.documents;
    this.#diagnosed = mark.diagnosed;
    this.#unknownKinds = mark.unknownKinds;
    this.#testDataLayout = mark.testDataLayout;
    this.#mergeGateways = mark.mergeGateways;
    this.#defaultSpec = mark.defaultSpec;
    this.#classProxyKey = mark.classProxyKey;
  }

  /**
   * Records the text a reader is about to read, so that the result can give each diagnostic
   * about a value the range of its node.
   *
   * @param source - the source
   */
  readsFrom(source: ManifestSource): void {
    if (!this.#texts.some((s) => s.file === source.file)) this.#texts.push(source);
  }

  /**
   * Records a diagnostic that does not stand for a document (the document still loads, or the
   * diagnostic is about a setting or a file).
   *
   * @param diagnostic - the diagnostic
   */
  report(diagnostic: Diagnostic): void {
    this.#diagnostics.push(diagnostic);
  }

  /**
   * Counts one document that became diagnostics instead of a resource.
   *
   * @param diagnostics - why (at least one)
   * @param unknownKind - whether the only reason is an unknown kind
   */
  diagnoseDocument(diagnostics: readonly Diagnostic[], unknownKind = false): void {
    this.#documents += 1;
    this.#diagnosed += 1;
    if (unknownKind) this.#unknownKinds += 1;
    this.#diagnostics.push(...diagnostics);
  }

  /**
   * Loads one top-level document: an object, a `kind: List`, the test-data layout, or an array
   * of those. A null value (an empty YAML document) is not a document.
   *
   * @param place - the document's value and place
   */
  addDocument(place: Place): void {
    const { value } = place;
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        this.#addEntry(place.child(i, item), {});
      });
    } else if (isObject(value) && isTestDataLayout(value)) {
      this.#addLayout(place, value);
    } else {
      this.#addEntry(place, {});
    }
  }

  /** Builds a diagnostic located at a place. */
  #diag(code: string, severity: Severity, message: string, place: Place, resource?: string): Diagnostic {
    return {
      code,
      severity,
      message,
      ...(resource === undefined ? {} : { resource }),
      location: place.location(),
    };
  }

  /** An object or a List where an object is expected; anything else is diagnosed. */
  #addEntry(place: Place, hint: ObjectHint): void {
    const { value } = place;
    if (!isObject(value)) {
      const where =
        hint.layoutKey === undefined ? 'a document or list item' : `an entry of ${hint.layoutKey}`;
      this.diagnoseDocument([
        this.#diag(
          LOAD_CODES.notObject,
          'error',
          `${where} must be a Kubernetes object, found ${describeValue(value)}`,
          place,
        ),
      ]);
      return;
    }
    if (hint.layoutKey === undefined && this.#isList(value)) this.#addList(place, value);
    else this.#addObject(place, value, hint);
  }

  /** `kind: List`, or a `*List` kind (as kubectl prints) that has `items`. */
  #isList(value: Obj): boolean {
    const { kind } = value;
    if (kind === 'List') return true;
    return (
      typeof kind === 'string' && kind.length > 4 && kind.endsWith('List') && Object.hasOwn(value, 'items')
    );
  }

  #addList(place: Place, list: Obj): void {
    const { items } = list;
    const listKind = list.kind as string;
    if (!Array.isArray(items)) {
      if (items === undefined || items === null) return; // an empty list: no documents
      this.diagnoseDocument([
        this.#diag(
          LOAD_CODES.badList,
          'error',
          `${listKind}: items must be an array, found ${describeValue(items)}`,
          place.child('items', items),
        ),
      ]);
      return;
    }
    // Items of a typed list (`HTTPRouteList`) may omit kind and apiVersion, as the API server does.
    const hint: ObjectHint =
      listKind === 'List'
        ? {}
        : {
            kind: listKind.slice(0, -'List'.length),
            ...(typeof list.apiVersion === 'string' && list.apiVersion !== ''
              ? { apiVersion: list.apiVersion }
              : {}),
          };
    const itemsPlace = place.child('items', items);
    items.forEach((item: unknown, i) => {
      this.#addEntry(itemsPlace.child(i, item), hint);
    });
  }

  /** Envoy Gateway's test-data layout: every key of `resource.Resources`, in input order. */
  #addLayout(place: Place, layout: Obj): void {
    this.#testDataLayout = true;
    const keys = Object.keys(layout);
    // Go's encoding/json matches keys case-insensitively and the last key naming a field wins.
    const lastKeyOfField = new Map<string, string>();
    for (const key of keys) {
      const field = testDataField(key);
      if (field !== undefined) lastKeyOfField.set(field.key, key);
    }
    for (const key of keys) {
      const value = layout[key];
      const keyPlace = place.child(key, value);
      const field = testDataField(key);
      if (field === undefined) {
        this.diagnoseDocument([
          this.#diag(
            LOAD_CODES.testDataUnknownKey,
            'warning',
            `unknown key ${key} in the test-data layout (not a field of Envoy Gateway's resource.Resources); its content is skipped`,
            keyPlace,
          ),
        ]);
        continue;
      }
      const lastKey = lastKeyOfField.get(field.key);
      if (lastKey !== key) {
        const shape =
          field.type === 'defaultSpec'
            ? 'setting'
            : field.type === 'typed' && field.single
              ? 'single'
              : 'list';
        this.#overridden(keyPlace, key, lastKey ?? field.key, shape);
        continue;
      }
      if (field.type === 'defaultSpec') {
        this.#setDefaultSpec(keyPlace, key);
      } else if (field.type === 'typed' && field.single) {
        if (value === null || value === undefined) continue;
        const before = this.#resources.length;
        if (field.key === 'envoyProxyForGatewayClass') this.#setMergeGateways(keyPlace);
        this.#addEntry(keyPlace, this.#layoutHint(key, field.kind));
        if (field.key === 'envoyProxyForGatewayClass' && this.#resources.length > before)
          this.#classProxyKey ??= this.#resources[before]!.key;
      } else {
        if (value === null || value === undefined) continue;
        if (!Array.isArray(value)) {
          this.diagnoseDocument([
            this.#diag(
              LOAD_CODES.testDataBadValue,
              'error',
              `${key} must hold a list of objects, found ${describeValue(value)}`,
              keyPlace,
            ),
          ]);
          continue;
        }
        const hint =
          field.type === 'typed'
            ? this.#layoutHint(key, field.kind)
            : ({ layoutKey: key, unstructured: true } satisfies ObjectHint);
        value.forEach((entry: unknown, i) => {
          this.#addEntry(keyPlace.child(i, entry), hint);
        });
      }
    }
  }

  #layoutHint(key: string, kind: string): ObjectHint {
    const info = kindInfo(kind);
    return {
      kind,
      ...(info === undefined ? {} : { apiVersion: info.defaultApiVersion }),
      layoutKey: key,
      typed: true,
    };
  }

  /** A key overridden by a later key naming the same field: its entries are diagnosed documents. */
  #overridden(keyPlace: Place, key: string, lastKey: string, shape: 'list' | 'single' | 'setting'): void {
    const { value } = keyPlace;
    if (value === null || value === undefined) return;
    // A setting is not a document; a list counts its entries, anything else one document.
    const count = shape === 'setting' ? 0 : shape === 'list' && Array.isArray(value) ? value.length : 1;
    if (shape === 'list' && count === 0) return;
    const skipped =
      shape === 'setting' ? 'its value is ignored' : `${count} ${count === 1 ? 'entry' : 'entries'} skipped`;
    const diagnostic = this.#diag(
      LOAD_CODES.testDataKeyOverridden,
      'warning',
      `${key} is overridden by the later key ${lastKey} (keys match case-insensitively and, as in Go, the last one wins); ${skipped}`,
      keyPlace,
    );
    this.#diagnostics.push(diagnostic);
    this.#documents += count;
    this.#diagnosed += count;
  }

  #setDefaultSpec(keyPlace: Place, key: string): void {
    const { value } = keyPlace;
    if (value === null || value === undefined) return;
    if (!isObject(value)) {
      this.report(
        this.#diag(
          LOAD_CODES.testDataBadValue,
          'error',
          `${key} must hold an EnvoyProxy spec (an object), found ${describeValue(value)}`,
          keyPlace,
        ),
      );
      return;
    }
    const text = JSON.stringify(value);
    const from = keyPlace.location();
    if (this.#defaultSpec === undefined) {
      this.#defaultSpec = { value: value as JsonObject, text, from };
    } else if (this.#defaultSpec.text !== text) {
      this.report(
        this.#diag(
          LOAD_CODES.testDataSettingConflict,
          'warning',
          `${key} differs from the one read at ${describeLocation(this.#defaultSpec.from)}; the first is kept`,
          keyPlace,
        ),
      );
    }
  }

  #setMergeGateways(keyPlace: Place): void {
    const proxy = keyPlace.value;
    const spec = isObject(proxy) ? proxy.spec : undefined;
    const merge = isObject(spec) ? spec.mergeGateways : undefined;
    if (typeof merge !== 'boolean') return;
    const from = keyPlace.location();
    if (this.#mergeGateways === undefined) {
      this.#mergeGateways = { value: merge, from };
    } else if (this.#mergeGateways.value !== merge) {
      this.report(
        this.#diag(
          LOAD_CODES.testDataSettingConflict,
          'warning',
          `mergeGateways: ${merge} differs from ${this.#mergeGateways.value} read at ${describeLocation(this.#mergeGateways.from)}; the first is kept`,
          keyPlace,
        ),
      );
    }
  }

  /** One Kubernetes object: checked, identified, and added as a resource or diagnosed. */
  #addObject(place: Place, object: Obj, hint: ObjectHint): void {
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
    const labelNamespace = !modelled
      ? writtenNamespace
      : info.namespaced
        ? writtenNamespace || 'default'
        : '';
    const label = kindOk && name !== '' ? resourceKey(kind, labelNamespace, name) : undefined;

    if (!apiVersionOk) {
      problems.push(
        this.#diag(
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
        this.#diag(
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
        this.#diag(
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
      this.diagnoseDocument(
        [this.#diag(LOAD_CODES.unknownKind, 'info', `${why}; the object is skipped`, place, label)],
        true,
      );
      return;
    }

    if (name === '') {
      problems.push(
        this.#diag(
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
    if (badName !== null) problems.push(this.#diag(LOAD_CODES.badName, 'error', badName, place));
    const namespaced = info?.namespaced ?? true;
    const badNamespace = namespaced && writtenNamespace !== '' ? namespaceError(writtenNamespace) : null;
    if (badNamespace !== null)
      problems.push(this.#diag(LOAD_CODES.badNamespace, 'error', badNamespace, place));
    if (
      namespaced &&
      rawNamespace !== undefined &&
      rawNamespace !== null &&
      typeof rawNamespace !== 'string'
    ) {
      problems.push(
        this.#diag(
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
      this.diagnoseDocument(problems);
      return;
    }

    const namespace = namespaced ? writtenNamespace || 'default' : '';
    const key = resourceKey(kind, namespace, name);
    const source = place.location();
    const first = this.#firstSeen.get(key);

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

    const layout = hint.layoutKey !== undefined;
    if (first !== undefined && !layout && !first.layout) {
      // Manifests as people keep them: `kubectl apply -f` applies documents in order, so an
      // identical repeat changes nothing and a differing one replaces the earlier object.
      const kept = this.#resources[first.index]!;
      if (jsonEqual(kept.object, normalised)) {
        this.diagnoseDocument([
          this.#diag(
            LOAD_CODES.duplicateIdentical,
            'info',
            `${key} again, identical to the one read at ${describeLocation(first.source)}: one object`,
            place,
            key,
          ),
        ]);
        return;
      }
      this.diagnoseDocument([
        this.#diag(
          LOAD_CODES.duplicateReplaced,
          'warning',
          `${key} again, different from the one read at ${describeLocation(first.source)}: this later one replaces it, as kubectl apply -f would`,
          place,
          key,
        ),
      ]);
      this.#replaced.push({ index: first.index, was: kept, seen: first });
      this.#resources[first.index] = {
        kind,
        namespace,
        name,
        key,
        object: normalised,
        source,
        index: first.index,
      };
      this.#firstSeen.set(key, { source, index: first.index, layout: false });
      return;
    }
    if (first !== undefined) {
      // Envoy Gateway's translator tests: the first object wins (its handled-policy map).
      this.diagnoseDocument([
        this.#diag(
          LOAD_CODES.duplicate,
          'error',
          `duplicate ${key}: first read at ${describeLocation(first.source)}, which is kept`,
          place,
          key,
        ),
      ]);
      const inputPosition = this.#resources.length;
      this.#duplicates.push({
        kind,
        namespace,
        name,
        key,
        object: normalised,
        source,
        index: first.index,
        inputPosition,
      });
      return;
    }
    const index = this.#resources.length;
    this.#firstSeen.set(key, { source, index, layout });
    this.#documents += 1;
    this.#resources.push({ kind, namespace, name, key, object: normalised, source, index });
  }

  /**
   * The diagnostics, each one about a value (it has a pointer and a line) given the range of the
   * node that starts there when its reader did not give one (the fast paths record starts only).
   */
  #rangedDiagnostics(): Diagnostic[] {
    const open = (d: Diagnostic): boolean =>
      d.location?.pointer !== undefined && d.location.line !== undefined && d.location.end === undefined;
    if (this.#texts.length === 0 || !this.#diagnostics.some(open)) return this.#diagnostics;
    const locator = new FieldLocator(this.#texts);
    return this.#diagnostics.map((d) =>
      d.location !== undefined && open(d) ? { ...d, location: locator.locate(d.location, '') } : d,
    );
  }

  /**
   * The load's result.
   *
   * @returns plain data
   */
  result(): LoadResult {
    return {
      resources: this.#resources,
      diagnostics: this.#rangedDiagnostics(),
      summary: {
        documents: this.#documents,
        resources: this.#resources.length,
        diagnosed: this.#diagnosed,
        unknownKinds: this.#unknownKinds,
      },
      testDataLayout: this.#testDataLayout,
      testDataSettings: {
        ...(this.#mergeGateways === undefined ? {} : { mergeGateways: this.#mergeGateways.value }),
        ...(this.#defaultSpec === undefined ? {} : { envoyProxyDefaultSpec: this.#defaultSpec.value }),
        ...(this.#classProxyKey === undefined ? {} : { envoyProxyForGatewayClass: this.#classProxyKey }),
      },
      duplicates: this.#duplicates,
    };
  }
}
