import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { base64Bytes } from '../../src/precedence/_internal/features/x509.js';

test.prop([fc.uint8Array({ maxLength: 200 }), fc.boolean()])(
  'base64Bytes gives back the bytes standard base64 encoded, padded or not, whitespace ignored',
  (bytes, pad) => {
    let text = Buffer.from(bytes).toString('base64');
    if (!pad) text = text.replace(/=+$/, '');
    const wrapped = text.replace(/(.{64})/g, '$1\n');
    expect([...(base64Bytes(wrapped) ?? [])]).toEqual([...bytes]);
  },
);
