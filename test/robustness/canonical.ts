/**
 * A canonical text of any value, without recursion (results can nest 10,000 levels), and whether
 * the value is plain JSON data. Used to compare two runs' results and to check that results are
 * plain data.
 */

/** The text, and the first thing that is not JSON data (with its path), if any. */
export interface Canonical {
  readonly text: string;
  readonly notPlain: string | undefined;
}

const PLAIN_PROTOTYPES: ReadonlySet<unknown> = new Set([Object.prototype, null, Array.prototype]);

/**
 * Serialises a value: object members in their order, Maps and Sets with their entries, shared
 * objects as back references (so sharing cannot blow the text up), and every value JSON cannot
 * hold tagged (`undefined`, `-0`, `NaN`, bigints, functions, symbols, dates).
 *
 * @param value - any value
 * @returns the text and the first non-plain thing met
 */
export function canonical(value: unknown): Canonical {
  const parts: string[] = [];
  const ids = new Map<object, number>();
  let notPlain: string | undefined;
  const flag = (path: string, what: string): void => {
    if (notPlain === undefined) notPlain = `${what} at ${path || 'the top'}`;
  };
  /** Objects being written (a back reference to one of them is a cycle). */
  const open = new Set<object>();
  // Each entry: a value to write with its path, a string to write as it is, or the end of an object.
  type Entry = [unknown, string] | string | { readonly end: object };
  const todo: Entry[] = [[value, '']];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (typeof next === 'string') {
      parts.push(next);
      continue;
    }
    if (!Array.isArray(next)) {
      open.delete(next.end);
      continue;
    }
    const [v, path] = next;
    switch (typeof v) {
      case 'string':
        parts.push(JSON.stringify(v));
        continue;
      case 'number':
        if (!Number.isFinite(v)) flag(path, `the number ${v}`);
        parts.push(Object.is(v, -0) ? '-0' : String(v));
        continue;
      case 'boolean':
        parts.push(String(v));
        continue;
      case 'undefined':
        parts.push('undefined');
        continue;
      case 'bigint':
        flag(path, 'a bigint');
        parts.push(`${v}n`);
        continue;
      case 'symbol':
        flag(path, 'a symbol');
        parts.push(`symbol(${v.description ?? ''})`);
        continue;
      case 'function':
        flag(path, 'a function');
        parts.push('function');
        continue;
    }
    if (v === null) {
      parts.push('null');
      continue;
    }
    const o = v as object;
    const seen = ids.get(o);
    if (seen !== undefined) {
      if (open.has(o)) flag(path, 'a cycle');
      parts.push(`@${seen}`);
      continue;
    }
    ids.set(o, ids.size);
    open.add(o);
    const closing: Entry[] = [];
    if (o instanceof Map) {
      flag(path, 'a Map');
      parts.push('Map{');
      for (const [k, x] of o) closing.push([k, `${path}/<key>`], '=>', [x, `${path}/${String(k)}`], ',');
      closing.push('}');
    } else if (o instanceof Set) {
      flag(path, 'a Set');
      parts.push('Set{');
      for (const x of o) closing.push([x, `${path}/<item>`], ',');
      closing.push('}');
    } else if (o instanceof Date) {
      flag(path, 'a Date');
      parts.push(`Date(${o.getTime()})`);
    } else if (Array.isArray(o)) {
      parts.push('[');
      for (let i = 0; i < o.length; i += 1) {
        if (!(i in o)) flag(path, 'a hole in an array');
        closing.push([o[i], `${path}/${i}`], ',');
      }
      closing.push(']');
    } else {
      if (!PLAIN_PROTOTYPES.has(Object.getPrototypeOf(o)))
        flag(path, `an instance of ${o.constructor?.name ?? '?'}`);
      parts.push('{');
      for (const k of Object.keys(o)) {
        const x = (o as Record<string, unknown>)[k];
        if (x === undefined) flag(`${path}/${k}`, 'undefined');
        closing.push(`${JSON.stringify(k)}:`, [x, `${path}/${k}`], ',');
      }
      closing.push('}');
    }
    closing.push({ end: o });
    for (let i = closing.length - 1; i >= 0; i -= 1) todo.push(closing[i] as Entry);
  }
  return { text: parts.join(''), notPlain };
}
