/**
 * gateway-policy-sim/node: what needs Node.js. Manifest files, folders and standard input
 * (`readManifestFiles`), and a live cluster read through `@kubernetes/client-node`
 * (`readCluster`). Both load their Node modules when called. Everything else is in the core
 * entry point, `gateway-policy-sim`.
 *
 * @module gateway-policy-sim/node
 * @packageDocumentation
 */

export type { ClusterInputs, ReadClusterOptions } from './cluster/read-cluster.js';
export { readCluster } from './cluster/read-cluster.js';
// The core's types these functions take or return (the same declarations as the core's).
export type { Diagnostic, Severity, SourceLocation } from './model/diagnostic.js';
export type { ManifestSource } from './model/load-types.js';
export type {
  ReadManifestFilesIO,
  ReadManifestFilesOptions,
  ReadManifestFilesResult,
} from './model/read-manifest-files.js';
export { readManifestFiles } from './model/read-manifest-files.js';
