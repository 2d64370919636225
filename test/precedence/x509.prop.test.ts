import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import {
  base64Bytes,
  certificatesOf,
  crlOf,
  pemBlocks,
} from '../../src/precedence/_internal/features/x509.js';

test.prop([fc.uint8Array({ maxLength: 200 }), fc.boolean()])(
  'base64Bytes gives back the bytes standard base64 encoded, padded or not, whitespace ignored',
  (bytes, pad) => {
    let text = Buffer.from(bytes).toString('base64');
    if (!pad) text = text.replace(/=+$/, '');
    const wrapped = text.replace(/(.{64})/g, '$1\n');
    expect([...(base64Bytes(wrapped) ?? [])]).toEqual([...bytes]);
  },
);

test.prop([fc.uint8Array({ maxLength: 300 })])(
  'the certificate and CRL readers never throw on arbitrary bytes: they answer or say unknown (null)',
  (bytes) => {
    // Arbitrary bytes, and the same bytes behind a valid-looking SEQUENCE header.
    const wrapped = new Uint8Array([0x30, 0x82, bytes.length >> 8, bytes.length & 0xff, ...bytes]);
    for (const b of [bytes, wrapped]) {
      const certs = certificatesOf(b);
      expect(certs === null || Array.isArray(certs)).toBe(true);
      const crl = crlOf(b);
      expect(crl === null || typeof crl.thisUpdate === 'number').toBe(true);
    }
  },
);

test.prop([fc.string({ maxLength: 400 })])(
  'pemBlocks never throws on arbitrary text, and every block it finds has bytes',
  (text) => {
    const reading = pemBlocks(`${text}\n-----BEGIN X-----\n${text}\n-----END X-----\n`);
    expect(typeof reading.certain).toBe('boolean');
    for (const b of reading.blocks) expect(b.bytes).toBeInstanceOf(Uint8Array);
  },
);
