/**
 * checkRequest: the parser routeRequest reads a request with, on its own; what it refuses is
 * exactly what routeRequest answers with GWP-REQUEST-BAD-INPUT.
 */
import { checkRequest } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { gateway, router } from './_fixtures.js';

describe('checkRequest', () => {
  test('a readable request has no problem', () => {
    expect(
      checkRequest({
        method: 'GET',
        url: 'https://x.example:8443/a?b',
        headers: [['x-a', '1']],
        sourceIp: '::1',
      }),
    ).toBeNull();
  });

  test.each([
    [{ method: 'GET', url: 'http://x/', sourceIp: '10.0.0.256' }, 'sourceIp'],
    [{ method: 'GET', url: 'http://x/', sourceIp: '1:2' }, 'sourceIp'],
    [{ method: 'GET', url: '/relative' }, 'url'],
    [{ method: 'GE T', url: 'http://x/' }, 'method'],
    [{ method: 'GET', url: 'http://x/', headers: [['a b', 'c']] as [string, string][] }, 'header'],
  ])('%j: a problem with %s, the same routeRequest reports', (input, field) => {
    const problem = checkRequest(input);
    expect(problem?.field).toBe(field);

    const answer = router([gateway('eg', [{ name: 'http', protocol: 'HTTP', port: 80 }])]).ask(
      input.method,
      input.url,
      {
        ...('headers' in input ? { headers: input.headers } : {}),
        ...('sourceIp' in input ? { sourceIp: input.sourceIp } : {}),
      },
    );
    expect(answer.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'GWP-REQUEST-BAD-INPUT',
        message: `request ${field}: ${problem?.message}`,
      }),
    );
  });
});

describe('a request of the wrong shape from a JavaScript caller is a problem, never a throw', () => {
  const cases: readonly [string, unknown, string][] = [
    ['a number as the method', { method: 1, url: 'http://x/' }, 'method'],
    ['no URL', { method: 'GET' }, 'url'],
    ['headers that are not pairs', { method: 'GET', url: 'http://x/', headers: [['a']] }, 'header'],
    ['headers that are an object', { method: 'GET', url: 'http://x/', headers: { a: 'b' } }, 'header'],
    ['a number as the client address', { method: 'GET', url: 'http://x/', sourceIp: 10 }, 'sourceIp'],
    ['not an object at all', undefined, 'method'],
  ];
  test.each(cases)('%s', (_name, input, field) => {
    expect(checkRequest(input as never)?.field).toBe(field);
  });
});
