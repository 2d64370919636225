/**
 * The loader's diagnostic codes. Each has a row in docs/diagnostics.md ("Loading").
 *
 * @packageDocumentation
 */

/** Stable diagnostic codes of the loader (`loadManifests`, `loadObjects`, `readManifestFiles`). */
export const LOAD_CODES = {
  /** A YAML or JSON syntax error; the whole YAML document is one diagnosed document. */
  yamlSyntax: 'GWP-LOAD-YAML-SYNTAX',
  /** A YAML warning (e.g. an unknown tag); the document is still loaded. */
  yamlWarning: 'GWP-LOAD-YAML-WARNING',
  /** A quoted scalar with under-indented continuation lines, accepted as go-yaml accepts it. */
  yamlLenient: 'GWP-LOAD-YAML-LENIENT',
  /** A YAML document expands more aliases than `maxAliasCount` allows. */
  aliasLimit: 'GWP-LOAD-ALIAS-LIMIT',
  /** Collections nested deeper than the loader accepts (a guard against stack exhaustion). */
  tooDeep: 'GWP-LOAD-TOO-DEEP',
  /** A document or list entry that is not an object (a scalar, an array, null). */
  notObject: 'GWP-LOAD-NOT-OBJECT',
  missingApiVersion: 'GWP-LOAD-MISSING-API-VERSION',
  missingKind: 'GWP-LOAD-MISSING-KIND',
  missingName: 'GWP-LOAD-MISSING-NAME',
  /** A name the API server refuses as a path segment (`/`, `%`, `.` or `..`): it cannot be an identity. */
  badName: 'GWP-LOAD-BAD-NAME',
  badNamespace: 'GWP-LOAD-BAD-NAMESPACE',
  /** A kind (or a group/kind pair) the simulator does not model. Info. */
  unknownKind: 'GWP-LOAD-UNKNOWN-KIND',
  /** Test-data layout: same `Kind/namespace/name` as an earlier document; the first is kept. */
  duplicate: 'GWP-LOAD-DUPLICATE',
  /** Manifests: a document identical to an earlier one of the same identity; one object. Info. */
  duplicateIdentical: 'GWP-LOAD-DUPLICATE-IDENTICAL',
  /** Manifests: a differing document of the same identity replaces the earlier (kubectl apply order). */
  duplicateReplaced: 'GWP-LOAD-DUPLICATE-REPLACED',
  /** `readManifestFiles`: a file that is not a Kubernetes manifest (Helm chart file or template, kustomization), skipped. Info. */
  notManifest: 'GWP-LOAD-NOT-MANIFEST',

  /** `kind: List` whose `items` is not an array. */
  badList: 'GWP-LOAD-BAD-LIST',
  testDataUnknownKey: 'GWP-LOAD-TESTDATA-UNKNOWN-KEY',
  testDataBadValue: 'GWP-LOAD-TESTDATA-BAD-VALUE',
  testDataKindMismatch: 'GWP-LOAD-TESTDATA-KIND-MISMATCH',
  testDataKeyOverridden: 'GWP-LOAD-TESTDATA-KEY-OVERRIDDEN',
  testDataSettingConflict: 'GWP-LOAD-TESTDATA-SETTING-CONFLICT',
  /** `loadObjects`: a value that is not JSON data (a cycle, a function, a class instance, …). */
  notJson: 'GWP-LOAD-NOT-JSON',
  /** Anything else that failed while loading a document (e.g. nesting too deep for the stack). */
  internal: 'GWP-LOAD-INTERNAL',
  /** `readManifestFiles`: a path or stdin could not be read. */
  readFailed: 'GWP-LOAD-READ-FAILED',
  /** `readManifestFiles`: a folder holds no `*.yaml`, `*.yml` or `*.json` file. */
  noManifests: 'GWP-LOAD-NO-MANIFESTS',
  /** `readManifestFiles`: `-` given more than once; stdin is read once. */
  stdinRepeated: 'GWP-LOAD-STDIN-REPEATED',
  /** `readManifestFiles`: the same file reached twice (a path given twice, or a file and its folder); read once. */
  fileRepeated: 'GWP-LOAD-FILE-REPEATED',
} as const;
