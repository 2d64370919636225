/**
 * A file's edit as a change to the session's current state: the documents whose object or place
 * changed (as loaded resources, `restore`), and those the file no longer holds (`delete`). Also
 * whether applying that change to the current state gives exactly what loading every file again
 * gives, which is when the session may move by `preview` instead of reading every file again.
 *
 * @packageDocumentation
 */

import type { PreviewChange } from '../explain/preview-types.js';
import type { SimulateResult } from '../explain/simulate.js';
import { jsonEqual } from '../model/_internal/json-equal.js';
import type { LoadResult } from '../model/load-types.js';
import type { Resource } from '../model/resource.js';

/** A file edit as a preview change. */
export interface FileChange {
  /** The change (`restore` with input positions continuing the current ones, `delete`). */
  readonly change: PreviewChange;
  /**
   * Whether the current state with the change applied equals loading every file again: the file
   * loads without diagnostics before and after, no identity is shared with another file or
   * repeated, the documents it keeps stay in their order, and documents are added only at the end
   * of the last file.
   */
  readonly exact: boolean;
}

/**
 * The change that brings the current state's documents of `file` to those of its new load.
 *
 * @param current - the session's current state
 * @param file - the file's name
 * @param next - the file loaded (and admitted) alone; null when the file is deleted
 * @param isLast - whether the file is (or, when new, will be) the last of the session
 * @returns the change and whether it is exact
 */
export function fileChange(
  current: SimulateResult,
  file: string,
  next: LoadResult | null,
  isLast: boolean,
): FileChange {
  const load = current.load;
  const before = load.resources.filter((r) => r.source.file === file);
  const beforeByKey = new Map(before.map((r) => [r.key, r]));
  const after = next?.resources ?? [];
  const afterKeys = new Set(after.map((r) => r.key));
  const del = before.filter((r) => !afterKeys.has(r.key)).map((r) => r.key);

  let exact =
    (next === null || (next.diagnostics.length === 0 && (next.duplicates ?? []).length === 0)) &&
    load.diagnostics.every((d) => d.location?.file !== undefined && d.location.file !== file) &&
    (load.duplicates ?? []).every(
      (d) => d.source.file !== file && !afterKeys.has(d.key) && !beforeByKey.has(d.key),
    );

  let maxIndex = -1;
  for (const r of load.resources) if (r.index > maxIndex) maxIndex = r.index;
  const byKey = current.topology.byKey;
  const restore: Resource[] = [];
  let lastKept = -1;
  let added = false;
  for (const r of after) {
    const old = beforeByKey.get(r.key);
    if (old === undefined) {
      // Another file's object of that identity: loading again would report a duplicate.
      if (byKey.has(r.key)) exact = false;
      added = true;
      restore.push({ ...r, index: ++maxIndex });
      continue;
    }
    // Kept documents keep their order, and come before every added one.
    if (old.index < lastKept || added) exact = false;
    lastKept = old.index;
    if (!jsonEqual(old.object, r.object) || !jsonEqual(old.source, r.source))
      restore.push({ ...r, index: old.index });
  }
  if (added && !isLast) exact = false;
  return { change: { restore, delete: del }, exact };
}
