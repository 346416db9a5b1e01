import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { buildZip, crc32 } from '../../src/core/zip-writer.js';

describe('zip-writer', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('writes entries that read back byte for byte', () => {
    const entries = [
      { name: 'status.json', data: Buffer.from('{"ok":true}\n') },
      { name: 'logs/tandem.log', data: Buffer.from('line\n'.repeat(1000)) },
    ];
    const zip = buildZip(entries);
    // Walk the local headers as an unzip tool would.
    let offset = 0;
    for (const entry of entries) {
      assert.equal(zip.readUInt32LE(offset), 0x04034b50);
      const size = zip.readUInt32LE(offset + 18);
      const nameLength = zip.readUInt16LE(offset + 26);
      assert.equal(zip.toString('utf8', offset + 30, offset + 30 + nameLength), entry.name);
      const body = zip.subarray(offset + 30 + nameLength, offset + 30 + nameLength + size);
      assert.deepEqual(inflateRawSync(body), entry.data);
      assert.equal(zip.readUInt32LE(offset + 14), crc32(entry.data));
      offset += 30 + nameLength + size;
    }
    assert.equal(zip.readUInt32LE(zip.length - 22), 0x06054b50);
    assert.equal(zip.readUInt16LE(zip.length - 12), entries.length);
  });

  it('is accepted by python zipfile, an independent reader', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-zip-'));
    const file = path.join(dir, 'd.zip');
    writeFileSync(file, buildZip([{ name: 'a.txt', data: Buffer.from('hello') }]));
    const result = spawnSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read("a.txt").decode())', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'hello');
    assert.ok(readFileSync(file).length > 0);
  });
});
