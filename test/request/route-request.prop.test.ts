/**
 * Laws of request routing, on generated HTTPRoutes (paths Exact or PathPrefix, optional header,
 * query parameter and method matches) on one plain-HTTP listener.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { gateway, httpRoute, type Obj, router, rule } from './_fixtures.js';

const segment = fc.constantFrom('a', 'b', 'api', 'v1', 'x');
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`);
const match = fc.record(
  {
    path: fc.record({ type: fc.constantFrom('Exact', 'PathPrefix'), value: path }),
    headers: fc.array(fc.record({ name: fc.constantFrom('x-a', 'x-b'), value: fc.constantFrom('1', '2') }), {
      maxLength: 2,
    }),
    queryParams: fc.array(fc.record({ name: fc.constantFrom('q', 'r'), value: fc.constantFrom('1', '2') }), {
      maxLength: 1,
    }),
    method: fc.constantFrom('GET', 'POST'),
  },
  { requiredKeys: ['path'] },
);
const routes = fc.array(
  fc.array(fc.array(match, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
  {
    minLength: 1,
    maxLength: 5,
  },
);

type Match = {
  path: { type: string; value: string };
  headers?: { name: string; value: string }[];
  queryParams?: { name: string; value: string }[];
  method?: string;
};

function manifests(rulesPerRoute: readonly (readonly Match[])[][]): Obj[] {
  return [
    gateway('eg', [{ name: 'http', protocol: 'HTTP', port: 80 }]),
    ...rulesPerRoute.map((rules, i) =>
      httpRoute(`r${i}`, { rules: rules.map((m) => rule(m as unknown as Obj[])) }),
    ),
  ];
}

/** A request that satisfies a match: its path, headers (distinct names keep the last value), query, method. */
function requestFor(m: Match): { method: string; url: string; headers: [string, string][] } {
  const headers = new Map<string, string>();
  for (const h of m.headers ?? []) headers.set(h.name, h.value);
  const query = new Map<string, string>();
  for (const q of m.queryParams ?? []) if (!query.has(q.name)) query.set(q.name, q.value);
  const qs = [...query].map(([k, v]) => `${k}=${v}`).join('&');
  return {
    method: m.method ?? 'GET',
    url: `http://x.example${m.path.value}${qs ? `?${qs}` : ''}`,
    headers: [...headers],
  };
}

/** Whether the request built from the match satisfies it (headers with two values for one name cannot). */
function satisfiable(m: Match): boolean {
  const names = new Map<string, string>();
  for (const h of m.headers ?? []) {
    if (names.has(h.name) && names.get(h.name) !== h.value) return false;
    names.set(h.name, h.value);
  }
  return true;
}

test.prop([routes, fc.nat(), fc.nat(), fc.nat()], { numRuns: 60 })(
  "a request built from a rule's match reaches that rule or one that comes before it in Envoy Gateway's order",
  (rs, ri, rj, rk) => {
    const route = ri % rs.length;
    const ruleIndex = rj % rs[route]!.length;
    const matchIndex = rk % rs[route]![ruleIndex]!.length;
    const m = rs[route]![ruleIndex]![matchIndex]!;
    fc.pre(satisfiable(m));
    const r = router(manifests(rs));
    const q = requestFor(m);
    const a = r.ask(q.method, q.url, { headers: q.headers });
    expect(a.route).not.toBeNull();
    const reached =
      a.route === `HTTPRoute/default/r${route}` && a.ruleIndex === ruleIndex && a.matchIndex === matchIndex;
    const before = a.notChosen.some(
      (n) =>
        n.type === 'route' &&
        n.route === `HTTPRoute/default/r${route}` &&
        n.ruleIndex === ruleIndex &&
        n.matchIndex === matchIndex,
    );
    // Either it is the rule that serves, or it matched and a rule ahead of it in the order won.
    expect(reached || before).toBe(true);
  },
);

test.prop([routes, match, fc.constantFrom('hostname', 'path')], { numRuns: 60 })(
  'adding a route that matches nothing the request sends never changes the answer',
  (rs, m, how) => {
    const q = requestFor(m);
    const base = router(manifests(rs)).ask(q.method, q.url, { headers: q.headers });
    // A route the request cannot reach: another host, or a path it does not send.
    const extra =
      how === 'hostname'
        ? httpRoute('unrelated', { hostnames: ['unrelated.example'], rules: [rule()] })
        : httpRoute('unrelated', { rules: [rule([{ path: { type: 'PathPrefix', value: '/never-sent' } }])] });
    const after = router([...manifests(rs), extra]).ask(q.method, q.url, { headers: q.headers });
    expect([after.route, after.ruleIndex, after.matchIndex, after.outcome.status]).toEqual([
      base.route,
      base.ruleIndex,
      base.matchIndex,
      base.outcome.status,
    ]);
  },
);

test.prop(
  [
    fc.string(),
    fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })),
    fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 4 }),
    fc.option(fc.string(), { nil: undefined }),
  ],
  { numRuns: 150 },
)(
  'routeRequest never throws on arbitrary methods, URLs, headers and source addresses',
  (method, url, headers, sourceIp) => {
    const r = router([
      gateway('eg', [{ name: 'http', protocol: 'HTTP', port: 80 }]),
      httpRoute('web', { rules: [rule()] }),
    ]);
    const a = r.ask(method, url, { headers, ...(sourceIp === undefined ? {} : { sourceIp }) });
    expect(a.route === null || a.route === 'HTTPRoute/default/web').toBe(true);
  },
);
