/**
 * A ClientTrafficPolicy whose features fail on a listener (`failed` on the listener point) checked
 * against Envoy Gateway's expected xDS IR: what the simulator says is kept, not written, and what
 * happens to the routes. Read from ../shared; skipped, saying so, when absent.
 */
import { describe, expect, test } from 'vitest';
import { listCases, readExpected, runCase, TESTDATA, TESTDATA_PRESENT } from './harness.js';

if (!TESTDATA_PRESENT) {
  console.warn(`[ctp-failed] SKIPPED: Envoy Gateway test data not found at ${TESTDATA}`);
}

interface IrListener {
  readonly name: string;
  readonly routes?: readonly { readonly directResponse?: { readonly statusCode?: number } }[];
  readonly [field: string]: unknown;
}

/** Spec fields Envoy Gateway writes only after the early return, and their IR listener fields. */
const NEVER_WRITTEN: readonly (readonly [string, string])[] = [
  ['timeout', 'timeout'],
  ['connection', 'connection'],
  ['tcpKeepalive', 'tcpKeepalive'],
  ['proxyProtocol', 'proxyProtocol'],
];

/** Kept spec fields with an IR field of the same name that only the policy writes. */
const KEPT_WITH_IR_FIELD: readonly string[] = ['headers', 'http1', 'http2', 'healthCheck'];

describe.skipIf(!TESTDATA_PRESENT)('failed ClientTrafficPolicy listeners against the expected xDS IR', () => {
  const checked: string[] = [];
  /** How often each kind of comparison ran, so that none of them passes for lack of cases. */
  const ran = { notWritten: 0, kept: 0, notKept: 0, routes500: 0, tcpRoutes: 0 };

  for (const c of TESTDATA_PRESENT ? listCases() : []) {
    const run = (): string[] => {
      const expected = readExpected(c);
      const xds = (expected.xdsIR ?? {}) as Record<string, { http?: IrListener[]; tcp?: IrListener[] }>;
      const http = new Map<string, IrListener>();
      const tcp = new Map<string, IrListener>();
      for (const ir of Object.values(xds)) {
        for (const l of ir?.http ?? []) http.set(l.name, l);
        for (const l of ir?.tcp ?? []) tcp.set(l.name, l);
      }
      const { resolution } = runCase(c);
      const problems: string[] = [];
      for (const pt of resolution.points) {
        const pp = pt.route === null ? pt.policies.ClientTrafficPolicy : undefined;
        if (!pp?.failed) continue;
        const policy = resolution.kinds.ClientTrafficPolicy.policies.find((p) => p.key === pp.applied[0]);
        const spec = (policy?.object.spec ?? {}) as Record<string, unknown>;
        const at = `${c.name} ${pt.listener}`;
        checked.push(at);
        if (pp.failed.routes === 'answer500') {
          const l = http.get(pt.listener);
          if (!l) {
            problems.push(`${at}: no HTTP IR listener`);
            continue;
          }
          for (const [field, irField] of NEVER_WRITTEN) {
            if (spec[field] === undefined) continue;
            ran.notWritten++;
            if (l[irField] !== undefined)
              problems.push(`${at}: ${irField} written although the features failed`);
          }
          for (const field of KEPT_WITH_IR_FIELD) {
            const kept = pp.failed.kept.includes(field);
            if (spec[field] === undefined) continue;
            if (kept) ran.kept++;
            else ran.notKept++;
            if (kept && l[field] === undefined)
              problems.push(`${at}: ${field} said kept, absent from the IR`);
            if (!kept && l[field] !== undefined)
              problems.push(`${at}: ${field} said not kept, present in the IR`);
          }
          for (const r of l.routes ?? []) {
            ran.routes500++;
            if (r.directResponse?.statusCode !== 500)
              problems.push(`${at}: a route without the 500 response`);
          }
        } else {
          const l = tcp.get(pt.listener);
          ran.tcpRoutes++;
          if (l && (l.routes ?? []).length > 0) problems.push(`${at}: TCP routes kept`);
        }
      }
      return problems;
    };
    test(c.name, () => {
      expect(run()).toEqual([]);
    });
  }

  test('every kind of comparison ran on some failed listener', () => {
    console.info(
      `[ctp-failed] ${checked.length} listeners with a failed ClientTrafficPolicy checked against the expected xDS IR`,
    );
    expect(checked.length).toBeGreaterThan(10);
    for (const [what, n] of Object.entries(ran)) expect(n, what).toBeGreaterThan(0);
  });
});
