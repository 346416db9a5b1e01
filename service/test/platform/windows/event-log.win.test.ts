import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_ID, EVENT_MESSAGE_FILE, EventLog, eventSourceKey, registerEventSource, unregisterEventSource } from '../../../src/platform/windows/event-log.js';
import { openMachineKey, readValues } from '../../../src/platform/windows/win32/registry.js';

const SOURCE = `TandemTest${process.pid}`;

test('the Event Log source is registered under the Application log with a message file, and removed again', () => {
  registerEventSource(SOURCE);
  const key = openMachineKey(eventSourceKey(SOURCE));
  assert.ok(key !== undefined);
  try {
    assert.deepEqual(Object.fromEntries(readValues(key)), { EventMessageFile: EVENT_MESSAGE_FILE, TypesSupported: 7 });
  } finally {
    key.close();
  }
  unregisterEventSource(SOURCE);
  assert.equal(openMachineKey(eventSourceKey(SOURCE)), undefined);
  unregisterEventSource(SOURCE); // idempotent
});

test('entries are reported for start, stop and fatal errors', () => {
  registerEventSource(SOURCE);
  const log = new EventLog(SOURCE);
  try {
    assert.equal(log.write('information', EVENT_ID.started, 'Tandem started (test).'), true);
    assert.equal(log.write('information', EVENT_ID.stopped, 'Tandem stopped (test).'), true);
    assert.equal(log.write('error', EVENT_ID.startFailed, 'Tandem could not start: test.'), true);
  } finally {
    log.close();
    unregisterEventSource(SOURCE);
  }
  assert.equal(log.write('warning', EVENT_ID.warning, 'after close'), false);
});
