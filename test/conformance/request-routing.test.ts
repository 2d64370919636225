/**
 * Request-routing parity over Envoy Gateway's own test data: for every IR route of every HTTP
 * listener in the expected `xdsIR` of a translator test case whose match uses no regex, a request
 * built to satisfy it; the engine (`routeRequest`, from the manifests) must choose the IR route
 * Envoy would, computed by the oracle from the expected IR alone (request-oracle.ts). Read from
 * ../shared; skipped, saying so, when absent. Strict expected-failures list: a listed case that
 * passes fails the run until it is removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequestRouter, routeRequest } from 'gateway-policy-sim';
import { afterAll, describe, expect, test } from 'vitest';
import { listCases, readExpected, runCase, TESTDATA, TESTDATA_PRESENT } from './harness.js';
import { buildable, buildRequest, type IrHttpListener, oracleRoute } from './request-oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Cases that do not pass yet, with the reason: routing (the route chosen), action (what the route answers). */
const expectedFailures = JSON.parse(
  readFileSync(path.join(here, 'request-routing-failures.json'), 'utf8'),
) as {
  readonly routing: Readonly<Record<string, string>>;
  readonly action: Readonly<Record<string, string>>;
};

if (!TESTDATA_PRESENT)
  console.warn(`[request-routing] SKIPPED: Envoy Gateway test data not found at ${TESTDATA}`);

const cases = TESTDATA_PRESENT ? listCases().filter((c) => c.dir === 'gatewayapi') : [];
let total = 0;
let matched = 0;
let actionTotal = 0;
let actionMatched = 0;
const actionMisses: string[] = [];

describe.skipIf(!TESTDATA_PRESENT)('request routing parity: Envoy Gateway translator test data', () => {
  test('the listed expected failures name existing cases', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const n of [...Object.keys(expectedFailures.routing), ...Object.keys(expectedFailures.action)])
      expect(names.has(n), `unknown case ${n}`).toBe(true);
  });

  for (const c of cases) {
    test(c.name, () => {
      const expected = readExpected(c);
      const xds = (expected.xdsIR ?? {}) as Record<string, { http?: IrHttpListener[] } | null>;
      const requests: {
        irKey: string;
        listener: IrHttpListener;
        route: string;
        req: ReturnType<typeof buildRequest>;
      }[] = [];
      for (const [irKey, ir] of Object.entries(xds)) {
        for (const l of ir?.http ?? []) {
          for (const r of l.routes ?? [])
            if (buildable(r)) requests.push({ irKey, listener: l, route: r.name, req: buildRequest(r, l) });
        }
      }
      if (requests.length === 0) return;
      const { resolution } = runCase(c);
      const router = createRequestRouter(resolution);
      const failures: {
        built: string;
        request: string;
        expected: string | null;
        actual: string | null;
        reason: string;
      }[] = [];
      for (const { irKey, listener, route, req } of requests) {
        const oracle = oracleRoute(xds[irKey]?.http ?? [], req);
        const gateway = listener.name.split('/').slice(0, 2).join('/');
        const answer = routeRequest(
          router,
          { method: req.method, url: req.url, headers: req.headers },
          { gateway },
        );
        total++;
        if (answer.irRoute === oracle) {
          matched++;
          // The route's action, where the expected IR route answers by itself (redirect, direct response).
          const ir = (xds[irKey]?.http ?? []).flatMap((l) => l.routes ?? []).find((x) => x.name === oracle) as
            | { redirect?: { statusCode?: number }; directResponse?: { statusCode?: number } }
            | undefined;
          const expectedAction = ir?.directResponse
            ? `directResponse ${ir.directResponse.statusCode ?? 200}`
            : ir?.redirect
              ? `redirect ${ir.redirect.statusCode ?? 302}`
              : 'forward';
          const d = answer.decisions.find((x) => x.type === 'routeAction');
          // Envoy Gateway answers 500 in place of the route's action when a policy fails on it (R6.5).
          const actualAction =
            answer.outcome.by === 'policyInvalid' || answer.outcome.by === 'listenerFailed'
              ? 'directResponse 500'
              : d?.type === 'routeAction'
                ? d.action === 'forward'
                  ? 'forward'
                  : `${d.action} ${d.status}`
                : 'none';
          actionTotal++;
          if (actualAction === expectedAction) actionMatched++;
          else {
            actionMisses.push(`${c.name}: ${oracle}: expected ${expectedAction}, got ${actualAction}`);
          }
        } else
          failures.push({
            built: route,
            request: `${req.method} ${req.url} ${JSON.stringify(req.headers)}`,
            expected: oracle,
            actual: answer.irRoute,
            reason: answer.reason,
          });
      }
      if (expectedFailures.routing[c.name] === undefined) expect(failures).toEqual([]);
      else
        expect(
          failures.length,
          `${c.name} is listed in request-routing-failures.json (routing) but now passes: remove it`,
        ).toBeGreaterThan(0);
      const actionFailures = actionMisses.filter((m) => m.startsWith(`${c.name}: `));
      if (expectedFailures.action[c.name] === undefined)
        expect(actionFailures, 'route action parity').toEqual([]);
      else
        expect(
          actionFailures.length,
          `${c.name} is listed in request-routing-failures.json (action) but now passes: remove it`,
        ).toBeGreaterThan(0);
    });
  }

  afterAll(() => {
    if (process.env.GWP_PRINT_MISSES) console.log(actionMisses.join('\n'));
    console.log(`[request-routing] request routing parity: ${matched}/${total}`);
    console.log(
      `[request-routing] route action parity (forward, redirect, direct response): ${actionMatched}/${actionTotal}`,
    );
  });
});
