/**
 * `compileCrdSet`: a CRD set from its compact data, admitting objects as the Kubernetes API server
 * (v1.36, the version Envoy Gateway v1.9's CEL tests run against) does on create.
 *
 * @packageDocumentation
 */
import { goQuote } from '../go/quote.js';
import type { AdmitFinding, AdmitOptions, AdmitOutcome, CrdSet } from '../model/admission-types.js';
import type { KubeObject } from '../model/types.js';
import { kubernetesCelEnv, type Re2 } from './_internal/cel/cel-environment.js';
import {
  evaluateNodePlainly,
  evaluateRules,
  RuleCompiler,
  type RuleOutcome,
} from './_internal/cel/cel-rules.js';
import { celValueOf } from './_internal/cel/cel-values.js';
import { RuleMemo } from './_internal/cel/rule-memo.js';
import { CleanCheck } from './_internal/clean-check.js';
import { FastDefaults } from './_internal/fast-defaults.js';
import { type FieldError, formatFieldError, isBlocking } from './_internal/field-error.js';
import { classify } from './_internal/finding-codes.js';
import { validateListTypes } from './_internal/list-type.js';
import { ROOT, WalkPath } from './_internal/location.js';
import { validateObjectMeta } from './_internal/object-meta.js';
import { type RegexLookup, validateOpenApi } from './_internal/openapi-validate.js';
import { pruneObject, withDefaults } from './_internal/prune-default.js';
import { RegexCache } from './_internal/regex-cache.js';
import { decodeSchemaNodes, type SchemaNode } from './_internal/schema-node.js';
import type { CrdData, CrdSetData } from './crd-data.js';

type Rec = Record<string, unknown>;

/** Pairs of apiVersion and kind whose CRD is remembered, per level (`#target`). */
const TARGETS_LIMIT = 256;

/** One CRD with its decoded version schemas. */
interface CrdEntry {
  readonly data: CrdData;
  readonly versions: ReadonlyMap<
    string,
    { readonly served: boolean; readonly status: boolean; readonly root: SchemaNode }
  >;
}

/** Splits an apiVersion into group and version (`v1` → core group). */
function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** How a CRD set admits: the fast path (the default) or the plain reference it is checked against. */
export interface CrdSetOptions {
  /**
   * The plain reference: every CEL rule evaluated on every object, on values converted whole
   * before the rules run. Only tests use it, to check the fast path against it.
   */
  readonly plain?: boolean;
}

/**
 * The CRD set: the decoded CRDs, an RE2 cache, the CEL programs and the memo of rule results,
 * all owned by the instance.
 */
class CompiledCrdSet implements CrdSet {
  readonly name: string;
  readonly #crds = new Map<string, CrdEntry>();
  /** {@link CompiledCrdSet.#target}'s answers, by apiVersion then kind. */
  readonly #targets = new Map<
    string,
    Map<string, { readonly crd: CrdEntry; readonly version: string } | null>
  >();
  readonly #rules: RuleCompiler;
  readonly #lookup: RegexLookup;
  readonly #plain: boolean;
  readonly #memo: RuleMemo;
  readonly #clean: CleanCheck;
  /** Schema defaults: `withDefaults` (the reference) or its compiled form. */
  readonly #defaults: (x: unknown, s: SchemaNode) => unknown;

  constructor(data: CrdSetData, options: CrdSetOptions) {
    this.name = data.name;
    this.#plain = options.plain === true;
    const fastDefaults = new FastDefaults();
    this.#defaults = this.#plain ? withDefaults : (x, s) => fastDefaults.apply(x, s);
    const nodes = decodeSchemaNodes(data.nodes);
    for (const crd of data.crds) {
      const versions = new Map(
        crd.versions.map((v) => {
          const root = nodes[v.schema];
          if (root === undefined)
            throw new Error(`CRD data: ${crd.kind} ${v.name} has no schema node ${v.schema}`);
          return [v.name, { served: v.served, status: v.status, root }] as const;
        }),
      );
      this.#crds.set(`${crd.group}/${crd.kind}`, { data: crd, versions });
    }
    const regex = new RegexCache(this.#plain);
    this.#lookup = (pattern) => regex.lookup(pattern);
    const re2: Re2 = {
      compile: (pattern) => {
        const hit = this.#lookup(pattern);
        if ('error' in hit) throw new Error(hit.error);
        return hit;
      },
    };
    // The plain reference parses every rule's text; the fast path decodes the shipped parsed forms.
    this.#rules = new RuleCompiler(kubernetesCelEnv(re2), this.#plain ? undefined : data.asts);
    this.#memo = new RuleMemo(re2);
    this.#clean = new CleanCheck(this.#lookup);
  }

  /**
   * The CRD and version an (apiVersion, kind) pair names, or null: worked out once per pair
   * (no text built per object).
   */
  #target(apiVersion: string, kind: string): { readonly crd: CrdEntry; readonly version: string } | null {
    let byKind = this.#targets.get(apiVersion);
    if (byKind === undefined || byKind.size >= TARGETS_LIMIT) {
      // Bounded: a set kept for a long session does not grow with every pair it has seen.
      if (this.#targets.size >= TARGETS_LIMIT) this.#targets.clear();
      byKind = new Map();
      this.#targets.set(apiVersion, byKind);
    }
    let hit = byKind.get(kind);
    if (hit === undefined) {
      const { group, version } = splitApiVersion(apiVersion);
      const crd = this.#crds.get(`${group}/${kind}`);
      hit = crd === undefined ? null : { crd, version };
      byKind.set(kind, hit);
    }
    return hit;
  }

  has(group: string, kind: string): boolean {
    return this.#crds.has(`${group}/${kind}`);
  }

  admit(object: KubeObject, options: AdmitOptions): AdmitOutcome | undefined {
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    const kind = typeof object.kind === 'string' ? object.kind : '';
    const target = this.#target(apiVersion, kind);
    if (target === null) return undefined;
    try {
      return this.#admit(target.crd, target.version, object, options);
    } catch (e) {
      // A programmer error must not become a crash on user input: one internal finding.
      const finding: AdmitFinding = {
        code: 'GWP-ADMIT-INTERNAL',
        severity: 'warning',
        message: `admission could not check this object (internal error: ${e instanceof Error ? e.message : String(e)})`,
        pointer: '',
      };
      return { object, findings: [finding], refused: false };
    }
  }

  #admit(crd: CrdEntry, version: string, object: KubeObject, options: AdmitOptions): AdmitOutcome {
    const v = crd.versions.get(version);
    if (v === undefined || !v.served) {
      const served = [...crd.versions].filter(([, x]) => x.served).map(([name]) => name);
      const finding: AdmitFinding = {
        code: 'GWP-ADMIT-VERSION-NOT-SERVED',
        severity: 'error',
        message: `no matches for kind ${goQuote(crd.data.kind)} in version ${goQuote(`${crd.data.group}/${version}`)} (the CRD serves ${served.join(', ')})`,
        pointer: '/apiVersion',
      };
      return { object, findings: [finding], refused: true };
    }
    let findings: AdmitFinding[] = [];
    // The fast path first: an object that is clean (pruning changes nothing, no schema or
    // list-type error) is neither pruned nor walked for errors; any other takes the reference path.
    let clean = false;
    let stored: Stored | undefined;
    if (!this.#plain) {
      stored = storedForm(v, object as Rec, this.#defaults);
      clean = this.#clean.isClean(v.root, stored.body, v.status ? stored.status : undefined);
    }
    let pruned = object as Rec;
    if (!clean) {
      const p = pruneObject(v.root, object as Rec);
      pruned = p.object;
      if (options.fieldValidation === 'strict' && p.unknown.length > 0) {
        // Strict decoding fails before validation: the unknown fields are the whole answer.
        for (const u of p.unknown) {
          findings.push({
            code: unknownFieldCode(u.path),
            severity: 'error',
            message: `strict decoding error: unknown field ${goQuote(u.path)}`,
            pointer: u.pointer,
          });
        }
        return { object, findings, refused: true };
      }
      if (options.fieldValidation === 'warn') {
        for (const u of p.unknown) {
          findings.push({
            code: unknownFieldCode(u.path),
            severity: 'warning',
            message: `unknown field ${goQuote(u.path)}`,
            pointer: u.pointer,
          });
        }
      }
      stored = storedForm(v, pruned, this.#defaults);
    }
    const { body, status, undefaulted } = stored as Stored;
    const validated = this.#validate(v.root, body, clean);
    if (findings.length === 0) findings = validated;
    else findings.push(...validated);
    const kept: Rec =
      body === undefaulted ? pruned : v.status && status !== undefined ? { ...body, status } : body;
    let refused = false;
    for (const f of findings) if (f.severity === 'error') refused = true;
    const result: KubeObject = options.defaults
      ? (kept as KubeObject)
      : options.prune
        ? (pruned as KubeObject)
        : object;
    return { object: result, findings, refused };
  }

  /**
   * Schema, metadata and list-type validation, then the CEL rules unless a blocking error stops
   * them. A clean body (`CleanCheck`) has no schema or list-type error: those walks are skipped.
   */
  #validate(root: SchemaNode, body: Rec, clean: boolean): AdmitFinding[] {
    const unchecked: AdmitFinding[] = [];
    const errors: FieldError[] = validateObjectMeta(body.metadata);
    if (!clean) {
      const formats = new Set<string>();
      errors.push(
        ...validateOpenApi(root, body, ROOT, {
          regex: this.#lookup,
          unchecked: (format, pointer) => {
            if (formats.has(format)) return;
            formats.add(format);
            unchecked.push({
              code: 'GWP-ADMIT-FORMAT-UNCHECKED',
              severity: 'warning',
              message: `format ${goQuote(format)} is not checked by the simulator; the API server checks it`,
              pointer,
            });
          },
        }),
      );
      validateListTypes(root, body, ROOT, errors);
    }
    // The CRD strategy has a CEL validator only when the schema has rules (cel.NewValidator).
    if (root.rulesBelow && errors.some(isBlocking)) {
      errors.push({
        type: 'Invalid',
        field: null,
        value: null,
        detail:
          'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        pointer: '',
        source: 'rules-skipped',
      });
    } else if (root.rulesBelow) {
      const outcome: RuleOutcome = { errors, unchecked: [] };
      if (this.#plain) {
        evaluateRules(
          this.#rules,
          evaluateNodePlainly,
          root,
          root,
          body,
          celValueOf(body, root),
          new WalkPath(ROOT),
          outcome,
        );
      } else {
        evaluateRules(
          this.#rules,
          this.#memo.evaluateNode,
          root,
          root,
          body,
          // The memo converts each node's value when one of its rules is first run.
          undefined,
          new WalkPath(ROOT),
          outcome,
        );
      }
      for (const u of outcome.unchecked) {
        unchecked.push({
          code: 'GWP-ADMIT-RULE-UNCHECKED',
          severity: 'warning',
          message: `${u.path.fieldPath() || '<root>'}: the simulator cannot evaluate the rule ${goQuote(u.rule)} (${u.reason}); the API server checks it (${u.message})`,
          pointer: u.path.pointer(),
        });
      }
    }
    if (errors.length === 0) return unchecked;
    // The API server drops repeated messages (ErrorList.ToAggregate).
    const seen = new Set<string>();
    const out: AdmitFinding[] = [];
    for (const e of errors) {
      const message = formatFieldError(e);
      if (seen.has(message)) continue;
      seen.add(message);
      const { code, pointer } = classify(e, body);
      out.push({ code, severity: 'error', message, pointer });
    }
    return unchecked.length === 0 ? out : [...out, ...unchecked];
  }
}

/** The object as validated (`body`: no status when the API server drops it, defaults applied). */
interface Stored {
  readonly body: Rec;
  readonly status: unknown;
  /** `body` before defaults (the same object when no default applies). */
  readonly undefaulted: Rec;
}

/**
 * The stored form of a (pruned) object: `status` is dropped on create when the version has the
 * status subresource, so it is neither defaulted nor validated (the simulator keeps it); then the
 * schema defaults.
 */
function storedForm(
  v: { readonly status: boolean; readonly root: SchemaNode },
  pruned: Rec,
  defaults: (x: unknown, s: SchemaNode) => unknown,
): Stored {
  const { status, undefaulted } = withoutStatus(v, pruned);
  return { body: defaults(undefaulted, v.root) as Rec, status, undefaulted };
}

/** The object without the status the API server drops on create (the same object when it keeps it). */
function withoutStatus(
  v: { readonly status: boolean },
  pruned: Rec,
): { readonly status: unknown; readonly undefaulted: Rec } {
  const status = pruned.status;
  if (!v.status || status === undefined) return { status, undefaulted: pruned };
  const { status: _status, ...rest } = pruned;
  return { status, undefaulted: rest };
}

/** An unknown field's code: `mergeType` on a kind without it keeps its R1.5 code. */
function unknownFieldCode(path: string): string {
  return path === 'spec.mergeType' ? 'GWP-ADMIT-MERGETYPE-UNSUPPORTED' : 'GWP-ADMIT-UNKNOWN-FIELD';
}

/**
 * Builds a CRD set from its compact data (`scripts/compile-crds.mjs` output). Schemas are decoded
 * once; regular expressions and CEL rules are compiled on first use and cached by the set.
 *
 * @param data - the compact data, or its JSON text
 * @param options - {@link CrdSetOptions} (tests only: the plain reference)
 * @returns the CRD set
 * @example
 * const crds = compileCrdSet(ENVOY_GATEWAY_V1_9_CRD_DATA);
 * crds.admit(btp, { fieldValidation: 'strict', defaults: true, prune: true })?.refused; // => false
 */
export function compileCrdSet(data: CrdSetData | string, options: CrdSetOptions = {}): CrdSet {
  return new CompiledCrdSet(typeof data === 'string' ? (JSON.parse(data) as CrdSetData) : data, options);
}
