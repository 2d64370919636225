/**
 * gateway-policy-sim: simulate how Envoy Gateway resolves policy attachment.
 *
 * The one hand-written barrel: every public export is named here.
 *
 * @packageDocumentation
 */

// --- cli (owner: cli) ---------------------------------------------------------------------------
export type { CliIo } from './cli/cli.js';
export { cli } from './cli/cli.js';
export { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
export { commandHelp, help } from './cli/help.js';
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
// --- explain ------------------------------------------------------------------------------------
export type { SimulateOptions, SimulateResult } from './explain/simulate.js';
export { simulate } from './explain/simulate.js';
// --- go: Go behaviour Envoy Gateway's output depends on ------------------------------------------
export { compareBytes } from './go/string-order.js';
// --- merge (owner: merge) -----------------------------------------------------------------------
export type { GoFieldInfo } from './merge/go-fields.js';
export { goFieldsOf } from './merge/go-fields.js';
export type { GoMarshalOptions, GoMarshalResult } from './merge/go-marshal.js';
export { GO_ROOT_TYPES, goMarshal } from './merge/go-marshal.js';
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
// --- model: topology, selectors, admission (owner: topology) ------------------------------------
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
// --- model: types -------------------------------------------------------------------------------
export type { Diagnostic, Severity, SourceLocation, SourcePosition } from './model/diagnostic.js';
export { formatDiagnostic, hasErrors } from './model/diagnostic.js';
export { fail, GatewayPolicySimError } from './model/errors.js';
export { gatewaySettings } from './model/gateway-settings.js';
export { isValidLabelSelector, matchesLabelSelector } from './model/label-selector.js';
// --- model: loading (owner: loader) -------------------------------------------------------------
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
export type {
  ReadManifestFilesIO,
  ReadManifestFilesOptions,
  ReadManifestFilesResult,
} from './model/read-manifest-files.js';
export { readManifestFiles } from './model/read-manifest-files.js';
export type { KindInfo, Resource } from './model/resource.js';
export { KNOWN_KINDS, kindInfo, resourceKey } from './model/resource.js';
export { selectNamespaces, selectObjects } from './model/select-objects.js';
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
export { ancestorRef, sameAncestorRef } from './precedence/ancestor-ref.js';
export type { CoveredPoint } from './precedence/covering-scopes.js';
export { coveringScopes } from './precedence/covering-scopes.js';
export { mergeHook } from './precedence/merge-hook.js';
// --- precedence ---------------------------------------------------------------------------------
export { creationSeconds, orderPolicies } from './precedence/order-policies.js';
export type {
  DeprecatedField,
  KindProfile,
  NonHttpClaims,
  ParentStep,
  ProfileMessages,
  SemanticsProfile,
} from './precedence/profile.js';
export { ENVOY_GATEWAY_V1_5, ENVOY_GATEWAY_V1_9, fillTemplate, PROFILES } from './precedence/profile.js';
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
export type { SelectorCandidates, TargetRef } from './precedence/resolve-targets.js';
export { composeTargets, plainTargetRefs, selectorNamespaces } from './precedence/resolve-targets.js';
export type { Scope, ScopeKind } from './precedence/scope.js';
export { describeScope, formatScopes, resourceScope, scope, scopeKey } from './precedence/scope.js';
export { checkRequest } from './request/check-request.js';
// --- request ------------------------------------------------------------------------------------
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
// --- session ------------------------------------------------------------------------------------
export { createSession } from './session/create-session.js';
export type { Session, SessionEdit, SessionOptions, SessionStats } from './session/session-types.js';
// --- status -------------------------------------------------------------------------------------
export type {
  PolicyAncestorStatus,
  PolicyCondition,
  PolicyStatusDocument,
  PolicyWithStatus,
} from './status/policy-status.js';
export { policyAncestors, policyStatus, STATUS_KEYS } from './status/policy-status.js';
export type { PolicyStatusLookup } from './status/status-of.js';
export { statusOf } from './status/status-of.js';
