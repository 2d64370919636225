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

const der = (pem: string): Uint8Array => pemBlocks(pem).blocks[0]!.bytes;

describe('the X.509 reader behind certificate and CRL validity', () => {
  test('each PEM block of a bundle gives its certificate: last common name and validity window', () => {
    const { blocks, certain } = pemBlocks(`junk before\n${CLIENT_CA}${OTHER_CA}`);
    expect(certain).toBe(true);
    expect(blocks.map((b) => b.type)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(blocks.map((b) => certificatesOf(b.bytes))).toEqual([
      [{ commonName: 'client-ca.test', notBefore: CLIENT_CA_FROM, notAfter: CLIENT_CA_UNTIL }],
      [{ commonName: 'other-ca.test', notBefore: CLIENT_CA_FROM, notAfter: OTHER_CA_UNTIL }],
    ]);
  });

  test('certificates back to back in one block are all read (x509.ParseCertificates)', () => {
    const two = new Uint8Array([...der(CLIENT_CA), ...der(OTHER_CA)]);
    expect(certificatesOf(two)?.map((c) => c.commonName)).toEqual(['client-ca.test', 'other-ca.test']);
  });

  test('a CRL gives its last and next update', () => {
    const [block] = pemBlocks(CLIENT_CA_CRL).blocks;
    expect(block?.type).toBe('X509 CRL');
    expect(crlOf(block!.bytes)).toEqual({ thisUpdate: CLIENT_CA_FROM, nextUpdate: CLIENT_CA_UNTIL });
  });

  test('PEM as Go reads it: trailing blanks on markers, CRLF, a body that is not strict base64 skipped', () => {
    const crlf = CLIENT_CA.replace('-----BEGIN CERTIFICATE-----', '-----BEGIN CERTIFICATE----- \t').replace(
      /\n/g,
      '\r\n',
    );
    expect(pemBlocks(crlf)).toEqual({
      blocks: [{ type: 'CERTIFICATE', bytes: der(CLIENT_CA) }],
      certain: true,
    });
    // Unpadded base64: Go's StdEncoding refuses it and pem.Decode skips the block.
    expect(pemBlocks('-----BEGIN X-----\naGk\n-----END X-----\n')).toEqual({ blocks: [], certain: true });
  });

  test('what Go might read otherwise makes the reading uncertain: headers, markers mid-line, no END', () => {
    expect(pemBlocks('-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n\naGk=\n-----END X-----\n').certain).toBe(
      false,
    );
    expect(pemBlocks('text -----BEGIN X-----\naGk=\n-----END X-----\n').certain).toBe(false);
    expect(pemBlocks('-----BEGIN X-----\naGk=\n').certain).toBe(false);
  });

  test('what cannot be taken apart is unknown (null), never an error', () => {
    const d = der(CLIENT_CA);
    expect(certificatesOf(d.subarray(0, d.length - 10))).toBeNull();
    expect(certificatesOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBeNull();
    expect(crlOf(new Uint8Array([0x04, 0x00]))).toBeNull();
    expect(base64Bytes('a')).toBeNull();
  });

  test('a time that does not exist (30 February) makes the certificate unknown, as Go refuses it', () => {
    const d = der(CLIENT_CA);
    const text = new TextDecoder('latin1').decode(d);
    const at = text.indexOf('261127120318Z'); // notAfter, UTCTime
    expect(at).toBeGreaterThan(0);
    const bad = Uint8Array.from(d);
    bad.set(new TextEncoder().encode('260230120318Z'), at);
    expect(certificatesOf(bad)).toBeNull();
  });

  test('times print as Go prints a UTC time.Time', () => {
    expect(goUtcTime(Date.UTC(2005, 1, 6, 12, 0, 0))).toBe('2005-02-06 12:00:00 +0000 UTC');
  });
});
