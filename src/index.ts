/**
 * gateway-policy-sim: simulate how Envoy Gateway resolves policy attachment.
 *
 * The core entry point, browser-safe: nothing reachable from it imports a `node:` module, the
 * file system or the Kubernetes client (test/architecture/entry-points.test.ts). Files, folders,
 * stdin and live clusters are `gateway-policy-sim/node`; test helpers are
 * `gateway-policy-sim/testing`; the CLI is the `gwpolicy` bin. Every name exported here is
 * public; docs/stability.md says which are stable and which experimental, and
 * api/gateway-policy-sim.api.md is the reviewed report of this surface.
 *
 * @module gateway-policy-sim
 * @packageDocumentation
 */

export type {
  CandidateVerdict,
  ExplainCandidate,
  ExplainKind,
  ExplainPoint,
  ExplainPolicy,
  ExplainQuery,
  ExplainResult,
} from './explain/explain.js';
export { createPointExplainer, explain } from './explain/explain.js';
export type { FormatExplainOptions } from './explain/format-explain.js';
export { formatExplainText } from './explain/format-explain.js';
// --- checks: lint, findings, drift, admission ----------------------------------------------------
export type { LintCode, LintOptions } from './explain/lint.js';
export { LINT_CODES, lint } from './explain/lint.js';
export { compileCrds, loadProfileCrds } from './explain/load-profile-crds.js';
export type {
  DriftDifference,
  DriftResult,
  PolicyDrift,
  PolicyDriftOptions,
} from './explain/policy-drift.js';
export { policyDrift } from './explain/policy-drift.js';
export type { PolicyFindingsOptions } from './explain/policy-findings.js';
export { POLICY_FINDING_CODES, policyFindings } from './explain/policy-findings.js';
// --- preview: what a change would do -------------------------------------------------------------
export { createPreviewState, preview } from './explain/preview.js';
export type {
  ListenerChange,
  ListenerFailure,
  PointChange,
  PreviewChange,
  PreviewOptions,
  PreviewResult,
  PreviewState,
  StatusChange,
} from './explain/preview-types.js';
export type { RouteFailure } from './explain/route-failure.js';
export { createRouteFailureJudge, invalidFeatures, routeFailure } from './explain/route-failure.js';
// --- simulate: load, resolve, explain, status ----------------------------------------------------
export type { SimulateOptions, SimulateResult } from './explain/simulate.js';
export { simulate } from './explain/simulate.js';
export { preloadGoRegexp } from './go/regexp-preload.js';
// --- merge: Envoy Gateway's JSON merge and strategic merge ---------------------------------------
export { jsonMerge } from './merge/json-merge.js';
export type { MergeDocumentsOptions, MergeDocumentsResult } from './merge/merge-documents.js';
export { mergeDocuments } from './merge/merge-documents.js';
export type { MergePoliciesOptions, MergePoliciesResult } from './merge/merge-policies.js';
export { mergePolicies } from './merge/merge-policies.js';
export type { EffectiveRateLimit, RateLimitRuleRef } from './merge/merge-rate-limit-rules.js';
export { mergeRateLimitRules } from './merge/merge-rate-limit-rules.js';
export type { MergeSchema } from './merge/merge-schema.js';
export { EG_MERGE_SCHEMAS, mergeSchemaForKind, mergeSchemaFromPaths } from './merge/merge-schema.js';
export type { Provenance } from './merge/provenance.js';
export { provenanceOf } from './merge/provenance.js';
export type { StrategicMergeResult } from './merge/strategic-merge.js';
export { strategicMerge } from './merge/strategic-merge.js';
export type {
  AdmitFinding,
  AdmitOptions,
  AdmitOutcome,
  CrdSet,
  FieldValidation,
} from './model/admission-types.js';
export type { AdmitManifestsOptions } from './model/admit-manifests.js';
export { admitManifests } from './model/admit-manifests.js';
export { buildTopology } from './model/build-topology.js';
export type { Diagnostic, Severity, SourceLocation, SourcePosition } from './model/diagnostic.js';
export { formatDiagnostic, hasErrors } from './model/diagnostic.js';
export { GatewayPolicySimError } from './model/errors.js';
// --- loading: manifests and objects (files and folders: gateway-policy-sim/node) ----------------
export { loadManifests } from './model/load-manifests.js';
export type { LoadObjectsOptions } from './model/load-objects.js';
export { loadObjects } from './model/load-objects.js';
export type {
  DuplicateResource,
  LoadOptions,
  LoadResult,
  LoadSummary,
  ManifestSource,
  TestDataSettings,
} from './model/load-types.js';
export { locateDiagnostics } from './model/locate-diagnostics.js';
export type { ObjectRef } from './model/object-ref.js';
export { formatRef, parseRef } from './model/object-ref.js';
export type { KindInfo, Resource } from './model/resource.js';
export { KNOWN_KINDS, kindInfo } from './model/resource.js';
export type {
  BackendNode,
  EnvoyGatewaySettings,
  GatewayClassSettings,
  GatewayNode,
  GatewaySettings,
  LabelIndex,
  LabelIndexEntry,
  LabelIndexKind,
  ListenerNode,
  ListenerRoute,
  ListenerSetNode,
  NotAttachedReason,
  ParentRefNode,
  RouteNode,
  RuleNode,
  SelectorQuery,
  Topology,
  TopologyOptions,
  WatchSettings,
} from './model/topology-types.js';
// --- the Kubernetes objects, the topology and the resolution (plain data) -----------------------
export type * from './model/types.js';
export {
  ENVOY_GATEWAY_CONTROLLER,
  ENVOY_GATEWAY_GROUP,
  GATEWAY_API_GROUP,
  POLICY_KINDS,
  ROUTE_KINDS,
} from './model/types.js';
export type {
  AdmissionCheck,
  AdmissionProfile,
  PolicyAdmissionRules,
  PolicySpecRecord,
  ValidateOptions,
} from './model/validate.js';
export { DEFAULT_ADMISSION_PROFILE, validate } from './model/validate.js';
export { mergeHook } from './precedence/merge-hook.js';
// --- semantics profiles: the Envoy Gateway releases ----------------------------------------------
export type {
  DeprecatedField,
  KindProfile,
  NonHttpClaims,
  ParentStep,
  ProfileMessages,
  ProfileOverrides,
  ProfilePart,
  SemanticsProfile,
} from './precedence/profile.js';
export { deriveProfile, ENVOY_GATEWAY_V1_5, ENVOY_GATEWAY_V1_9, PROFILES } from './precedence/profile.js';
export type {
  AdmissionMode,
  AncestorRef,
  KindResolution,
  MergeHook,
  MergeHookResult,
  OrderMode,
  Point,
  PointMode,
  PointPolicy,
  Resolution,
  ResolveOptions,
  StatusOp,
  TargetDecision,
  Verdict,
} from './precedence/resolution-types.js';
export { resolvePolicies } from './precedence/resolve-policies.js';
export type { Scope, ScopeKind } from './precedence/scope.js';
export { checkRequest } from './request/check-request.js';
// --- request: what happens to one request --------------------------------------------------------
export type { RequestRouter, RequestRouterIndex } from './request/create-request-router.js';
export { createRequestRouter } from './request/create-request-router.js';
export type { FormatRequestOptions } from './request/format-request.js';
export { formatRequestText } from './request/format-request.js';
export type {
  HttpRequestInput,
  NotChosen,
  RateLimitRuleDecision,
  RequestAnswer,
  RequestDecision,
  RequestInputProblem,
  RequestListener,
  RequestOutcome,
  RouteOrderStep,
  RouteRequestOptions,
} from './request/request-types.js';
export { routeRequest } from './request/route-request.js';
// --- session: documents by file, re-resolved incrementally ---------------------------------------
export { createSession } from './session/create-session.js';
export type { Session, SessionEdit, SessionOptions, SessionStats } from './session/session-types.js';
export type {
  PolicyAncestorStatus,
  PolicyCondition,
  PolicyStatusDocument,
  PolicyWithStatus,
} from './status/policy-status.js';
export { policyAncestors, policyStatus, STATUS_KEYS } from './status/policy-status.js';
export type { PolicyStatusLookup } from './status/status-of.js';
export { statusOf } from './status/status-of.js';
