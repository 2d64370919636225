/**
 * The loader's normaliser, shared by `loadManifests` (YAML/JSON text) and `loadObjects` (parsed
 * objects): it turns each document into a resource or into diagnostics, and counts both. It
 * unwraps lists and the test-data layout, has each object checked and identified
 * (load-object-identity.ts), and decides what a repeated identity means.
 *
 * A document is one Kubernetes object as the loader meets it: a top-level YAML/JSON document, one
 * element of a top-level array, one item of a `kind: List` (nested lists flattened), or one entry
 * of Envoy Gateway's test-data layout (a list entry, or the object of a single-object key). The
 * list or layout wrapping them is not a document itself.
 *
 * @packageDocumentation
 */

import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { DuplicateResource, LoadResult, ManifestSource } from '../load-types.js';
import type { Resource } from '../resource.js';
import type { JsonObject } from '../types.js';
import { jsonEqual } from './json-equal.js';
import { LOAD_CODES } from './load-codes.js';
import { describeLocation, diagnosticAtPlace } from './load-diagnostics.js';
import { identifyObject, layoutHint, type ObjectHint } from './load-object-identity.js';
import type { Place } from './load-place.js';
import { isTestDataLayout, testDataField } from './load-test-data-keys.js';
import { describeValue, isObject, type Obj } from './load-values.js';
import { FieldLocator } from './locate-field.js';

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

  /** An object or a List where an object is expected; anything else is diagnosed. */
  #addEntry(place: Place, hint: ObjectHint): void {
    const { value } = place;
    if (!isObject(value)) {
      const where =
        hint.layoutKey === undefined ? 'a document or list item' : `an entry of ${hint.layoutKey}`;
      this.diagnoseDocument([
        diagnosticAtPlace(
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
        diagnosticAtPlace(
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
          diagnosticAtPlace(
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
        this.#addEntry(keyPlace, layoutHint(key, field.kind));
        if (field.key === 'envoyProxyForGatewayClass' && this.#resources.length > before)
          this.#classProxyKey ??= this.#resources[before]!.key;
      } else {
        if (value === null || value === undefined) continue;
        if (!Array.isArray(value)) {
          this.diagnoseDocument([
            diagnosticAtPlace(
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
            ? layoutHint(key, field.kind)
            : ({ layoutKey: key, unstructured: true } satisfies ObjectHint);
        value.forEach((entry: unknown, i) => {
          this.#addEntry(keyPlace.child(i, entry), hint);
        });
      }
    }
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
    const diagnostic = diagnosticAtPlace(
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
        diagnosticAtPlace(
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
        diagnosticAtPlace(
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
        diagnosticAtPlace(
          LOAD_CODES.testDataSettingConflict,
          'warning',
          `mergeGateways: ${merge} differs from ${this.#mergeGateways.value} read at ${describeLocation(this.#mergeGateways.from)}; the first is kept`,
          keyPlace,
        ),
      );
    }
  }

  /** One Kubernetes object: identified, then added as a resource or diagnosed (a repeated identity). */
  #addObject(place: Place, object: Obj, hint: ObjectHint): void {
    const identity = identifyObject(place, object, hint);
    if (!identity.ok) {
      this.diagnoseDocument(identity.problems, identity.unknownKind);
      return;
    }
    const { kind, namespace, name, key, object: normalised } = identity;
    const source = place.location();
    const first = this.#firstSeen.get(key);

    const layout = hint.layoutKey !== undefined;
    if (first !== undefined && !layout && !first.layout) {
      // Manifests as people keep them: `kubectl apply -f` applies documents in order, so an
      // identical repeat changes nothing and a differing one replaces the earlier object.
      const kept = this.#resources[first.index]!;
      if (jsonEqual(kept.object, normalised)) {
        this.diagnoseDocument([
          diagnosticAtPlace(
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
        diagnosticAtPlace(
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
        diagnosticAtPlace(
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
