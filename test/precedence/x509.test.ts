import { describe, expect, test } from 'vitest';
import {
  base64Bytes,
  certificatesOf,
  crlOf,
  goUtcTime,
  pemBlocks,
} from '../../src/precedence/_internal/features/x509.js';
import {
  CLIENT_CA,
  CLIENT_CA_CRL,
  CLIENT_CA_FROM,
  CLIENT_CA_UNTIL,
  OTHER_CA,
  OTHER_CA_UNTIL,
} from '../_support/certificates.js';

describe('the X.509 reader behind certificate and CRL validity', () => {
  test('each PEM block of a bundle gives its certificate: last common name and validity window', () => {
    const blocks = pemBlocks(`junk before\n${CLIENT_CA}${OTHER_CA}`);
    expect(blocks.map((b) => b.type)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(blocks.map((b) => certificatesOf(b.bytes!))).toEqual([
      [{ commonName: 'client-ca.test', notBefore: CLIENT_CA_FROM, notAfter: CLIENT_CA_UNTIL }],
      [{ commonName: 'other-ca.test', notBefore: CLIENT_CA_FROM, notAfter: OTHER_CA_UNTIL }],
    ]);
  });

  test('certificates back to back in one block are all read (x509.ParseCertificates)', () => {
    const one = pemBlocks(CLIENT_CA)[0]!.bytes!;
    const two = new Uint8Array([...one, ...pemBlocks(OTHER_CA)[0]!.bytes!]);
    expect(certificatesOf(two)?.map((c) => c.commonName)).toEqual(['client-ca.test', 'other-ca.test']);
  });

  test('a CRL gives its last and next update', () => {
    const [block] = pemBlocks(CLIENT_CA_CRL);
    expect(block?.type).toBe('X509 CRL');
    expect(crlOf(block!.bytes!)).toEqual({ thisUpdate: CLIENT_CA_FROM, nextUpdate: CLIENT_CA_UNTIL });
  });

  test('what cannot be taken apart is unknown (null), never an error', () => {
    const der = pemBlocks(CLIENT_CA)[0]!.bytes!;
    expect(certificatesOf(der.subarray(0, der.length - 10))).toBeNull();
    expect(certificatesOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBeNull();
    expect(crlOf(new Uint8Array([0x04, 0x00]))).toBeNull();
    expect(pemBlocks('-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n')).toEqual([
      { type: 'CERTIFICATE', bytes: null },
    ]);
    expect(base64Bytes('a')).toBeNull();
  });

  test('times print as Go prints a UTC time.Time', () => {
    expect(goUtcTime(Date.UTC(2005, 1, 6, 12, 0, 0))).toBe('2005-02-06 12:00:00 +0000 UTC');
  });
});
