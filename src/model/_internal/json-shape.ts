/**
 * The shape of caller-owned data, measured without recursion: the guard of every public function
 * that takes objects and walks or copies them (loading objects, merges, Go marshalling).
 *
 * - Depth: anything the loader reads from text nests at most {@link MAX_NESTING} levels; objects
 *   handed in directly are held to the same limit, so no recursive walk below can exhaust the
 *   stack (`JSON.parse` builds 10,000 levels happily). A cycle is infinitely deep.
 * - Sharing: an object referenced from several places is copied once per place by the walks
 *   below, as a YAML alias is expanded. Objects are held to go-yaml's excessive-aliasing rule,
 *   as YAML text is (yaml-to-json.ts): repeated references may not make too large a share of the
 *   values (a chain of 40 objects each referencing the next twice would expand to 2^40).
 *
 * @packageDocumentation
 */
import { MAX_NESTING } from './load-cst.js';
import { allowedAliasRatio } from './yaml-to-json.js';

/** What is wrong with a value's shape, and where. */
export interface JsonShapeProblem {
  readonly kind: 'too-deep' | 'cycle' | 'excessive-sharing' | 'unreadable';
  /** JSON pointer of the collection where it was found. */
  readonly pointer: string;
  readonly message: string;
}

/** Escapes one JSON pointer segment (RFC 6901). */
function escapeSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** A collection on the walk's path. */
interface Frame {
  readonly node: object;
  /** Its pointer segment under its parent (a key or an index). */
  readonly segment: string | number;
  /** An object's keys (undefined for an array). */
  readonly keys: readonly string[] | undefined;
  /** How many children it has. */
  readonly length: number;
  next: number;
  /** Values it expands to (itself included), and its height, summed as children finish. */
  size: number;
  height: number;
}

/**
 * The first problem of a value's shape, or undefined. Linear in the value's distinct objects.
 *
 * @param value - any value
 * @param maxDepth - deepest collection nesting accepted (default {@link MAX_NESTING});
 *   `Infinity` checks only cycles and sharing
 * @returns the problem, or undefined when the shape is fine
 */
export function jsonShapeProblem(
  value: unknown,
  maxDepth: number = MAX_NESTING,
): JsonShapeProblem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return walk(value, maxDepth);
  } catch (error) {
    // A getter or a proxy that throws: the value cannot be read as data.
    const why = error instanceof Error ? error.message : 'a non-Error was thrown';
    return { kind: 'unreadable', pointer: '', message: `reading it failed (${why})` };
  }
}

function walk(value: object, maxDepth: number): JsonShapeProblem | undefined {
  /** Finished objects: the values they expand to and their height. */
  const done = new Map<object, { readonly size: number; readonly height: number }>();
  const onPath = new Set<object>();
  const stack: Frame[] = [];
  let decoded = 0;
  let shared = 0;

  // Pointers are built only for a problem: building one per collection costs depth squared.
  const segmentText = (segment: string | number): string =>
    typeof segment === 'number' ? String(segment) : escapeSegment(segment);
  const pointerTo = (segment: string | number | undefined): string => {
    let p = '';
    for (let i = 1; i < stack.length; i += 1) p += `/${segmentText((stack[i] as Frame).segment)}`;
    return segment === undefined ? p : `${p}/${segmentText(segment)}`;
  };
  const enter = (node: object, segment: string | number | undefined): JsonShapeProblem | undefined => {
    if (stack.length >= maxDepth) {
      const pointer = pointerTo(segment);
      return { kind: 'too-deep', pointer, message: `collections nest deeper than ${maxDepth} levels` };
    }
    onPath.add(node);
    const keys = Array.isArray(node) ? undefined : Object.keys(node);
    const length = keys === undefined ? (node as unknown[]).length : keys.length;
    stack.push({ node, segment: segment ?? '', keys, length, next: 0, size: 1, height: 1 });
    decoded += 1;
    return undefined;
  };

  const first = enter(value, undefined);
  if (first !== undefined) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.length) {
      stack.pop();
      onPath.delete(frame.node);
      done.set(frame.node, { size: frame.size, height: frame.height });
      const parent = stack[stack.length - 1];
      if (parent !== undefined) {
        parent.size += frame.size;
        parent.height = Math.max(parent.height, frame.height + 1);
      }
      continue;
    }
    const index = frame.next;
    frame.next += 1;
    const segment = frame.keys === undefined ? index : (frame.keys[index] as string);
    const child: unknown =
      frame.keys === undefined
        ? (frame.node as unknown[])[index]
        : (frame.node as Record<string, unknown>)[segment as string];
    if (typeof child !== 'object' || child === null) {
      frame.size += 1;
      decoded += 1;
      continue;
    }
    if (onPath.has(child))
      return { kind: 'cycle', pointer: pointerTo(segment), message: 'the value contains a cycle' };
    const seen = done.get(child);
    if (seen === undefined) {
      const problem = enter(child, segment);
      if (problem !== undefined) return problem;
      continue;
    }
    // A repeated reference: walks below expand it again, as an alias.
    if (stack.length + seen.height > maxDepth) {
      const pointer = pointerTo(segment);
      return { kind: 'too-deep', pointer, message: `collections nest deeper than ${maxDepth} levels` };
    }
    decoded += seen.size;
    shared += seen.size;
    frame.size += seen.size;
    frame.height = Math.max(frame.height, seen.height + 1);
    if (shared > 100 && decoded > 1000 && shared / decoded > allowedAliasRatio(decoded)) {
      return {
        kind: 'excessive-sharing',
        pointer: pointerTo(segment),
        message: `objects referenced from several places make ${shared} of its ${decoded} values (go-yaml's excessive-aliasing rule)`,
      };
    }
  }
  return undefined;
}
