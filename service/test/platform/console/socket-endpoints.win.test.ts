/**
 * Console mode on Windows (SECURITY.md F7): its pipes carry the owner-only DACL, a client
 * runs as the same user or is refused before a byte, and the console connector completes a
 * handshake. Wine stores and reports a pipe's DACL exactly but enforces neither DACLs nor
 * FILE_FLAG_FIRST_PIPE_INSTANCE (docs/windows-facts.md, Wine gotcha 6): the refusals of another user and of a
 * second server are in socket-endpoints.real.win.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PRODUCT_VERSION } from '@tandem/shared';
import { connectAdmin } from '../../../src/cli/admin-client.js';
import { TandemService } from '../../../src/core/tandem-service.js';
import { createConnector } from '../../../src/platform/connector.js';
import { createConsolePlatform } from '../../../src/platform/console/console-platform.js';
import { SocketEndpoints } from '../../../src/platform/console/socket-endpoints.js';
import type { SessionSource } from '../../../src/platform/platform.js';
import { ownerOnlyPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { admitSameUser } from '../../../src/platform/windows/pipe-client.js';
import { readPipeDacl } from '../../../src/platform/windows/pipe-inspect.js';
import { closedBy, currentSessionId, currentUserSid, echo, roundTrip, uniquePipeName } from '../windows/pipe-fixtures.js';
import { assertSameDescriptor } from '../windows/sddl-compare.js';
import { TestProcessListener } from '../windows/test-process-listener.js';

/** No user sessions: the service starts no agent, only its admin endpoint. */
const noSessions: SessionSource = {
  ready: async () => true,
  list: async () => [],
  probe: async () => ({ kind: 'gone' }),
  describe: async () => undefined,
  subscribe: () => ({ dispose: () => undefined }),
  isMember: async () => false,
};

/** A console pipe opened as tandemctl and agents open it (identification level, a server of this same user). */
async function connectConsole(address: string): Promise<net.Socket> {
  const opened = await createConnector(address, { platform: 'win32', env: {} }).connect();
  assert.ok(opened instanceof net.Socket);
  return opened;
}

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

test('console mode serves its admin pipe with the owner-only DACL, and the console connector completes a handshake', async () => {
  const platform = createConsolePlatform({ dataDir: tempDir('tandem-console-data-'), runtimeDir: tempDir('tandem-console-run-'), sessions: noSessions });
  const service = new TandemService({ platform, prettyLogs: false });
  await service.start(() => undefined);
  try {
    const address = service.ready?.adminAddress ?? '';
    assert.match(address, /^\\\\\.\\pipe\\tandem-console-[0-9a-f]{12}-admin$/);
    assertSameDescriptor(await readPipeDacl(address), ownerOnlyPipeSddl(currentUserSid()));
    // What tandemctl uses for a console pipe: identification level, a server of this same user.
    const client = await connectAdmin({ address, connector: createConnector(address, { platform: 'win32', env: {} }), client: 'console-test' });
    try {
      assert.equal(client.welcome.role, 'admin');
      assert.equal((await client.call('status', {})).version, PRODUCT_VERSION);
    } finally {
      client.close();
    }
  } finally {
    await service.stop('stop', () => undefined);
  }
});

test("a session's agent pipe carries the same DACL and keeps accepting after its first client", async () => {
  const endpoints = new SocketEndpoints(tempDir('tandem-console-run-'));
  const session = { id: currentSessionId(), user: 'dev', userId: currentUserSid(), logonId: 'l', state: 'active', remote: false, console: true } as const;
  const { listener, address } = endpoints.agent(session);
  await listener.listen(echo);
  try {
    assertSameDescriptor(await readPipeDacl(address), ownerOnlyPipeSddl(currentUserSid()));
    // Each further instance is created through the owner's FILE_CREATE_PIPE_INSTANCE (REAL-WINDOWS-REVIEW #1).
    for (let i = 0; i < 3; i++) {
      const stream = await connectConsole(address);
      assert.equal(await roundTrip(stream, `n${i}`), `n${i}`);
      stream.destroy();
    }
  } finally {
    await listener.close();
  }
});

test('a client running as another user is refused before any byte is read', async () => {
  const reasons: string[] = [];
  let accepted = 0;
  const address = uniquePipeName('console');
  const listener = new TestProcessListener({
    address,
    sddl: ownerOnlyPipeSddl(currentUserSid()),
    peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' },
    // This process stands in for another user: the pipe is someone else's.
    admit: admitSameUser('S-1-5-21-1-2-3-1001'),
    onRejected: (reason) => reasons.push(reason),
  });
  await listener.listen((connection) => {
    accepted++;
    connection.stream.destroy();
  });
  try {
    const stream = await connectConsole(address);
    stream.write('hello?');
    await closedBy(stream);
    assert.equal(accepted, 0);
    assert.deepEqual(reasons.length, 1);
    assert.match(reasons[0] ?? '', /^client pid \d+ runs as S-1-5(-\d+)+, not as S-1-5-21-1-2-3-1001, the user this console service runs as$/);
  } finally {
    await listener.close();
  }
});
