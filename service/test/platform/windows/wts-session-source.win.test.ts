import assert from 'node:assert/strict';
import { test } from 'node:test';
import { koffi } from '../../../src/platform/windows/win32/koffi.js';
import { WtsSessionSource } from '../../../src/platform/windows/wts-session-source.js';
import type { SessionEvent } from '../../../src/platform/platform.js';
import { decodeSessionChange } from '../../../src/platform/windows/session-notification.js';
import { currentSessionId, currentUserSid } from './pipe-fixtures.js';

test("the session list holds this user's interactive session with its SID, name and logon, never session 0", async () => {
  const sessions = await new WtsSessionSource().list();
  assert.ok(sessions.every((s) => s.id !== 0));
  const mine = sessions.find((s) => s.id === currentSessionId());
  assert.ok(mine !== undefined, `session ${currentSessionId()} is listed`);
  assert.equal(mine.userId, currentUserSid());
  assert.match(mine.user, /^.+\\.+$/);
  assert.match(mine.logonId, /^[0-9a-f]+-[0-9a-f]{8}$/);
  assert.equal(mine.state, 'active');
  assert.equal(await new WtsSessionSource().describe(0), undefined);
});

test('group membership is checked against the session user’s token', async () => {
  const source = new WtsSessionSource();
  const [session] = await source.list();
  assert.ok(session !== undefined);
  assert.equal(await source.isMember(session, 'S-1-1-0'), true, 'everyone is in Everyone');
  assert.equal(await source.isMember(session, 'S-1-5-32-546'), false, 'not a guest');
});

test('SESSIONCHANGE notifications reach subscribers; lock state follows them', async () => {
  const source = new WtsSessionSource();
  const events: SessionEvent[] = [];
  const subscription = source.subscribe((event) => events.push(event));
  const data = koffi().alloc('uint8_t', 8) as bigint;
  const notify = (reason: number): void => {
    koffi().encode(data, 0, 'uint32_t', 8);
    koffi().encode(data, 4, 'uint32_t', currentSessionId());
    source.notify(decodeSessionChange(reason, data));
  };
  notify(7);
  assert.equal((await source.describe(currentSessionId()))?.state, 'locked');
  notify(8);
  notify(10); // WTS_SESSION_CREATE changes nothing
  subscription.dispose();
  notify(6);
  koffi().free(data);
  assert.deepEqual(events, [
    { kind: 'lock', sessionId: currentSessionId() },
    { kind: 'unlock', sessionId: currentSessionId() },
  ]);
});
