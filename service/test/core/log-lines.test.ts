import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { belongsTo, filterLines, MAX_LOG_LINE_BYTES, openTail } from '../../src/core/log-lines.js';

const line = (fields: Record<string, unknown>): string => JSON.stringify({ level: 30, time: 2_000, pid: 1, ...fields, msg: 'm' });

async function collect(chunks: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk.toString('utf8');
  return text;
}

async function* pieces(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('log-lines', () => {
  const owner = { sessionId: 1, since: 1_000 };

  it("attributes a line to a logon by its sessionId and its time after the logon's start", () => {
    assert.equal(belongsTo(line({ sessionId: 1 }), owner), true);
    assert.equal(belongsTo(line({ sessionId: 2 }), owner), false, 'another session');
    assert.equal(belongsTo(line({ sessionId: 12 }), owner), false, 'a session id that starts with the same digit');
    assert.equal(belongsTo(line({ sessionId: 1, time: 1_000 }), owner), false, 'the previous logon of the same session id');
    assert.equal(belongsTo(line({ sessionId: '1' }), owner), false, 'not a number');
    assert.equal(belongsTo(line({ msg2: '"sessionId":1' }), owner), false, 'the text, but not the field');
    assert.equal(belongsTo(line({}), owner), false, "the service's own lines");
    assert.equal(belongsTo('{"sessionId":1,"time":2000', owner), false, 'a cut line');
  });

  it('passes whole kept lines across any chunking, multi-byte characters included', async () => {
    const lines = [line({ sessionId: 1, user: 'zoë' }), line({ sessionId: 2 }), line({ sessionId: 1, n: 2 })];
    for (const size of [1, 7, 64, 10_000]) {
      const kept = await collect(filterLines(pieces(`${lines.join('\n')}\n`, size), (l) => belongsTo(l, owner)));
      assert.equal(kept, `${lines[0]}\n${lines[2]}\n`, `chunks of ${size}`);
    }
  });

  it('drops a line too long to be one the service wrote, whole, and goes on after it', async () => {
    const long = line({ sessionId: 1, junk: 'x'.repeat(MAX_LOG_LINE_BYTES * 2) });
    const after = line({ sessionId: 1, n: 3 });
    const kept = await collect(filterLines(pieces(`${long}\n${after}`, 4096), (l) => belongsTo(l, owner)));
    assert.equal(kept, `${after}\n`);
  });

  it('reads only the newest part of a file, and nothing of a missing one', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-lines-')), 'f.log');
    writeFileSync(file, 'abcdefghij');
    const tail = await openTail(file, 4);
    assert.ok(tail !== undefined);
    assert.equal(await collect(tail), 'ghij');
    assert.equal(await openTail(`${file}.missing`, 4), undefined);
  });
});
