/**
 * The JSON documents the CLI writes (`-o json`, and the same documents as `-o yaml`), each with
 * its schema version. These types are the contract: `scripts/generate-schemas.mjs` turns them
 * into the JSON Schemas shipped in `schemas/` (docs/json-output.md).
 *
 * @packageDocumentation
 */
import type { ExplainResult } from '../../explain/explain.js';
import type { DriftResult } from '../../explain/policy-drift.js';
import type { ListenerChange, PointChange, StatusChange } from '../../explain/preview-types.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonObject, KubeObject } from '../../model/types.js';
import type { RequestAnswer } from '../../request/request-types.js';
import type { PolicyAncestorStatus, PolicyStatusDocument } from '../../status/policy-status.js';
import type { EmptyAnswer } from './empty-answer.js';
import type { PolicyGraph } from './graph-model.js';
import type { SettingsInForce } from './settings-report.js';
import type { ValidateReport } from './validate-report.js';

/** The schema version of each JSON document: `gateway-policy-sim/<document>/v<major>`. */
export const SCHEMA_VERSIONS = {
  explain: 'gateway-policy-sim/explain/v1',
  status: 'gateway-policy-sim/status/v1',
  preview: 'gateway-policy-sim/preview/v1',
  validate: 'gateway-policy-sim/validate/v1',
  graph: 'gateway-policy-sim/graph/v1',
  request: 'gateway-policy-sim/request/v1',
  drift: 'gateway-policy-sim/drift/v1',
} as const;

/** The documents that carry a schema version. */
export type VersionedDocument = keyof typeof SCHEMA_VERSIONS;

/**
 * A document with its schema version first.
 *
 * @param name - which document
 * @param body - its content
 * @returns `{schemaVersion, ...body}`
 */
export function versioned<N extends VersionedDocument, T extends object>(
  name: N,
  body: T,
): { readonly schemaVersion: (typeof SCHEMA_VERSIONS)[N] } & T {
  return { schemaVersion: SCHEMA_VERSIONS[name], ...body };
}

/** `gwpolicy explain -o json`: the explanation, why it is empty (when it is), all diagnostics. */
export interface ExplainDocument extends Omit<ExplainResult, 'diagnostics'> {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.explain;
  /** Why no point matched the query (only then). */
  readonly empty?: EmptyAnswer;
  /** The input's diagnostics, then the lint findings about the policies shown. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A policy as written with its status: the object as given (open), the status closed. */
export interface StatusDocumentPolicy extends KubeObject {
  readonly status: { readonly ancestors: readonly PolicyAncestorStatus[] | null };
}

/** `gwpolicy status -o json`: the policy status Envoy Gateway would write, per kind (a key only when non-empty). */
export interface StatusDocument
  extends Partial<Record<keyof PolicyStatusDocument, readonly StatusDocumentPolicy[]>> {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.status;
}

/** `gwpolicy preview -o json`: what the change does, and every diagnostic. */
export interface PreviewDocument {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.preview;
  readonly changes: readonly PointChange[];
  readonly statusChanges: readonly StatusChange[];
  readonly listenerChanges: readonly ListenerChange[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `gwpolicy validate -o json`: the report and the Envoy Gateway settings in force. */
export interface ValidateDocument extends ValidateReport {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.validate;
  readonly settings: SettingsInForce;
}

/** `gwpolicy graph -o json`: the graph, and why it is empty (when a query matched nothing). */
export interface GraphDocument extends PolicyGraph {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.graph;
  readonly empty?: EmptyAnswer;
}

/** `gwpolicy request -o json`: the answer, with the input's diagnostics. */
export interface RequestDocument extends RequestAnswer {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.request;
}

/** `gwpolicy drift -o json`: the policies whose present status differs from the predicted. */
export interface DriftDocument extends DriftResult {
  readonly schemaVersion: typeof SCHEMA_VERSIONS.drift;
}

/**
 * `gwpolicy merge -o json`: the merged policy, a Kubernetes object: its `apiVersion` and `kind`
 * are its version (it can be applied as it is, so it carries no `schemaVersion`).
 */
export type MergeDocument = JsonObject;
