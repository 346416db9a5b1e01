import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { crc32, ZipFileWriter } from '../../src/core/zip-writer.js';
import { readZip } from './zip-reader.js';

const tempFile = (name: string): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-zip-')), name);

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('zip-writer', () => {
  it('computes the standard CRC-32, also across chunks', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.from('6789'), crc32(Buffer.from('12345'))), 0xcbf43926);
  });

  it('streams entries that read back byte for byte, with sizes and CRCs written in place', async () => {
    const file = tempFile('a.zip');
    const big = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `line ${i} ${(i * 7919) % 1000}\n`).join(''));
    const zip = await ZipFileWriter.create(file);
    await zip.add('status.json', Buffer.from('{"ok":true}\n'));
    await zip.add('logs/tandem.log', chunked(big, 10_000));
    await zip.add('empty.txt', chunked(Buffer.alloc(0), 1));
    const bytes = await zip.finish();
    const entries = readZip(file);
    assert.deepEqual([...entries.keys()], ['status.json', 'logs/tandem.log', 'empty.txt']);
    assert.equal(entries.get('status.json')?.toString(), '{"ok":true}\n');
    assert.deepEqual(entries.get('logs/tandem.log'), big);
    assert.equal(entries.get('empty.txt')?.length, 0);
    assert.ok(bytes < big.length / 2, `compressed: ${bytes} bytes for ${big.length}`);
  });

  it('is accepted by python zipfile, an independent reader', async () => {
    const file = tempFile('d.zip');
    const zip = await ZipFileWriter.create(file);
    await zip.add('a.txt', chunked(Buffer.from('hello'), 2));
    await zip.add('b/c.txt', Buffer.from('world'));
    await zip.finish();
    const result = spawnSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read("a.txt").decode()+z.read("b/c.txt").decode())', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'helloworld');
  });

  it('removes a half-written archive on abort, and passes on a failing source', async () => {
    const file = tempFile('e.zip');
    const zip = await ZipFileWriter.create(file);
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('part');
      throw new Error('source broke');
    }
    await assert.rejects(zip.add('x', failing()), /source broke/);
    await zip.abort();
    assert.equal(existsSync(file), false);
  });
});
