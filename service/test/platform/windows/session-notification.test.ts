import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SESSION_EVENT_KINDS } from '../../../src/platform/platform.js';
import { decodeSessionChange, SessionSizeNotice, WTS_REASONS } from '../../../src/platform/windows/session-notification.js';
import { koffi, win32Types } from '../../../src/platform/windows/win32/koffi.js';

/**
 * A WTSSESSION_NOTIFICATION in native memory, written field by field as Windows lays it out; a
 * larger `cbSize` gets as many bytes, as a longer structure would.
 */
function notification(cbSize: number, sessionId: number): { pointer: bigint; free: () => void } {
  const pointer = koffi().alloc('uint8_t', Math.max(8, cbSize)) as bigint;
  koffi().encode(pointer, 0, 'uint32_t', cbSize);
  koffi().encode(pointer, 4, 'uint32_t', sessionId);
  return { pointer, free: () => koffi().free(pointer) };
}

test('WTSSESSION_NOTIFICATION has the Windows layout: two DWORDs, 8 bytes', () => {
  const type = win32Types().WTSSESSION_NOTIFICATION;
  assert.equal(koffi().sizeof(type), 8);
  assert.equal(koffi().offsetof(type, 'cbSize'), 0);
  assert.equal(koffi().offsetof(type, 'dwSessionId'), 4);
});

test('every WTS reason decodes to its name and session; eight of them to session events', () => {
  const expected: Array<[number, string, string | null]> = [
    [1, 'WTS_CONSOLE_CONNECT', 'console-connect'],
    [2, 'WTS_CONSOLE_DISCONNECT', 'console-disconnect'],
    [3, 'WTS_REMOTE_CONNECT', 'remote-connect'],
    [4, 'WTS_REMOTE_DISCONNECT', 'remote-disconnect'],
    [5, 'WTS_SESSION_LOGON', 'logon'],
    [6, 'WTS_SESSION_LOGOFF', 'logoff'],
    [7, 'WTS_SESSION_LOCK', 'lock'],
    [8, 'WTS_SESSION_UNLOCK', 'unlock'],
    [9, 'WTS_SESSION_REMOTE_CONTROL', null],
    [10, 'WTS_SESSION_CREATE', null],
    [11, 'WTS_SESSION_TERMINATE', null],
  ];
  assert.equal(Object.keys(WTS_REASONS).length, expected.length);
  for (const [reason, name, kind] of expected) {
    const data = notification(8, 40 + reason);
    try {
      assert.deepEqual(decodeSessionChange(reason, data.pointer), { reason, reasonName: name, sessionId: 40 + reason, kind, cbSize: 8 });
    } finally {
      data.free();
    }
  }
  const kinds = expected.map(([, , kind]) => kind).filter((kind) => kind !== null);
  assert.deepEqual([...kinds].sort(), [...SESSION_EVENT_KINDS].sort());
});

test('a reason Windows adds later is named by its number and changes nothing', () => {
  const data = notification(8, 3);
  try {
    assert.deepEqual(decodeSessionChange(0x20, data.pointer), { reason: 0x20, reasonName: 'WTS reason 32', sessionId: 3, kind: null, cbSize: 8 });
  } finally {
    data.free();
  }
});

test('a session id above 2^31 survives decoding as an unsigned DWORD', () => {
  const data = notification(8, 0xfffffffe);
  try {
    assert.equal(decodeSessionChange(5, data.pointer).sessionId, 0xfffffffe);
  } finally {
    data.free();
  }
});

test('a larger size field, or 0, is read all the same (as .NET and Go read it)', () => {
  for (const cbSize of [12, 16, 0]) {
    const data = notification(cbSize, 7);
    try {
      assert.deepEqual(decodeSessionChange(5, data.pointer), { reason: 5, reasonName: 'WTS_SESSION_LOGON', sessionId: 7, kind: 'logon', cbSize });
    } finally {
      data.free();
    }
  }
});

test('a size too small to hold the session id, or no data, is refused', () => {
  for (const cbSize of [4, 7]) {
    const data = notification(cbSize, 1);
    try {
      assert.throws(() => decodeSessionChange(5, data.pointer), new RegExp(`Expected WTSSESSION_NOTIFICATION.cbSize of at least 8 \\(or 0\\), got ${cbSize}$`));
    } finally {
      data.free();
    }
  }
  assert.throws(() => decodeSessionChange(5, null), /without WTSSESSION_NOTIFICATION data/);
});

test('an unusual size is said once per run; the usual 8 never', () => {
  const notice = new SessionSizeNotice();
  assert.equal(notice.note(8), null);
  assert.equal(notice.note(16), 'SESSIONCHANGE came with WTSSESSION_NOTIFICATION.cbSize 16, not 8; its session id is read all the same (said once per run)');
  assert.equal(notice.note(16), null);
  assert.equal(notice.note(0), null);
  assert.match(new SessionSizeNotice().note(0) ?? '', /cbSize 0, not 8/);
});
