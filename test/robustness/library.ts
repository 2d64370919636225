/**
 * What the fuzz suite calls: the package's three entry points, and the internal functions it
 * keeps fuzzing although they are no longer public (the CLI, reached by users through the
 * `gwpolicy` bin, and the helpers the public functions are built on). The worker imports the
 * transpiled copy of this module (scripts/transpile-for-fuzz.mjs).
 */

// --- internal: fuzzed directly, public only through the functions and the bin above ---------
export { cli } from '../../src/cli/cli.js';
export { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
export { commandHelp, help } from '../../src/cli/help.js';
export { compareBytes } from '../../src/go/string-order.js';
export * from '../../src/index.js';
export { goFieldsOf } from '../../src/merge/go-fields.js';
export { GO_ROOT_TYPES, goMarshal } from '../../src/merge/go-marshal.js';
export { gatewaySettings } from '../../src/model/gateway-settings.js';
export { isValidLabelSelector, matchesLabelSelector } from '../../src/model/label-selector.js';
export { resourceKey } from '../../src/model/resource.js';
export { selectNamespaces, selectObjects } from '../../src/model/select-objects.js';
export * from '../../src/node.js';
export { ancestorRef, sameAncestorRef } from '../../src/precedence/ancestor-ref.js';
export { coveringScopes } from '../../src/precedence/covering-scopes.js';
export { creationSeconds, orderPolicies } from '../../src/precedence/order-policies.js';
export { fillTemplate } from '../../src/precedence/profile.js';
export {
  composeTargets,
  plainTargetRefs,
  selectorNamespaces,
} from '../../src/precedence/resolve-targets.js';
export { describeScope, formatScopes, resourceScope, scope, scopeKey } from '../../src/precedence/scope.js';
export * from '../../src/testing.js';
