import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { OutputCapture } from '../../src/platform/output-capture.js';
import { until } from '../core/until.js';

describe('OutputCapture', () => {
  it('keeps stdout and stderr interleaved up to the bound and counts every byte', () => {
    const capture = new OutputCapture(10);
    const out = new PassThrough();
    const err = new PassThrough();
    capture.read(out);
    capture.read(err);
    out.write('hello ');
    err.write('world, ');
    out.write('and more');
    assert.equal(capture.text(), 'hello worl');
    assert.equal(capture.totalBytes, 21);
    capture.dispose();
  });

  it('reads on past the bound at the drain rate: a stream that writes more is paused, then resumed', async () => {
    const capture = new OutputCapture(0, 1_000);
    const out = new PassThrough();
    capture.read(out);
    out.write(Buffer.alloc(1_500));
    assert.equal(out.isPaused(), true, 'over the allowance of one second');
    await until(() => !out.isPaused(), 'the stream to be resumed once the rate allows');
    assert.equal(capture.totalBytes, 1_500);
    assert.equal(capture.text(), '');
    capture.dispose();
  });

  it('refuses bounds that are not whole numbers', () => {
    assert.throws(() => new OutputCapture(-1), { message: 'Expected `limitBytes` to be a whole number from 0 and up, got `-1`' });
    assert.throws(() => new OutputCapture(1, 0), { message: 'Expected `drainBytesPerSecond` to be above 0, got `0`' });
  });
});
