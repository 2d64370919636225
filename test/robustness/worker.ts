/**
 * The fuzz suite's child process: receives cases (and scaling shapes) from the parent over IPC,
 * runs them against the library and answers with what failed. The parent gives each case a time
 * budget and replaces this process when a case overruns it (a hang) or kills it (a crash).
 *
 * Started by pool.ts with the path of the library's entry (the transpiled sources, or a build)
 * as its argument, and `--expose-gc` so that scaling measures start from a collected heap.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WireCase } from './cases.js';
import { checkCase } from './check.js';
import { measureScaling, SCALING_SHAPES } from './scaling-shapes.js';
import { type Lib, TARGETS } from './targets.js';

/** A message from the parent. */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'case'; readonly case: WireCase }
  | {
      readonly id: number;
      readonly type: 'scaling';
      readonly shape: number;
      readonly k: number;
      readonly minMs: number;
      /** A size to measure at, as it is (else found from the shape's). */
      readonly n?: number;
    };

/** The answer. */
export type WorkerReply =
  | { readonly id: number; readonly type: 'case'; readonly failures: readonly string[] }
  | {
      readonly id: number;
      readonly type: 'scaling';
      readonly name: string;
      readonly n: number;
      readonly msN: number;
      readonly ms4N: number;
      readonly ratio: number;
    };

const libPath = process.argv[2];
if (libPath === undefined) throw new Error('worker: the path of the library is missing');
const lib = (await import(pathToFileURL(path.resolve(libPath)).href)) as Lib;
// Every regular expression checked as Go checks it (the scaling shapes measure Go's regexp limits).
await lib.preloadGoRegexp();
const scratch = mkdtempSync(path.join(tmpdir(), 'gwp-fuzz-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** A fresh folder with the case's files. */
function folderFor(c: WireCase, id: number): string {
  const dir = path.join(scratch, String(id));
  if (c.input.class === 'cli') {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of c.input.files) writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

process.on('message', (raw) => {
  const request = raw as WorkerRequest;
  void (async () => {
    if (request.type === 'case') {
      const dir = folderFor(request.case, request.id);
      const failures = await checkCase(lib, TARGETS, request.case, dir).catch((e: unknown) => [
        `the check itself failed: ${String(e)}`,
      ]);
      rmSync(dir, { recursive: true, force: true });
      process.send?.({ id: request.id, type: 'case', failures } satisfies WorkerReply);
    } else {
      const shape = SCALING_SHAPES[request.shape];
      if (shape === undefined) throw new Error(`no shape ${request.shape}`);
      const m = await measureScaling(lib, shape, {
        k: request.k,
        minMs: request.minMs,
        ...(request.n === undefined ? {} : { n: request.n }),
      });
      process.send?.({ id: request.id, type: 'scaling', ...m } satisfies WorkerReply);
    }
  })();
});
process.send?.({ ready: true });
