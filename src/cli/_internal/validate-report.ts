/**
 * The report of `gwpolicy validate`: what was read, the findings at or above the chosen severity,
 * their counts per code, and the verdict of the gate (`--strict` fails on warnings too). The text
 * form groups findings by code; JSON, SARIF and GitHub forms are in their own modules.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { LoadResult } from '../../model/load-types.js';
import { KNOWN_KINDS } from '../../model/resource.js';
import { EXIT_ERRORS, EXIT_OK } from '../exit-codes.js';
import { diagnosticLine } from './report.js';
import { atLeast, bySeverity, countSeverities } from './severity.js';
import { type TextStyle, wrapLine } from './terminal.js';

/** What was read, and the counts of the findings reported. */
export interface ValidateSummary {
  readonly files: number;
  readonly documents: number;
  readonly resources: number;
  readonly diagnosed: number;
  readonly unknownKinds: number;
  /** Resources per kind, in `KNOWN_KINDS` order, kinds with none left out. */
  readonly kinds: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** The gate: how the exit status was decided. */
export interface ValidateGate {
  /** `--strict`: warnings fail too. */
  readonly strict: boolean;
  /** `--severity`: the least serious severity reported (and judged). */
  readonly severity: Severity;
  readonly passed: boolean;
  readonly exitCode: number;
}

/** Findings of one code. */
export interface CodeCount {
  readonly code: string;
  readonly severity: Severity;
  readonly count: number;
}

/** The whole report; `-o json` prints it as is. */
export interface ValidateReport {
  readonly summary: ValidateSummary;
  readonly gate: ValidateGate;
  /** Codes, most serious first, then by first appearance. */
  readonly codes: readonly CodeCount[];
  /** The findings reported, errors first, then warnings, then info, each in pipeline order. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds the report: keeps the diagnostics at or above `severity`, counts them, and decides the
 * gate (errors fail; with `strict`, warnings fail too).
 *
 * @param files - how many files were read
 * @param load - the loader's result (for the document and kind counts)
 * @param all - every diagnostic of the run, in pipeline order
 * @param gate - `strict` and `severity`
 * @returns the report
 */
export function validateReport(
  files: number,
  load: LoadResult,
  all: readonly Diagnostic[],
  gate: { readonly strict: boolean; readonly severity: Severity },
): ValidateReport {
  const diagnostics = bySeverity(all.filter((d) => atLeast(d, gate.severity)));
  const counts = countSeverities(diagnostics);
  const passed = counts.errors === 0 && !(gate.strict && counts.warnings > 0);
  const codes = new Map<string, { code: string; severity: Severity; count: number }>();
  for (const d of diagnostics) {
    const key = `${d.severity}|${d.code}`;
    const c = codes.get(key);
    if (c) c.count++;
    else codes.set(key, { code: d.code, severity: d.severity, count: 1 });
  }
  return {
    summary: { ...loadSummary(files, load), ...counts },
    gate: { ...gate, passed, exitCode: passed ? EXIT_OK : EXIT_ERRORS },
    codes: [...codes.values()],
    diagnostics,
  };
}

function loadSummary(
  files: number,
  load: LoadResult,
): Omit<ValidateSummary, 'errors' | 'warnings' | 'infos'> {
  const counts = new Map<string, number>();
  for (const r of load.resources) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const kinds: Record<string, number> = {};
  for (const { kind } of KNOWN_KINDS) {
    const n = counts.get(kind);
    if (n !== undefined) kinds[kind] = n;
  }
  // Kinds the loader keeps beyond KNOWN_KINDS (none today), in name order.
  for (const kind of [...counts.keys()].sort()) if (!(kind in kinds)) kinds[kind] = counts.get(kind) ?? 0;
  return {
    files,
    documents: load.summary.documents,
    resources: load.summary.resources,
    diagnosed: load.summary.diagnosed,
    unknownKinds: load.summary.unknownKinds,
    kinds,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countsText(s: { errors: number; warnings: number; infos: number }): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info`;
}

/**
 * The summary line: files, documents, resources per kind, and the finding counts.
 *
 * @param s - the summary
 * @returns one line
 */
export function summaryLine(s: ValidateSummary): string {
  const kinds = Object.entries(s.kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return (
    `${plural(s.files, 'file')}, ${plural(s.documents, 'document')}, ${plural(s.resources, 'resource')}` +
    `${kinds === '' ? '' : ` (${kinds})`}, ${s.diagnosed} diagnosed, ${plural(s.unknownKinds, 'unknown kind')}; ` +
    countsText(s)
  );
}

/** A section of the text report before the findings (a title and its lines). */
export interface TextSection {
  readonly title: string;
  readonly lines: readonly string[];
}

/**
 * The report as text: the summary line, any extra sections, then the findings grouped by code
 * (a heading `severity CODE (count)`, then one `file:line:col: code: message (resource)` line
 * each, wrapped at the style's width), then the verdict. `quiet` keeps the summary, one line per
 * code and the verdict.
 *
 * @param report - the report
 * @param style - width and colours
 * @param options - `quiet`, and sections printed after the summary line
 * @returns the text, ending with a newline
 */
export function formatValidateText(
  report: ValidateReport,
  style: TextStyle,
  options: { readonly quiet: boolean; readonly sections?: readonly TextSection[] },
): string {
  const p = style.palette;
  const paint = (sev: Severity, s: string): string =>
    sev === 'error' ? p.error(s) : sev === 'warning' ? p.warning(s) : p.info(s);
  const out: string[] = [wrapLine(summaryLine(report.summary), style.width)];
  for (const section of options.sections ?? []) {
    out.push('', p.strong(section.title), ...section.lines.map((l) => wrapLine(l, style.width)));
  }
  const byCode = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) {
    const key = `${d.severity}|${d.code}`;
    const list = byCode.get(key);
    if (list) list.push(d);
    else byCode.set(key, [d]);
  }
  if (options.quiet) {
    if (report.codes.length > 0) out.push('');
    const w = Math.max(...report.codes.map((c) => c.code.length));
    for (const c of report.codes)
      out.push(`${paint(c.severity, c.severity.padEnd(7))} ${c.code.padEnd(w)}  ${c.count}`);
  } else {
    for (const c of report.codes) {
      out.push('', `${paint(c.severity, c.severity)} ${p.strong(c.code)} (${c.count})`);
      for (const d of byCode.get(`${c.severity}|${c.code}`) ?? [])
        out.push(wrapLine(diagnosticLine(d), style.width));
    }
  }
  out.push('', verdictLine(report, style));
  return `${out.join('\n')}\n`;
}

/**
 * The verdict: `PASSED: …` or `FAILED: …` with the counts and what failed the gate.
 *
 * @param report - the report
 * @param style - its palette colours the verdict word
 * @returns one line
 */
export function verdictLine(report: ValidateReport, style: TextStyle): string {
  const p = style.palette;
  const { gate, summary } = report;
  const shown = gate.severity === 'info' ? '' : ` (findings below ${gate.severity} not reported)`;
  if (gate.passed) {
    const note = !gate.strict && summary.warnings > 0 ? '; warnings do not fail without --strict' : '';
    return `${p.ok('PASSED')}: ${countsText(summary)}${note}${shown}`;
  }
  const strict = summary.errors === 0 ? ' (--strict fails on warnings)' : '';
  return `${p.error('FAILED')}: ${countsText(summary)}${strict}${shown}`;
}
