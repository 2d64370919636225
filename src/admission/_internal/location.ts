/**
 * Where a value is inside an object, built as the walk descends and turned into text only when an
 * error needs it: kube-openapi's path (`spec.rules[0].name`, map keys as `.key`), the API server's
 * `field.Path` (map keys as `[key]`) and the JSON pointer (for line and column).
 *
 * @packageDocumentation
 */

/** How a segment was reached: a schema property, a list index, or a map key (additionalProperties). */
export type SegmentKind = 'property' | 'index' | 'key';

/** A location: a segment below a parent location (the root has no parent). */
export class Loc {
  readonly parent: Loc | null;
  readonly segment: string | number;
  readonly kind: SegmentKind;

  constructor(parent: Loc | null, segment: string | number, kind: SegmentKind) {
    this.parent = parent;
    this.segment = segment;
    this.kind = kind;
  }

  /** A property below this location. */
  property(name: string): Loc {
    return new Loc(this, name, 'property');
  }

  /** A list item below this location. */
  index(i: number): Loc {
    return new Loc(this, i, 'index');
  }

  /** A map value (additionalProperties) below this location. */
  key(k: string): Loc {
    return new Loc(this, k, 'key');
  }

  #segments(): Loc[] {
    const out: Loc[] = [];
    for (let l: Loc | null = this; l !== null && l.parent !== null; l = l.parent) out.push(l);
    return out.reverse();
  }

  /** kube-openapi's path text: properties and map keys joined by `.`, indexes as `[i]`. */
  openApiPath(): string {
    let s = '';
    for (const l of this.#segments()) {
      if (l.kind === 'index') s += `[${l.segment}]`;
      else s += s === '' ? String(l.segment) : `.${l.segment}`;
    }
    return s;
  }

  /** `field.Path` text: properties joined by `.`, indexes and map keys in brackets. */
  fieldPath(): string {
    let s = '';
    for (const l of this.#segments()) {
      if (l.kind === 'property') s += s === '' ? String(l.segment) : `.${l.segment}`;
      else s += `[${l.segment}]`;
    }
    return s;
  }

  /** The JSON pointer (RFC 6901). */
  pointer(): string {
    let s = '';
    for (const l of this.#segments()) s += `/${escapeSegment(String(l.segment))}`;
    return s;
  }
}

/** The root location (the object itself). */
export const ROOT: Loc = new Loc(null, '', 'property');

/**
 * One JSON pointer segment (RFC 6901).
 *
 * @param segment - a key or index
 * @returns the escaped segment
 */
export function escapeSegment(segment: string): string {
  if (segment.indexOf('~') === -1 && segment.indexOf('/') === -1) return segment;
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The location of a walk in progress: segments pushed as the walk descends and popped as it
 * returns, made into a {@link Loc} only when something needs it (an error, a rule not checked),
 * so a walk that finds nothing allocates no location.
 */
export class WalkPath {
  readonly #base: Loc;
  readonly #segments: (string | number)[] = [];
  readonly #kinds: SegmentKind[] = [];
  #depth = 0;

  /** @param base - where the walk starts */
  constructor(base: Loc) {
    this.#base = base;
  }

  /** Descends into a segment (until the matching {@link WalkPath.pop}). */
  push(segment: string | number, kind: SegmentKind): void {
    this.#segments[this.#depth] = segment;
    this.#kinds[this.#depth] = kind;
    this.#depth++;
  }

  /** Returns from the last segment pushed. */
  pop(): void {
    this.#depth--;
  }

  /** The current location, as a {@link Loc}. */
  loc(): Loc {
    let l = this.#base;
    for (let i = 0; i < this.#depth; i++)
      l = new Loc(l, this.#segments[i] as string | number, this.#kinds[i] as SegmentKind);
    return l;
  }
}
