/**
 * Line and column of an offset, computed from the text itself.
 *
 * The `yaml` package's `LineCounter` learns line starts from its lexer, which misses the line
 * break after some tokens (inside an unterminated flow collection, for one): its positions can
 * then lie outside the text. Offsets are always right, so lines are counted here, once per text.
 *
 * @packageDocumentation
 */

/** A 1-based line and column. */
export interface LinePos {
  readonly line: number;
  readonly col: number;
}

/** The line starts of one text, found on first use. */
export class TextLines {
  readonly #text: string;
  #starts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Offsets at which lines start: 0, and each offset after a line feed. */
  #lineStarts(): number[] {
    if (this.#starts === undefined) {
      const starts = [0];
      const text = this.#text;
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.#starts = starts;
    }
    return this.#starts;
  }

  /**
   * The line and column of an offset, as the `yaml` package counts them (1-based; a column counts
   * UTF-16 code units). An offset outside the text is clamped to it.
   *
   * @param offset - 0-based offset into the text
   * @returns its line and column
   */
  linePos(offset: number): LinePos {
    const at = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.#text.length));
    const starts = this.#lineStarts();
    // The last line start at or before the offset.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: at - (starts[low] as number) + 1 };
  }
}
