/**
 * Laws of `createSession`: whatever files are set and deleted, the session answers as a fresh
 * `simulate` of its current files would, with its options; a preview of pending edits equals
 * `preview` on the same change and leaves the session as it was.
 */
import fc from 'fast-check';
import {
  createSession,
  explain,
  locateDiagnostics,
  type ManifestSource,
  type PreviewResult,
  policyStatus,
  preview,
  type Session,
  type SimulateOptions,
  simulate,
} from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import type { Obj } from '../_support/topology-arbitrary.js';
import { applyOp, caseArb, initialFiles, render } from './_files.js';

/** A fresh simulation of the session's current files, with the session's options. */
function fresh(session: Session, options: SimulateOptions) {
  return simulate(session.files() as ManifestSource[], options);
}

/** The session answers as the fresh simulation does: status, explain (diagnostics included). */
function expectFresh(session: Session, options: SimulateOptions): void {
  const expected = fresh(session, options);
  expect(session.status()).toEqual(policyStatus(expected.resolution));
  expect(session.explain()).toEqual(explain(expected.resolution));
  // Diagnostics carry the ranges of their fields, as locateDiagnostics gives them.
  expect(session.diagnostics()).toEqual(
    locateDiagnostics(expected.diagnostics, expected.load, session.files()),
  );
  // The documents, in the same order, from the same places.
  const documents = (r: ReturnType<typeof simulate>) =>
    r.load.resources.map((x) => [x.key, x.source, x.object]);
  expect(documents(session.result())).toEqual(documents(expected));
}

test("after any sequence of setFile and deleteFile, the session's status, explain and diagnostics equal a fresh simulate of its current files with its options", () => {
  const totals = { incremental: 0, rebuilt: 0, full: 0, edits: 0 };
  fc.assert(
    fc.property(caseArb, ({ topology, spread, ops, options }) => {
      const session = createSession(options);
      const files = initialFiles(topology.objects as Obj[], spread);
      for (const [name, docs] of files) session.setFile(name, render(docs));
      expectFresh(session, options);
      const initial = session.stats();
      const deleted = new Map<string, Obj[]>();
      const counter = { n: 0 };
      for (const op of ops) {
        const edit = applyOp(files, deleted, op, counter);
        if (edit === null) continue;
        totals.edits++;
        if (edit.docs === null) {
          deleted.set(edit.file, files.get(edit.file)!);
          files.delete(edit.file);
          session.deleteFile(edit.file);
        } else {
          files.set(edit.file, edit.docs);
          session.setFile(edit.file, render(edit.docs));
        }
        expectFresh(session, options);
      }
      const s = session.stats();
      totals.incremental += s.incremental - initial.incremental;
      totals.rebuilt += s.rebuilt - initial.rebuilt;
      totals.full += s.full - initial.full;
    }),
    { numRuns: 40 },
  );
  // Every way of moving was taken: incremental re-resolution, a rebuilt graph, a fresh read.
  expect(totals.incremental).toBeGreaterThan(10);
  expect(totals.rebuilt).toBeGreaterThan(5);
  expect(totals.full).toBeGreaterThan(5);
  console.log(
    `session law: ${totals.edits} edits: ${totals.incremental} incremental, ${totals.rebuilt} rebuilt, ${totals.full} read again`,
  );
});

/** What a preview says, without the state after it and the patches (compared on their own). */
function said(r: PreviewResult) {
  return {
    changes: r.changes,
    statusChanges: r.statusChanges,
    listenerChanges: r.listenerChanges,
    diagnostics: r.diagnostics,
  };
}

test('previewEdits equals preview of a fresh simulate on the same change, and leaves the session unchanged', () => {
  let previews = 0;
  fc.assert(
    fc.property(caseArb, ({ topology, spread, ops, options }) => {
      const session = createSession(options);
      const files = initialFiles(topology.objects as Obj[], spread);
      session.setFiles([...files].map(([file, docs]) => ({ file, text: render(docs) })));
      expectFresh(session, options);
      // An edit first, so that the session has an engine state to preview with.
      const first = applyOp(files, new Map(), { ...ops[0]!, what: 'editPolicy' }, { n: 0 });
      if (first?.docs) {
        files.set(first.file, first.docs);
        session.setFile(first.file, render(first.docs));
      }
      const deleted = new Map<string, Obj[]>();
      const edits: ({ file: string; text: string } | { file: string; deleted: true })[] = [];
      const model = new Map(files);
      const counter = { n: 0 };
      for (const op of ops) {
        const edit = applyOp(model, deleted, op, counter);
        if (edit === null) continue;
        if (edit.docs === null) {
          deleted.set(edit.file, model.get(edit.file)!);
          model.delete(edit.file);
          edits.push({ file: edit.file, deleted: true });
        } else {
          model.set(edit.file, edit.docs);
          edits.push({ file: edit.file, text: render(edit.docs) });
        }
      }
      // The last edit of each file is its pending state.
      const pending = [...new Map(edits.map((e) => [e.file, e])).values()];
      const before = session.result();
      const statusBefore = session.status();

      const got = session.previewEdits(pending);

      // The same change, as a caller of preview writes it: the edited files' text, and the
      // documents of the edited or deleted files that they no longer hold.
      const base = fresh(session, options);
      const sources = pending.flatMap((e) => ('text' in e ? [{ file: e.file, text: e.text }] : []));
      const kept = new Set(simulate(sources, options).load.resources.map((r) => r.key));
      const touched = new Set(pending.map((e) => e.file));
      const del = base.load.resources
        .filter((r) => touched.has(r.source.file ?? '') && !kept.has(r.key))
        .map((r) => r.key);
      expect(said(got)).toEqual(said(preview(base, { sources, delete: del })));
      expect(policyStatus(got.after.resolution)).toEqual(
        policyStatus(preview(base, { sources, delete: del }).after.resolution),
      );

      // The session is unchanged, and moves on from where it was.
      expect(session.result()).toBe(before);
      expect(session.status()).toEqual(statusBefore);
      expectFresh(session, options);
      previews++;
    }),
    { numRuns: 30 },
  );
  expect(previews).toBe(30);
});

test('a session inherits its options: a pending edit that changes nothing gives an empty diff under any options', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), ({ topology, spread, options }, pick) => {
      const session = createSession(options);
      const files = initialFiles(topology.objects as Obj[], spread);
      for (const [name, docs] of files) session.setFile(name, render(docs));
      const [file, docs] = [...files][pick % files.size]!;
      // The same documents, written again (another text, the same objects).
      const r = session.previewEdits([{ file, text: `# rewritten\n${render(docs)}` }]);
      expect(r.changes).toEqual([]);
      expect(r.statusChanges).toEqual([]);
      expect(r.listenerChanges).toEqual([]);
    }),
    { numRuns: 30 },
  );
});
