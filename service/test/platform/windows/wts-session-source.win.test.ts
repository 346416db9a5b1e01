import assert from 'node:assert/strict';
import { test } from 'node:test';
import { koffi } from '../../../src/platform/windows/win32/koffi.js';
import { WtsSessionSource } from '../../../src/platform/windows/wts-session-source.js';
import type { Session, SessionEvent } from '../../../src/platform/platform.js';
import { runAsLocalSystem } from './as-local-system.js';
import { decodeSessionChange } from '../../../src/platform/windows/session-notification.js';
import { currentSessionId, currentUserSid } from './pipe-fixtures.js';

interface Listed {
  readonly sessions: Session[];
  readonly sessionZero: Session | null;
  readonly inEveryone: boolean | null;
  readonly inGuests: boolean | null;
}

test("as LocalSystem: the list holds this user's interactive session with SID, name and logon, never session 0; membership from the user's token", async () => {
  const { sessions, sessionZero, inEveryone, inGuests } = (await runAsLocalSystem('session-body.js')) as Listed;
  assert.ok(sessions.every((s) => s.id !== 0));
  assert.equal(sessionZero, null);
  const mine = sessions.find((s) => s.id === currentSessionId());
  assert.ok(mine !== undefined, `session ${currentSessionId()} is listed`);
  assert.equal(mine.userId, currentUserSid());
  assert.match(mine.user, /^.+\\.+$/);
  assert.match(mine.logonId, /^[0-9a-f]+-[0-9a-f]{8}$/);
  assert.equal(mine.state, 'active');
  assert.equal(inEveryone, true, 'everyone is in Everyone');
  assert.equal(inGuests, false, 'not a guest');
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

// An unknown session id answering `gone` needs real Windows: Wine's WTSQueryUserToken returns the
// caller's token for any id (docs/windows-facts.md, Wine gotcha 7), and elsewhere only LocalSystem may call it.
test('probe: session 0, where services live, is never a user session', async () => {
  assert.deepEqual(await new WtsSessionSource().probe(0), { kind: 'gone' });
});
