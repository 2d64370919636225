/**
 * How text output fits the terminal: the width to wrap at (`--width N`, the terminal's width, or
 * unlimited when standard output is not a terminal), colour (on a terminal, off with `NO_COLOR`,
 * forced with `FORCE_COLOR`), and word wrapping with indented continuation lines.
 */
import pc from 'picocolors';
import type { CliIo } from '../cli-io.js';
import type { CommandArgs, OptionSpec } from './command.js';
import { usage } from './command.js';

/** `--width N` and `--color`/`--no-color`, taken by every command that prints text. */
export const TEXT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  width: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
};

/** The help lines of {@link TEXT_OPTIONS}. */
export const TEXT_OPTIONS_HELP: string = `  --width N                  wrap text output at N columns (0: never); default: the terminal's
                             width, unlimited when standard output is not a terminal
  --color, --no-color        colour text output; default: on a terminal, unless NO_COLOR is set
                             (FORCE_COLOR=1 forces it)
`;

/** The colour functions text output uses; identity functions when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly info: (s: string) => string;
  readonly ok: (s: string) => string;
  readonly strong: (s: string) => string;
  readonly dim: (s: string) => string;
}

/** How a command's text output is laid out. */
export interface TextStyle {
  /** Columns to wrap at; `null`: never wrap. */
  readonly width: number | null;
  readonly palette: Palette;
}

/**
 * The text style of a command: `--width` wins, then the terminal's width (at least 40), else no
 * wrapping; colour from `--color`/`--no-color`, else `FORCE_COLOR` / `NO_COLOR`, else whether
 * standard output is a terminal.
 *
 * @param command - the command name, for usage errors
 * @param args - parsed arguments (may hold `width`, `color`, `no-color`)
 * @param io - the CLI's I/O
 * @returns the style
 */
export function textStyleOf(command: string, args: CommandArgs, io: CliIo): TextStyle {
  return { width: widthOf(command, args, io), palette: palette(colorOf(args, io)) };
}

function widthOf(command: string, args: CommandArgs, io: CliIo): number | null {
  const raw = args.values.width;
  if (raw !== undefined) {
    const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n))
      usage(
        `${command}: invalid value '${String(raw)}' for --width (expected a number of columns, 0 for no wrapping)`,
      );
    return n === 0 ? null : Math.max(20, n);
  }
  if (io.stdoutIsTTY === true && io.columns !== undefined && io.columns > 0) return Math.max(40, io.columns);
  return null;
}

function colorOf(args: CommandArgs, io: CliIo): boolean {
  if (args.values['no-color'] === true) return false;
  if (args.values.color === true) return true;
  const env = io.env ?? {};
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  // https://no-color.org: any non-empty value turns colour off.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY === true;
}

/**
 * The palette for colour on or off.
 *
 * @param enabled - whether to colour
 * @returns the palette
 */
export function palette(enabled: boolean): Palette {
  const c = pc.createColors(enabled);
  return {
    enabled,
    error: (s) => c.bold(c.red(s)),
    warning: (s) => c.bold(c.yellow(s)),
    info: (s) => c.cyan(s),
    ok: (s) => c.bold(c.green(s)),
    strong: (s) => c.bold(s),
    dim: (s) => c.dim(s),
  };
}

/** A style that neither wraps nor colours (JSON-adjacent callers and tests). */
export const PLAIN: TextStyle = { width: null, palette: palette(false) };

/**
 * Word-wraps one line at a width, indenting continuation lines. Words longer than the width are
 * kept whole (a path or a URL is never cut). Without a width, the line is returned as is.
 *
 * @param text - one line (no line breaks)
 * @param width - the width, or `null` for no wrapping
 * @param indent - the prefix of continuation lines
 * @returns the wrapped text, lines joined by `\n`
 */
export function wrapLine(text: string, width: number | null, indent = '    '): string {
  if (width === null || text.length <= width) return text;
  const lead = /^ */.exec(text)?.[0] ?? '';
  const out: string[] = [];
  let line = lead;
  let empty = true;
  for (const word of text.slice(lead.length).split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  out.push(line);
  return out.join('\n');
}

/**
 * Wraps every line of a text (ending with a newline or not) with {@link wrapLine}; continuation
 * lines take the line's own leading spaces plus `extra`.
 *
 * @param text - the text
 * @param width - the width, or `null`
 * @param extra - added to each line's indentation for its continuation lines
 * @returns the wrapped text
 */
export function wrapText(text: string, width: number | null, extra = '    '): string {
  if (width === null) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width, `${/^ */.exec(line)?.[0] ?? ''}${extra}`))
    .join('\n');
}
