import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutAuthenticode } from './unsigned-pe.js';

/** A PE32+ header with a `certificate`-byte certificate table at the end of the file. */
function signedPe(certificate: number): Buffer {
  const body = 0x200;
  const pe = Buffer.alloc(body + certificate);
  pe.writeUInt32LE(0x80, 0x3c);
  pe.writeUInt32LE(0x00004550, 0x80);
  pe.writeUInt16LE(0x20b, 0x80 + 24);
  const security = 0x80 + 24 + 112 + 4 * 8;
  pe.writeUInt32LE(body, security);
  pe.writeUInt32LE(certificate, security + 4);
  return pe;
}

describe('withoutAuthenticode', () => {
  it('empties the security directory and cuts the certificate table off', () => {
    const unsigned = withoutAuthenticode(signedPe(0x40));
    assert.equal(unsigned.length, 0x200);
    const security = 0x80 + 24 + 112 + 4 * 8;
    assert.equal(unsigned.readUInt32LE(security), 0);
    assert.equal(unsigned.readUInt32LE(security + 4), 0);
  });

  it('refuses what it cannot make unsigned', () => {
    assert.throws(() => withoutAuthenticode(withoutAuthenticode(signedPe(0x40))), /not signed/);
    const trailing = Buffer.concat([signedPe(0x40), Buffer.alloc(8)]);
    assert.throws(() => withoutAuthenticode(trailing), /does not end the file/);
    const notPe = signedPe(0x40);
    notPe.writeUInt32LE(0, 0x80);
    assert.throws(() => withoutAuthenticode(notPe), /not a PE file/);
  });
});
