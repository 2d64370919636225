/**
 * What the model knows of CRD admission: the interface a CRD set implements (`src/admission/`
 * does) and the options and outcome of admitting one object. The model depends on this
 * interface, never on the admission layer, so the CRD data and the CEL evaluator stay out of the
 * core until a caller loads a CRD set.
 *
 * @packageDocumentation
 */
import type { Severity } from './diagnostic.js';
import type { KubeObject } from './types.js';

/**
 * How unknown fields are treated, as kubectl's `--validate` (the API server's `fieldValidation`)
 * says: `strict` (kubectl's default) refuses the object, `warn` drops the field with a warning,
 * `ignore` drops it silently.
 */
export type FieldValidation = 'strict' | 'warn' | 'ignore';

/** Options of {@link CrdSet.admit}. */
export interface AdmitOptions {
  readonly fieldValidation: FieldValidation;
  /** Whether the object as returned carries its schema defaults (`cluster` ordering). */
  readonly defaults: boolean;
  /**
   * Whether the object as returned is pruned of unknown fields. False for Envoy Gateway's
   * translator-test layout, whose harness decodes objects without the API server.
   */
  readonly prune: boolean;
}

/** One problem admission found, in the API server's words, at a field of the object. */
export interface AdmitFinding {
  /** `GWP-ADMIT-*` code (docs/diagnostics.md). */
  readonly code: string;
  readonly severity: Severity;
  /** The API server's text (`spec.x: Unsupported value: "Foo": supported values: "A", "B"`). */
  readonly message: string;
  /** JSON pointer of the offending field inside the object (`''`: the object). */
  readonly pointer: string;
}

/** What admitting one object gives. */
export interface AdmitOutcome {
  /**
   * The object as the simulator should see it: pruned and defaulted as the options say (the input
   * object itself when nothing changes). Never the caller's object mutated.
   */
  readonly object: KubeObject;
  readonly findings: readonly AdmitFinding[];
  /** Whether the API server would refuse the object (an error finding). */
  readonly refused: boolean;
}

/**
 * A set of CustomResourceDefinitions that admits objects as the Kubernetes API server does on
 * create: the version must be served, unknown fields follow field validation, then pruning,
 * defaults, the OpenAPI schema, list types and the `x-kubernetes-validations` CEL rules.
 */
export interface CrdSet {
  /** The set's name, e.g. `envoy-gateway-v1.9`. */
  readonly name: string;
  /**
   * Whether the set has a CRD for a group and kind.
   *
   * @param group - API group
   * @param kind - kind
   */
  has(group: string, kind: string): boolean;
  /**
   * Admits one object. Never throws on user input.
   *
   * @param object - the object (apiVersion, kind, metadata, spec, …)
   * @param options - field validation, defaults, pruning
   * @returns the outcome, or undefined when the set has no CRD for the object's group and kind
   */
  admit(object: KubeObject, options: AdmitOptions): AdmitOutcome | undefined;
}
