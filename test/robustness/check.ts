/**
 * The promises a fuzz case is checked against, in the worker: the target never throws (but the
 * typed errors it documents), never mutates its input (deep-frozen or not), never pollutes a
 * prototype, gives the same result on a fresh copy of the input, gives plain data where it says
 * so, locates every diagnostic inside the text it read, and accounts for every document.
 */

import { canonical } from './canonical.js';
import { buildInput, type WireCase } from './cases.js';
import type { Lib, Target, TargetInput } from './targets.js';

/** The own properties of the built-in prototypes, with their values: a change is pollution. */
function prototypeState(): string {
  const protos: [string, object][] = [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
    ['String', String.prototype],
    ['Number', Number.prototype],
    ['Map', Map.prototype],
  ];
  return protos
    .map(([name, proto]) => {
      const keys = Reflect.ownKeys(proto).map((k) => {
        const d = Object.getOwnPropertyDescriptor(proto, k);
        return `${String(k)}:${typeof d?.value}`;
      });
      return `${name}[${keys.join(',')}]${Object.isExtensible(proto)}`;
    })
    .join(';');
}

const DIAGNOSTIC_LINE = /^(.*?):(\d+):(\d+): (GWP-[A-Z0-9-]+): /;

/** Calls `visit` once for every object in a value (Map values included), without recursion. */
function eachObject(value: unknown, visit: (o: object) => void): void {
  const seen = new Set<object>();
  const todo: unknown[] = [value];
  for (let v = todo.pop(); v !== undefined || todo.length > 0; v = todo.pop()) {
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) {
      for (const x of v.values()) todo.push(x);
      continue;
    }
    visit(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) todo.push(x);
  }
}

/** Every diagnostic-like object in a value: `{ code: 'GWP-…', location: { file, line, column } }`. */
function diagnosticsIn(value: unknown): { file: string; line: number; column: number; code: string }[] {
  const out: { file: string; line: number; column: number; code: string }[] = [];
  eachObject(value, (v) => {
    const o = v as { code?: unknown; location?: { file?: unknown; line?: unknown; column?: unknown } };
    if (typeof o.code === 'string' && o.code.startsWith('GWP-') && typeof o.location?.line === 'number') {
      out.push({
        file: String(o.location.file),
        line: o.location.line,
        column: typeof o.location.column === 'number' ? o.location.column : 1,
        code: o.code,
      });
    }
  });
  return out;
}

/** Where a diagnostic lies outside the text it names, or undefined. */
function outside(
  texts: ReadonlyMap<string, string>,
  d: { file: string; line: number; column: number; code: string },
) {
  const text = texts.get(d.file);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const line = lines[d.line - 1];
  if (d.line < 1 || line === undefined || d.column < 1 || d.column > line.length + 1) {
    return `${d.code} at ${d.file}:${d.line}:${d.column} lies outside the text (${lines.length} lines${line === undefined ? '' : `, line ${d.line} has ${line.length} characters`})`;
  }
  return undefined;
}

/** Load results whose counts do not add up. */
function unaccounted(value: unknown): string[] {
  const out: string[] = [];
  eachObject(value, (v) => {
    const o = v as {
      summary?: { documents?: unknown; resources?: unknown; diagnosed?: unknown };
      resources?: unknown;
    };
    const s = o.summary;
    if (
      typeof s?.documents === 'number' &&
      typeof s.resources === 'number' &&
      typeof s.diagnosed === 'number'
    ) {
      if (s.documents !== s.resources + s.diagnosed) {
        out.push(
          `summary says ${s.documents} documents, ${s.resources} resources and ${s.diagnosed} diagnosed`,
        );
      }
      if (Array.isArray(o.resources) && o.resources.length !== s.resources) {
        out.push(`summary says ${s.resources} resources, the list holds ${o.resources.length}`);
      }
    }
  });
  return out;
}

/** The error's description, with the first frames of its stack. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `threw a non-Error: ${String(error)}`;
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1, 4)
    .map((l) => l.trim());
  return `threw ${error.name}: ${error.message.slice(0, 300)} ${frames.join(' | ')}`;
}

/** Runs a target once: its result's canonical text, or the documented error's code. */
async function runOnce(
  lib: Lib,
  target: Target,
  input: TargetInput,
  failures: string[],
): Promise<{ text: string; notPlain: string | undefined; value: unknown } | undefined> {
  try {
    const value = await (target.run as (lib: Lib, input: TargetInput) => unknown)(lib, input);
    return { ...canonical(value), value };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (
      error instanceof Error &&
      error.name === 'GatewayPolicySimError' &&
      target.throws?.includes(String(code))
    ) {
      return { text: `threw ${String(code)}`, notPlain: undefined, value: undefined };
    }
    failures.push(describeError(error));
    return undefined;
  }
}

/**
 * Checks one case.
 *
 * @param lib - the library
 * @param targets - the targets table
 * @param c - the case
 * @param cwd - the folder of the case's files
 * @returns what failed (empty: the case passed)
 */
export async function checkCase(
  lib: Lib,
  targets: readonly Target[],
  c: WireCase,
  cwd: string,
): Promise<string[]> {
  const failures: string[] = [];
  const target = targets[c.target];
  if (target === undefined) return [`no target ${c.target}`];
  const protoBefore = prototypeState();
  const input = buildInput(c.input, cwd);
  const before = c.input.class === 'objects' && c.input.frozen !== 'none' ? undefined : canonical(input).text;

  const first = await runOnce(lib, target, input, failures);
  if (before !== undefined && canonical(input).text !== before) failures.push('the input was mutated');
  if (prototypeState() !== protoBefore) failures.push('a built-in prototype was changed');
  if (({} as Record<string, unknown>).polluted !== undefined)
    failures.push('Object.prototype.polluted is set');
  if (first === undefined) return failures;

  if (target.plain === true && first.notPlain !== undefined)
    failures.push(`the result is not plain data: ${first.notPlain}`);

  const texts = new Map<string, string>();
  if (c.input.class === 'text') for (const s of c.input.sources) texts.set(s.file, s.text);
  if (c.input.class === 'cli') {
    texts.set('-', c.input.stdin);
    for (const [name, text] of c.input.files) texts.set(name, text);
  }
  const found = diagnosticsIn(first.value);
  if (c.input.class === 'cli') {
    const out = first.value as { stdout?: string; stderr?: string } | undefined;
    for (const line of `${out?.stdout ?? ''}\n${out?.stderr ?? ''}`.split('\n')) {
      const m = DIAGNOSTIC_LINE.exec(line);
      if (m !== null && Number(m[2]) > 0) {
        found.push({ file: m[1] as string, line: Number(m[2]), column: Number(m[3]), code: m[4] as string });
      }
    }
  }
  for (const d of found) {
    const problem = outside(texts, d);
    if (problem !== undefined) {
      failures.push(problem);
      break;
    }
  }
  failures.push(...unaccounted(first.value));

  // The same result from a fresh copy of the same input.
  const second = await runOnce(lib, target, buildInput(c.input, cwd), failures);
  if (second !== undefined && second.text !== first.text) {
    let at = 0;
    while (at < first.text.length && first.text[at] === second.text[at]) at += 1;
    failures.push(
      `a second run gave another result (from character ${at}: ${first.text.slice(at, at + 80)} / ${second.text.slice(at, at + 80)})`,
    );
  }
  return failures;
}
