/**
 * The compact form a CRD set is shipped in (`scripts/compile-crds.mjs` writes it): every schema
 * node once, children by index, only what validation, pruning and defaulting read.
 *
 * @packageDocumentation
 */

/** One `x-kubernetes-validations` rule. */
export interface RuleData {
  /** `rule`: the CEL expression. */
  readonly r: string;
  /** `message`. */
  readonly m?: string;
  /** `messageExpression`. */
  readonly me?: string;
  /** `reason` (`FieldValueInvalid`, `FieldValueForbidden`, `FieldValueRequired`, `FieldValueDuplicate`). */
  readonly re?: string;
  /** `fieldPath`. */
  readonly fp?: string;
  /** `optionalOldSelf`. */
  readonly oo?: boolean;
}

/** One OpenAPI v3 schema node of a CRD (a structural schema), keywords by short name. */
export interface SchemaNodeData {
  /** `type`. */
  readonly t?: string;
  /** `properties`: name → node index. */
  readonly p?: Readonly<Record<string, number>>;
  /** `required`. */
  readonly r?: readonly string[];
  /** `additionalProperties`: a node index or a boolean. */
  readonly a?: number | boolean;
  /** `items`: node index. */
  readonly i?: number;
  /** `enum`. */
  readonly e?: readonly unknown[];
  /** `default` (present only when the schema has one). */
  readonly d?: unknown;
  /** `pattern`. */
  readonly pt?: string;
  /** `format`. */
  readonly f?: string;
  /** `minimum`, `maximum`. */
  readonly mn?: number;
  readonly mx?: number;
  /** `exclusiveMinimum`, `exclusiveMaximum`. */
  readonly xn?: true;
  readonly xx?: true;
  /** `minLength`, `maxLength`. */
  readonly ml?: number;
  readonly xl?: number;
  /** `minItems`, `maxItems`. */
  readonly mi?: number;
  readonly xi?: number;
  /** `minProperties`, `maxProperties`. */
  readonly mp?: number;
  readonly xp?: number;
  /** `multipleOf`. */
  readonly mo?: number;
  /** `uniqueItems`. */
  readonly u?: true;
  /** `nullable`. */
  readonly n?: true;
  /** `x-kubernetes-int-or-string`. */
  readonly is?: true;
  /** `x-kubernetes-preserve-unknown-fields`. */
  readonly pu?: true;
  /** `x-kubernetes-embedded-resource`. */
  readonly er?: true;
  /** `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`. */
  readonly lt?: string;
  readonly lk?: readonly string[];
  readonly mt?: string;
  /** `x-kubernetes-validations`. */
  readonly v?: readonly RuleData[];
  /** `allOf`, `anyOf`, `oneOf` (node indexes) and `not`. */
  readonly al?: readonly number[];
  readonly an?: readonly number[];
  readonly on?: readonly number[];
  readonly no?: number;
}

/** One version of a CRD. */
export interface CrdVersionData {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  /** Whether the version has the status subresource (the API server ignores `status` on create). */
  readonly status: boolean;
  /** The `openAPIV3Schema` node. */
  readonly schema: number;
}

/** One CustomResourceDefinition. */
export interface CrdData {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** `spec.preserveUnknownFields` (v1 CRDs: always false). */
  readonly preserveUnknownFields: boolean;
  readonly versions: readonly CrdVersionData[];
}

/** A compiled CRD set. */
export interface CrdSetData {
  readonly name: string;
  readonly crds: readonly CrdData[];
  readonly nodes: readonly SchemaNodeData[];
  /**
   * The parsed form of every rule that parses, by rule text (`rule-asts.ts`: base64 of a
   * `cel.expr.Expr`): decoding it is cheaper than parsing. Optional; the text decides.
   */
  readonly asts?: Readonly<Record<string, string>>;
}
