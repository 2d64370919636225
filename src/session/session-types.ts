/**
 * The types of a session: its options, the edits it previews, and the session itself.
 *
 * @packageDocumentation
 */
import type { ExplainQuery, ExplainResult } from '../explain/explain.js';
import type { PreviewResult } from '../explain/preview-types.js';
import type { SimulateOptions, SimulateResult } from '../explain/simulate.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ManifestSource } from '../model/load-types.js';
import type { PolicyStatusDocument } from '../status/policy-status.js';
import type { PolicyStatusLookup } from '../status/status-of.js';

/** Options of a session: those of `simulate`, used for every state of the session and its previews. */
export type SessionOptions = SimulateOptions;

/** A pending edit: a file's new text, or its deletion. */
export type SessionEdit =
  | { readonly file: string; readonly text: string }
  | { readonly file: string; readonly deleted: true };

/** How the session reached its states so far (for editors that want to know what an edit cost). */
export interface SessionStats {
  /** Edits re-resolved incrementally: only what the edit touches (one policy kind's changes). */
  readonly incremental: number;
  /** Edits that rebuilt the graph from the loaded resources (other files were not read again). */
  readonly rebuilt: number;
  /** Edits resolved from the files' text, as `simulate` does (every file read again). */
  readonly full: number;
}

/**
 * A session over a set of manifest files, for editors: it holds the documents of each file,
 * replaces or deletes a file's documents, re-resolves incrementally, and answers for its current
 * state. Every answer is plain data and equals what `simulate` gives for the current files (in
 * the order they were first set) with the session's options.
 */
export interface Session {
  /**
   * Replaces every document of a file (adds the file when new: it comes after the others).
   *
   * @returns the diagnostics of the new state
   */
  setFile(name: string, text: string): readonly Diagnostic[];
  /**
   * Sets several files at once (opening a workspace): one resolution from the files' text, as
   * `simulate` does, instead of one edit per file.
   *
   * @returns the diagnostics of the new state
   */
  setFiles(files: readonly ManifestSource[]): readonly Diagnostic[];
  /**
   * Deletes a file and its documents (nothing when the session has no such file).
   *
   * @returns the diagnostics of the new state
   */
  deleteFile(name: string): readonly Diagnostic[];
  /** The current files, in session order. */
  files(): readonly ManifestSource[];
  /** The current state, as `simulate(session.files(), options)` gives it. */
  result(): SimulateResult;
  /** `explain` of the current state (query references checked: `GWP-REF-UNKNOWN`). */
  explain(query?: ExplainQuery): ExplainResult;
  /** `policyStatus` of the current state. */
  status(): PolicyStatusDocument;
  /** `statusOf` of the current state. */
  statusOf(ref: string): PolicyStatusLookup;
  /**
   * The current diagnostics, each with its location (file, line, column) when it has one; only
   * those located in `file` when given.
   */
  diagnostics(file?: string): readonly Diagnostic[];
  /**
   * What pending edits would change, without applying them: `preview` of the current state with
   * the edited files' text as `sources` and the documents they no longer hold (or the deleted
   * files') as `delete`. The session is left unchanged.
   */
  previewEdits(edits: readonly SessionEdit[]): PreviewResult;
  /** How the edits so far were resolved. */
  stats(): SessionStats;
}
