import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { BoundedLineSplitter, readBoundedLines } from '../../src/core/bounded-lines.js';

function split(chunks: readonly (string | Buffer)[], max = 16): string[] {
  const lines: string[] = [];
  const splitter = new BoundedLineSplitter((line) => lines.push(line), max);
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

describe('BoundedLineSplitter', () => {
  it('splits lines across chunks, drops a CR before LF, and keeps a last line without newline', () => {
    assert.deepEqual(split(['one\ntw', 'o\r\n', '\nthree']), ['one', 'two', '', 'three']);
  });

  it('cuts a line at the limit, marks it, and discards the rest of it', () => {
    assert.deepEqual(split(['0123456789', 'abcdefghij', 'klm\nnext\n']), ['0123456789abcdef …[line truncated at 16 bytes]', 'next']);
  });

  it('keeps a line of exactly the limit whole', () => {
    assert.deepEqual(split(['0123456789abcdef\n']), ['0123456789abcdef']);
  });

  it('holds no more than the limit of a 100 MiB line that never ends', () => {
    const lines: string[] = [];
    const splitter = new BoundedLineSplitter((line) => lines.push(line), 8 * 1024);
    const mebibyte = Buffer.alloc(1024 * 1024, 'x');
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) splitter.push(mebibyte);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.length, 8 * 1024 + ' …[line truncated at 8192 bytes]'.length);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 16 * 1024 * 1024);
    splitter.push(Buffer.from('\nafter\n'));
    assert.deepEqual(lines.slice(1), ['after']);
  });

  it('refuses a limit that is not a positive whole number', () => {
    assert.throws(() => new BoundedLineSplitter(() => undefined, 0), /Expected `maxLineBytes` to be a whole number from 1 and up, got `0`/);
  });

  it('reads a stream to its end', async () => {
    const input = new PassThrough();
    const lines: string[] = [];
    readBoundedLines(input, (line) => lines.push(line), { maxLineBytes: 8 });
    input.end('short\nmuch too long\ntail');
    await new Promise((resolve) => input.once('end', resolve));
    assert.deepEqual(lines, ['short', 'much too …[line truncated at 8 bytes]', 'tail']);
  });

  it('stops reading a writer that goes over its byte rate, and reads the rest as the budget refills', async () => {
    const input = new PassThrough({ highWaterMark: 16 * 1024 });
    let seen = 0;
    const line = `${'x'.repeat(1023)}\n`;
    readBoundedLines(input, () => void (seen += 1024), { maxLineBytes: 2048, burstLines: 1_000_000, linesPerSecond: 1_000_000, burstBytes: 64 * 1024, bytesPerSecond: 512 * 1024 });
    const total = 256 * 1024;
    let accepted = 0;
    while (accepted < total && input.write(line)) accepted += 1024;
    // The burst was read, then reading paused: the writer is told to wait (write returned false).
    assert.ok(input.isPaused(), 'paused');
    assert.ok(seen >= 64 * 1024 && seen <= 2 * 64 * 1024, `read ${seen} bytes before pausing`);
    const started = performance.now();
    const writer = (async () => {
      for (let sent = accepted + 1024; sent < total; sent += 1024) if (!input.write(line)) await new Promise((resolve) => input.once('drain', resolve));
      input.end();
    })();
    await new Promise((resolve) => input.once('end', resolve));
    await writer;
    assert.equal(seen, total);
    // 192 KiB past the burst at 512 KiB/s cannot take less than about 375 ms.
    assert.ok(performance.now() - started >= 300, `took ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('throttles by lines as well: many short lines cost more than their bytes', async () => {
    const input = new PassThrough();
    let seen = 0;
    readBoundedLines(input, () => void seen++, { burstLines: 100, linesPerSecond: 1_000, burstBytes: 1024 * 1024 * 1024, bytesPerSecond: 1024 * 1024 * 1024 });
    input.write('x\n'.repeat(150));
    assert.ok(input.isPaused(), 'paused after the burst of lines');
    assert.equal(seen, 150);
    const started = performance.now();
    input.end('x\n'.repeat(100));
    await new Promise((resolve) => input.once('end', resolve));
    assert.equal(seen, 250);
    // 50 lines over the burst at 1,000 a second: resumed after about 50 ms, not at once.
    assert.ok(performance.now() - started >= 40, `took ${(performance.now() - started).toFixed(0)} ms`);
  });
});
