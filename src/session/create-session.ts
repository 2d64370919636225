/**
 * `createSession`: an explicit object holding manifest files for editors, moving from state to
 * state as files are set and deleted, and answering explain, status and diagnostics for its
 * current state. An edit re-resolves through `preview` with the state's engine state
 * (`createPreviewState`): one policy kind's changes are re-resolved incrementally, other changes
 * rebuild the graph from the loaded resources; an edit whose result would not equal reading
 * every file again (see `fileChange`) reads them again.
 *
 * @packageDocumentation
 */
import { admittedLoad } from '../explain/_internal/admitted-load.js';
import { explain } from '../explain/explain.js';
import { createPreviewState, preview, previewAndKeep } from '../explain/preview.js';
import type { PreviewChange, PreviewOptions, PreviewResult, PreviewState } from '../explain/preview-types.js';
import { type SimulateResult, simulate } from '../explain/simulate.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import { loadManifests } from '../model/load-manifests.js';
import type { LoadResult, ManifestSource } from '../model/load-types.js';
import { locateDiagnostics } from '../model/locate-diagnostics.js';
import { parseRef } from '../model/object-ref.js';
import { POLICY_KINDS } from '../model/types.js';
import { policyStatus } from '../status/policy-status.js';
import { statusOf } from '../status/status-of.js';
import { fileChange } from './file-change.js';
import type { Session, SessionEdit, SessionOptions, SessionStats } from './session-types.js';

/** Everything a session holds; nothing lives outside it. */
interface SessionState {
  readonly options: SessionOptions;
  /** File name → text, in session order (a replaced file keeps its place). */
  readonly files: Map<string, string>;
  current: SimulateResult;
  /** The engine state of `current`, made on the first edit that can use it. */
  previewState: PreviewState | undefined;
  readonly stats: { incremental: number; rebuilt: number; full: number };
  /** `current`'s diagnostics with the source ranges of their fields, made on first request. */
  located: { readonly of: SimulateResult; readonly diagnostics: readonly Diagnostic[] } | undefined;
}

/**
 * Creates a session with no files.
 *
 * @param options - `simulate`'s options, for every state and preview of the session
 * @returns the session
 * @throws {@link GatewayPolicySimError} `GWP-API-BAD-ARGUMENT` when a file name or text is not a string
 * @example
 * const session = createSession({ order: 'cluster' });
 * session.setFile('gateway.yaml', gatewayText);
 * session.setFile('policies.yaml', policiesText);
 * session.statusOf('BackendTrafficPolicy/shop/timeouts').ancestors?.[0]?.conditions[0]?.reason; // => 'Accepted'
 */
export function createSession(options: SessionOptions = {}): Session {
  const s: SessionState = {
    options,
    files: new Map(),
    current: simulate([], options),
    previewState: undefined,
    stats: { incremental: 0, rebuilt: 0, full: 0 },
    located: undefined,
  };
  return {
    setFile: (name, text) => {
      checkName(name);
      if (typeof text !== 'string') fail('GWP-API-BAD-ARGUMENT', 'setFile: the text must be a string');
      if (s.files.get(name) === text) return located(s);
      const isLast = !s.files.has(name) || [...s.files.keys()].at(-1) === name;
      const next = loadFile(s.options, name, text);
      s.files.set(name, text);
      move(s, name, next, isLast);
      return located(s);
    },
    setFiles: (files) => {
      if (!Array.isArray(files)) fail('GWP-API-BAD-ARGUMENT', 'setFiles: the files must be an array');
      for (const f of files) {
        checkName(f?.file);
        if (typeof f.text !== 'string') fail('GWP-API-BAD-ARGUMENT', 'setFiles: a text must be a string');
      }
      for (const f of files) s.files.set(f.file, f.text);
      s.current = simulate(sourcesOf(s.files), s.options);
      s.previewState = undefined;
      s.stats.full++;
      return located(s);
    },
    deleteFile: (name) => {
      checkName(name);
      if (!s.files.has(name)) return located(s);
      s.files.delete(name);
      move(s, name, null, false);
      return located(s);
    },
    files: () => sourcesOf(s.files),
    result: () => s.current,
    explain: (query = {}) => explain(s.current.resolution, query),
    status: () => policyStatus(s.current.resolution),
    statusOf: (ref) => statusOf(s.current, ref),
    diagnostics: (file) =>
      file === undefined ? located(s) : located(s).filter((d) => d.location?.file === file),
    previewEdits: (edits) => previewEdits(s, edits),
    stats: (): SessionStats => ({ ...s.stats }),
  };
}

/**
 * The current diagnostics, each that comes from a field with the range of that field (start and
 * end, as an editor places a squiggle): `locateDiagnostics` over the session's texts, once per
 * state.
 */
function located(s: SessionState): readonly Diagnostic[] {
  if (s.located?.of !== s.current) {
    const diagnostics = locateDiagnostics(s.current.diagnostics, s.current.load, sourcesOf(s.files));
    s.located = { of: s.current, diagnostics };
  }
  return s.located.diagnostics;
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || name === '')
    fail('GWP-API-BAD-ARGUMENT', 'a session file name must be a non-empty string');
}

function sourcesOf(files: ReadonlyMap<string, string>): ManifestSource[] {
  return [...files].map(([file, text]) => ({ file, text }));
}

/** One file loaded alone, admitted as `simulate` admits it. */
function loadFile(options: SessionOptions, file: string, text: string): LoadResult {
  const sources = [{ file, text }];
  const load = loadManifests(
    sources,
    options.maxAliasCount === undefined ? {} : { maxAliasCount: options.maxAliasCount },
  );
  return admittedLoad(load, sources, options);
}

/** Moves the session to the state after a file's edit (`next` null: the file was deleted). */
function move(s: SessionState, file: string, next: LoadResult | null, isLast: boolean): void {
  const { change, exact } = fileChange(s.current, file, next, isLast);
  if (!exact) {
    s.current = simulate(sourcesOf(s.files), s.options);
    s.previewState = undefined;
    s.stats.full++;
    return;
  }
  if (!oneEngineKind(change)) {
    // A graph change, or several kinds: `preview` rebuilds from the loaded resources (or
    // re-resolves the kinds), and the engine state would stand for the old state.
    s.current = preview(s.current, change, previewOptionsOf(s.options)).after;
    s.previewState = undefined;
    s.stats.rebuilt++;
    return;
  }
  // One policy kind of the six-pass engine: re-resolved incrementally, the engine state kept.
  const state = s.previewState ?? createPreviewState(s.current, mergeOf(s.options));
  s.previewState = state;
  const before = state.incrementalPreviews;
  s.current = previewAndKeep(s.current, change, { ...previewOptionsOf(s.options), state }).after;
  if (state.incrementalPreviews > before) s.stats.incremental++;
  else {
    // Not incremental after all (repeated policy identities): the state is the old state's.
    if (state.base !== s.current) s.previewState = undefined;
    s.stats.rebuilt++;
  }
}

/**
 * Whether a change touches only policies of one kind the six-pass engine resolves
 * (BackendTrafficPolicy, SecurityPolicy, EnvoyExtensionPolicy): the changes `preview` re-resolves
 * incrementally with an engine state. ClientTrafficPolicy has no engine state (R9).
 */
function oneEngineKind(change: PreviewChange): boolean {
  const kinds = new Set([
    ...(change.restore ?? []).map((r) => r.kind),
    ...(change.delete ?? []).map((k) => parseRef(k)?.kind),
  ]);
  const [kind] = kinds;
  return (
    kinds.size === 1 &&
    kind !== 'ClientTrafficPolicy' &&
    (POLICY_KINDS as readonly (string | undefined)[]).includes(kind)
  );
}

/** `createPreviewState`'s options: the session's merge function. */
function mergeOf(options: SessionOptions): { readonly merge?: NonNullable<SessionOptions['merge']> } {
  return options.merge === undefined ? {} : { merge: options.merge };
}

/**
 * The options a preview of the session's state takes: the profile object when it carries a CRD
 * set (a state keeps its profile, but a CRD set is not part of plain data), and the merge function.
 */
function previewOptionsOf(options: SessionOptions): PreviewOptions {
  return {
    ...(typeof options.profile === 'object' ? { profile: options.profile } : {}),
    ...(options.fieldValidation === undefined ? {} : { fieldValidation: options.fieldValidation }),
    ...(options.maxAliasCount === undefined ? {} : { maxAliasCount: options.maxAliasCount }),
    ...mergeOf(options),
  };
}

/** `preview` of pending edits, the session unchanged. */
function previewEdits(s: SessionState, edits: readonly SessionEdit[]): PreviewResult {
  if (!Array.isArray(edits)) fail('GWP-API-BAD-ARGUMENT', 'previewEdits: the edits must be an array');
  const sources: ManifestSource[] = [];
  const del: string[] = [];
  const newKeys = new Set<string>();
  for (const edit of edits) {
    checkName(edit?.file);
    if ('text' in edit) {
      if (typeof edit.text !== 'string')
        fail('GWP-API-BAD-ARGUMENT', 'previewEdits: a text must be a string');
      sources.push({ file: edit.file, text: edit.text });
      for (const r of loadFile(s.options, edit.file, edit.text).resources) newKeys.add(r.key);
    }
  }
  // The documents an edited or deleted file no longer holds (and no edited file now holds).
  const touched = new Set(edits.map((e) => e.file));
  for (const r of s.current.load.resources) {
    if (r.source.file !== undefined && touched.has(r.source.file) && !newKeys.has(r.key)) del.push(r.key);
  }
  const change: PreviewChange = { sources, delete: del };
  const state = s.previewState;
  return preview(s.current, change, { ...previewOptionsOf(s.options), ...(state ? { state } : {}) });
}
