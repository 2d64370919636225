/**
 * `gwpolicy request` argument checks: the request is read by the library's own parser
 * (`checkRequest`), so every method, URL, header or client address it cannot read is a usage
 * error (exit 2) naming the argument, and every address it reads is answered (exit 0).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { run, USAGE_LINE } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ask = (...argv: string[]) =>
  run(['request', path.join(root, 'examples'), '--enable-lua', '--gateway', 'infra/public-gw', ...argv], {
    cwd: root,
  });

describe('--source-ip', () => {
  test.each([
    '999.1.1.1', // four numbers, one out of range
    '10.0.0.256',
    '010.0.0.1', // a leading zero: not the dotted-quad form Envoy reports
    '1.2.3', // three parts
    '10.0.0.1/8', // a range, not an address
    '1:2', // colons, but not an IPv6 address
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '2001:db8::g',
    '::ffff:999.0.0.1',
    'localhost',
    '',
  ])('%j is a usage error (exit 2) naming --source-ip', async (ip) => {
    const r = await ask('GET', 'https://shop.acme.example/cart', '--source-ip', ip);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe('');
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(USAGE_LINE);
    expect(r.errLines[0]).toContain(`request: --source-ip: '${ip}' is not an IPv4 or IPv6 address`);
  });

  test.each(['10.0.0.1', '0.0.0.0', '::1', '2001:db8::1', '::ffff:10.0.0.1', 'FE80::1'])(
    '%j is read (exit 0)',
    async (ip) => {
      const r = await ask('GET', 'https://shop.acme.example/cart', '--source-ip', ip);

      expect(r.errLines.filter((l) => l.startsWith('gwpolicy:'))).toEqual([]);
      expect(r.code).toBe(EXIT_OK);
      expect(r.stdout).toContain('HTTPRoute/shop/');
    },
  );
});

describe('method, URL and headers', () => {
  test.each([
    [['GET', 'shop.acme.example/cart'], "URL: 'shop.acme.example/cart' is not an absolute URL"],
    [['GET', 'ftp://shop.acme.example/'], 'URL: scheme ftp is not http or https'],
    [['GET', 'http://shop.acme.example:70000/'], "URL: 'shop.acme.example:70000' is not a host[:port]"],
    [['G E T', 'http://shop.acme.example/'], "METHOD: 'G E T' is not an HTTP method"],
    [['GET', 'http://shop.acme.example/', '-H', 'Bad Name: x'], "-H: 'Bad Name' is not a header name"],
  ])('%j is a usage error: %s', async (argv, message) => {
    const r = await ask(...argv);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toContain(`request: ${message}`);
  });
});
