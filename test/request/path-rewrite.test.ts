/**
 * Path modifiers in request answers, as Envoy Gateway v1.9 programs them
 * (buildXdsRedirectAction / buildXdsURLRewriteAction: `prefix_rewrite`, or for a `/` or empty
 * replacement on a prefix route the `regex_rewrite` `^<prefix>\/*` → `/`; a URLRewrite's
 * `prefix_rewrite` loses one trailing `/`, a redirect's does not) and as Envoy then applies them
 * (rewritePathByPrefixOrRegex: the matched part of `:path` is the route's own path; a regex that
 * does not match leaves the path alone).
 */
import { describe, expect, test } from 'vitest';
import { programmedPathRewrite } from '../../src/request/_internal/path-rewrite.js';
import { gateway, httpRoute, router } from './_fixtures.js';

const HTTP = { name: 'http', protocol: 'HTTP', port: 80 };

/** A route whose rules each match one PathPrefix and carry one filter. */
function routeWith(rules: readonly { prefix: string; filter: Record<string, unknown>; forward?: boolean }[]) {
  return router([
    gateway('eg', [HTTP]),
    httpRoute('web', {
      rules: rules.map((r) => ({
        matches: [{ path: { type: 'PathPrefix', value: r.prefix } }],
        filters: [r.filter],
        ...(r.forward ? { backendRefs: [{ name: 'svc', port: 80 }] } : {}),
      })),
    }),
  ]);
}
const redirect = (type: string, value: string) => ({
  type: 'RequestRedirect',
  requestRedirect: {
    path: { type, [type === 'ReplaceFullPath' ? 'replaceFullPath' : 'replacePrefixMatch']: value },
  },
});
const rewrite = (path: Record<string, unknown>, hostname?: string) => ({
  type: 'URLRewrite',
  urlRewrite: { path, ...(hostname ? { hostname } : {}) },
});

/** The Location's path and query of a redirect answer, or the status when there is none. */
function location(r: ReturnType<typeof router>, url: string): string {
  const a = r.ask('GET', url);
  const d = a.decisions.find((x) => x.type === 'routeAction');
  if (a.outcome.by !== 'redirect' || d?.type !== 'routeAction' || d.location === undefined)
    return `${a.outcome.status ?? 'forward'}`;
  return d.location.replace(/^http:\/\/[^/]+/, '');
}

/** The path a forwarded request reaches the backends with. */
function upstream(r: ReturnType<typeof router>, url: string): string | undefined {
  const d = r.ask('GET', url).decisions.find((x) => x.type === 'routeAction');
  return d?.type === 'routeAction' ? d.upstreamPath : undefined;
}

describe('RequestRedirect ReplacePrefixMatch', () => {
  // Envoy Gateway's e2e test RedirectTrailingSlash (test/e2e/tests/redirect_replaceprefixmatch_slash.go).
  const r = routeWith([
    { prefix: '/api/foo/', filter: redirect('ReplacePrefixMatch', '/') },
    { prefix: '/api/bar', filter: redirect('ReplacePrefixMatch', '/') },
  ]);

  test('with "/": the prefix and the slashes after it become one "/" (regex_rewrite ^<prefix>\\/*)', () => {
    expect(location(r, 'http://x.example/api/foo/redirect')).toBe('/redirect');
    expect(location(r, 'http://x.example/api/foo/')).toBe('/');
    expect(location(r, 'http://x.example/api/bar/redirect')).toBe('/redirect');
    expect(location(r, 'http://x.example/api/bar/')).toBe('/');
    expect(location(r, 'http://x.example/api/bar')).toBe('/');
    expect(location(r, 'http://x.example/api/bar-foo')).toBe('404');
    expect(location(r, 'http://x.example/api/foo-bar')).toBe('404');
  });

  test('with "/" under a prefix written with a trailing "/": the prefix itself is not rewritten (the pattern needs that "/")', () => {
    // path_separated_prefix /api/foo matches /api/foo; ^/api/foo/\/* does not: Envoy keeps the path.
    expect(location(r, 'http://x.example/api/foo')).toBe('/api/foo');
    expect(location(r, 'http://x.example/api/foo?q=1')).toBe('/api/foo?q=1');
  });

  test('a replacement ending in "/" is programmed as written, so Envoy keeps both slashes', () => {
    const s = routeWith([{ prefix: '/api/foo/', filter: redirect('ReplacePrefixMatch', '/new/') }]);
    expect(location(s, 'http://x.example/api/foo/x')).toBe('/new//x');
    expect(location(s, 'http://x.example/api/foo/x?a=1')).toBe('/new//x?a=1');
    expect(location(s, 'http://x.example/api/foo')).toBe('/new/');
  });

  test('under the prefix "/", the matched part is "/"', () => {
    const s = routeWith([{ prefix: '/', filter: redirect('ReplacePrefixMatch', '/new/') }]);
    expect(location(s, 'http://x.example/x')).toBe('/new/x');
    const t = routeWith([{ prefix: '/', filter: redirect('ReplacePrefixMatch', '/new') }]);
    expect(location(t, 'http://x.example/x')).toBe('/newx');
  });

  test('ReplaceFullPath replaces the path and keeps the query', () => {
    const s = routeWith([{ prefix: '/old', filter: redirect('ReplaceFullPath', '/full/') }]);
    expect(location(s, 'http://x.example/old/x?a=1')).toBe('/full/?a=1');
  });

  test('a path type Envoy Gateway does not know is a filter error: 500', () => {
    const s = routeWith([{ prefix: '/old', filter: redirect('Replace', '/x') }]);
    const a = s.ask('GET', 'http://x.example/old');
    expect(a.outcome.status).toBe(500);
    expect(a.outcome.detail).toContain('redirect path type: Replace is invalid');
  });
});

describe('URLRewrite', () => {
  test('ReplacePrefixMatch ending in "/" loses that "/" (prefix_rewrite, gateway#3989)', () => {
    const r = routeWith([
      {
        prefix: '/origin/',
        filter: rewrite({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/rewrite/' }),
        forward: true,
      },
    ]);
    expect(upstream(r, 'http://x.example/origin/x')).toBe('/rewrite/x');
    expect(upstream(r, 'http://x.example/origin')).toBe('/rewrite');
    expect(upstream(r, 'http://x.example/origin/x?a=b')).toBe('/rewrite/x?a=b');
  });

  test('ReplacePrefixMatch "/" on a prefix route is the regex rewrite, which leaves an unmatched path alone', () => {
    const r = routeWith([
      {
        prefix: '/origin/',
        filter: rewrite({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/' }),
        forward: true,
      },
    ]);
    expect(upstream(r, 'http://x.example/origin/x')).toBe('/x');
    expect(upstream(r, 'http://x.example/origin/')).toBe('/');
    expect(upstream(r, 'http://x.example/origin')).toBe('/origin');
  });

  test('under the prefix "/", the trimmed replacement replaces the matched "/"', () => {
    const r = routeWith([
      {
        prefix: '/',
        filter: rewrite({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/new/' }),
        forward: true,
      },
    ]);
    expect(upstream(r, 'http://x.example/x')).toBe('/newx');
  });

  test('ReplaceFullPath and hostname: what the backends receive, in the answer', () => {
    const r = routeWith([
      {
        prefix: '/old',
        filter: rewrite({ type: 'ReplaceFullPath', replaceFullPath: '/new' }, 'backend.internal'),
        forward: true,
      },
    ]);
    const d = r.ask('GET', 'http://x.example/old/a?b=1').decisions.find((x) => x.type === 'routeAction');
    expect(d).toMatchObject({
      action: 'forward',
      upstreamPath: '/new?b=1',
      upstreamHost: 'backend.internal',
    });
    expect(d?.type === 'routeAction' && d.reason).toBe(
      "forwarded to the rule's backends with path /new?b=1 and Host backend.internal (URLRewrite)",
    );
  });

  test('a path modifier Envoy Gateway refuses is a filter error: 500', () => {
    const r = routeWith([
      {
        prefix: '/old',
        filter: rewrite({ type: 'ReplaceFullPath', replacePrefixMatch: '/x' }),
        forward: true,
      },
    ]);
    const a = r.ask('GET', 'http://x.example/old');
    expect(a.outcome.status).toBe(500);
    expect(a.outcome.detail).toBe(
      'ReplacePrefixMatch cannot be set when rewrite path type is "ReplaceFullPath"',
    );
  });
});

describe('what Envoy Gateway programs (internal/xds/translator/testdata/out/xds-ir/http-route-redirect.routes.yaml)', () => {
  test('a "/" replacement on a prefix route: regex_rewrite of the prefix as written, metacharacters quoted', () => {
    const p = (prefix: string) =>
      programmedPathRewrite('redirect', { type: 'ReplacePrefixMatch', value: '/' }, { prefix });
    expect(p('/redirect')).toMatchObject({
      type: 'regexRewrite',
      pattern: '^/redirect\\/*',
      substitution: '/',
    });
    expect(p('/redirect/')).toMatchObject({ pattern: '^/redirect/\\/*' });
    expect(p('/a.b+c')).toMatchObject({ pattern: '^/a\\.b\\+c\\/*' });
  });

  test('other replacements: prefix_rewrite, trimmed for a URLRewrite only', () => {
    const m = { type: 'ReplacePrefixMatch' as const, value: '/rewrite/' };
    expect(programmedPathRewrite('redirect', m, { prefix: '/origin/' })).toEqual({
      type: 'prefixRewrite',
      prefix: '/rewrite/',
    });
    expect(programmedPathRewrite('urlRewrite', m, { prefix: '/origin/' })).toEqual({
      type: 'prefixRewrite',
      prefix: '/rewrite',
    });
    // No prefix match: no regex, whatever the replacement.
    expect(
      programmedPathRewrite('redirect', { type: 'ReplacePrefixMatch', value: '/' }, { exact: '/a' }),
    ).toEqual({
      type: 'prefixRewrite',
      prefix: '/',
    });
  });
});
