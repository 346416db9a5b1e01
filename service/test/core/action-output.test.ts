import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActionRunRecord } from '@tandem/shared';
import { ActionHistory } from '../../src/core/action-history.js';
import { outputTail } from '../../src/core/action-output.js';

describe('outputTail', () => {
  it('keeps the end, marks the cut, trims, and makes CRLF plain newlines', () => {
    assert.equal(outputTail('  one\r\ntwo\r\n', 100), 'one\ntwo');
    assert.equal(outputTail(`${'x'.repeat(50)}END`, 10), '…xxxxxxEND');
    assert.equal(outputTail('', 10), '');
  });

  it('drops controls and bidirectional overrides that could disguise the text, keeps tabs and newlines', () => {
    assert.equal(outputTail('ok\u001b[31m red\u0007\tdone\u202e\u2066evil\nnext\u0000', 100), 'ok[31m red\tdoneevil\nnext');
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    const tail = outputTail(`a${'😀'.repeat(5)}`, 4);
    assert.equal(tail, '…😀');
  });
});

describe('ActionHistory', () => {
  const record = (runId: string, outcome: ActionRunRecord['outcome']): ActionRunRecord => ({
    runId,
    actionId: 'sync',
    label: 'Sync',
    sessionId: 1,
    runAs: 'user',
    requester: { account: null, endpoint: 'agent:1', role: 'user', pid: null, client: 'x' },
    startedAt: '2025-01-01T00:00:00.000Z',
    outcome,
    exitCode: null,
    reason: null,
    output: '',
    outputBytes: 0,
    durationMs: null,
    finishedAt: null,
  });

  it('keeps the latest runs newest first, forgetting finished ones before any in progress', () => {
    const history = new ActionHistory(3);
    history.add(record('running', null));
    for (const id of ['a', 'b', 'c', 'd']) history.add(record(id, 'succeeded'));
    assert.deepEqual(history.latest(10).map((r) => r.runId), ['d', 'c', 'running']);
    assert.deepEqual(history.running().map((r) => r.runId), ['running']);
    history.update({ ...record('running', 'failed'), exitCode: 2 });
    assert.deepEqual(history.latest(10).map((r) => [r.runId, r.outcome]), [['d', 'succeeded'], ['c', 'succeeded'], ['running', 'failed']]);
    assert.deepEqual(history.running(), []);
  });
});
