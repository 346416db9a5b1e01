import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitForTermSrvReady } from '../../../src/platform/windows/termsrv-ready.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';

/** A named manual-reset event standing in for Global\\TermSrvReadyEvent (a test may not create the real one). */
function namedEvent(name: string): { set: () => void; close: () => void } {
  const handle = kernel32().CreateEventW(null, 1, 0, name);
  assert.ok(handle !== null, `CreateEventW ${name}`);
  return {
    set: () => assert.notEqual(kernel32().SetEvent(handle), 0),
    close: () => void kernel32().CloseHandle(handle),
  };
}

test('waits for the event to be set, without blocking the event loop', async () => {
  const name = `Local\\TandemTermSrvReady-${process.pid}`;
  const event = namedEvent(name);
  try {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    setTimeout(() => event.set(), 300);
    const started = Date.now();
    assert.equal(await waitForTermSrvReady(10_000, name), 'ready');
    clearInterval(ticker);
    assert.ok(Date.now() - started >= 250, 'not before it was set');
    assert.ok(ticks >= 5, `the event loop ran meanwhile (${ticks} ticks)`);
    assert.equal(await waitForTermSrvReady(10_000, name), 'ready', 'a set event answers at once');
  } finally {
    event.close();
  }
});

test('an event that is never set times out at the bound', async () => {
  const name = `Local\\TandemTermSrvNever-${process.pid}`;
  const event = namedEvent(name);
  try {
    const started = Date.now();
    assert.equal(await waitForTermSrvReady(400, name), 'timeout');
    assert.ok(Date.now() - started >= 350);
  } finally {
    event.close();
  }
});

test("an event that does not exist: under Wine, which never creates TermSrvReadyEvent, ready; on Windows it is looked for until the bound", async () => {
  const outcome = await waitForTermSrvReady(400, `Local\\TandemNoSuchEvent-${process.pid}`);
  assert.ok(outcome === 'absent-under-wine' || outcome === 'timeout', outcome);
});
