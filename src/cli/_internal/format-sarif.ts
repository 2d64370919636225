/**
 * Diagnostics as a SARIF 2.1.0 log (the format GitHub code scanning and other dashboards upload):
 * one run of the tool `gwpolicy`, one rule per diagnostic code, one result per diagnostic.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';

/** The SARIF levels of our severities. */
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Options of {@link toSarif}. */
export interface SarifOptions {
  /** The tool's version (`gwpolicy --version`). */
  readonly version: string;
  /** The exit status of the run, recorded in the invocation. */
  readonly exitCode: number;
}

/**
 * A SARIF 2.1.0 log of diagnostics. File locations become `artifactLocation.uri`s relative to
 * `%SRCROOT%` (the folder `gwpolicy` ran in) for relative paths, `file://` URIs for absolute
 * ones; standard input and in-memory text have no physical location. The resource
 * (`Kind/namespace/name`) is the logical location.
 *
 * @param diagnostics - the diagnostics, in report order
 * @param options - {@link SarifOptions}
 * @returns the SARIF log (plain data, for `JSON.stringify`)
 */
export function toSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): unknown {
  const ruleIndex = new Map<string, number>();
  const rules: unknown[] = [];
  for (const d of diagnostics) {
    if (ruleIndex.has(d.code)) continue;
    ruleIndex.set(d.code, rules.length);
    rules.push({
      id: d.code,
      name: ruleName(d.code),
      defaultConfiguration: { level: LEVEL[d.severity] },
    });
  }
  const results = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code),
    level: LEVEL[d.severity],
    message: { text: d.message.replace(/\s*[\r\n]+\s*/g, ' ') },
    ...locationsOf(d),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gwpolicy',
            fullName: 'gwpolicy (gateway-policy-sim)',
            version: options.version,
            ...(/^\d+\.\d+\.\d+/.test(options.version) ? { semanticVersion: options.version } : {}),
            informationUri: 'https://www.npmjs.com/package/gateway-policy-sim',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'the folder gwpolicy ran in' } } },
        invocations: [{ executionSuccessful: true, exitCode: options.exitCode }],
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

/** `GWP-LINT-SILENT-REPLACE` → `LintSilentReplace`: SARIF's rule `name` is an identifier. */
function ruleName(code: string): string {
  return code
    .replace(/^GWP-/, '')
    .toLowerCase()
    .split('-')
    .map((w) => (w === '' ? '' : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
}

function locationsOf(d: Diagnostic): { locations?: unknown[] } {
  const file = d.location?.file;
  const physical =
    file === undefined || file === '-' || file === '<input>' || file === 'gwpolicy'
      ? undefined
      : {
          artifactLocation: artifactLocation(file),
          ...(d.location?.line !== undefined && d.location.line > 0
            ? {
                region: {
                  startLine: d.location.line,
                  ...(d.location.column !== undefined && d.location.column > 0
                    ? { startColumn: d.location.column }
                    : {}),
                  // SARIF's endColumn is exclusive, as `location.end` is.
                  ...(d.location.end !== undefined
                    ? { endLine: d.location.end.line, endColumn: d.location.end.column }
                    : {}),
                },
              }
            : {}),
        };
  const logical =
    d.resource === undefined ? undefined : [{ fullyQualifiedName: d.resource, kind: 'resource' }];
  if (physical === undefined && logical === undefined) return {};
  return {
    locations: [
      {
        ...(physical ? { physicalLocation: physical } : {}),
        ...(logical ? { logicalLocations: logical } : {}),
      },
    ],
  };
}

/** A path as a URI reference: segments percent-encoded, `/` separators. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replaceAll('\\', '/');
  const windowsDrive = /^[A-Za-z]:\//.test(slashed);
  const absolute = slashed.startsWith('/') || windowsDrive;
  const encoded = slashed
    .split('/')
    .map((seg, i) => (windowsDrive && i === 0 ? seg : encodeURIComponent(seg)))
    .join('/');
  if (absolute) return { uri: `file://${windowsDrive ? '/' : ''}${encoded}` };
  return { uri: encoded.replace(/^(\.\/)+/, ''), uriBaseId: '%SRCROOT%' };
}
