import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { after, describe, it } from 'node:test';
import { defaultRuntimeDir, ensurePrivateDir, SocketConnector, SocketListener, socketAddress, type IncomingConnection } from '../src/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tandem-transport-'));
after(() => rmSync(root, { recursive: true, force: true }));
const unix = process.platform !== 'win32';
const peer = { maxRole: 'user' as const, sessionId: 1, endpoint: 'agent:1' };

describe('defaultRuntimeDir', () => {
  it('prefers TANDEM_RUNTIME_DIR, then XDG_RUNTIME_DIR, then a per-user folder in the temp dir', () => {
    assert.equal(defaultRuntimeDir({ TANDEM_RUNTIME_DIR: 'rel/dir', XDG_RUNTIME_DIR: '/run/user/1' }), path.resolve('rel/dir'));
    assert.equal(defaultRuntimeDir({ XDG_RUNTIME_DIR: '/run/user/1' }), path.join('/run/user/1', 'tandem'));
    assert.match(defaultRuntimeDir({}), /tandem-/);
  });
});

// File modes and owners are Unix matters; on Windows the console transport uses named pipes.
if (unix) describe('ensurePrivateDir', () => {
  it('creates the directory with mode 0700', async () => {
    const dir = path.join(root, 'fresh', 'nested');
    await ensurePrivateDir(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('takes group and other access away from an existing directory of ours', async () => {
    const dir = path.join(root, 'loose');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    await ensurePrivateDir(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('refuses a link where the directory should be', async () => {
    const target = path.join(root, 'target');
    mkdirSync(target);
    const link = path.join(root, 'link');
    symlinkSync(target, link);
    await assert.rejects(ensurePrivateDir(link), { code: 'E_FORBIDDEN', message: `${link} is not a directory` });
  });

  it("refuses another user's directory instead of repairing it", async () => {
    // As root, a directory given away to another uid; otherwise `/`, which root owns.
    const asRoot = process.getuid?.() === 0;
    const dir = asRoot ? path.join(root, 'theirs') : '/';
    if (asRoot) {
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, 4242, 4242);
    }
    const owner = asRoot ? 4242 : 0;
    await assert.rejects(ensurePrivateDir(dir), { code: 'E_FORBIDDEN', message: `${dir} belongs to uid ${owner}, not to this user; refusing to use it` });
  });
});

describe('SocketListener and SocketConnector', () => {
  it('listens on a socket only its owner may use, and hands over streams with the peer identity', async () => {
    const address = socketAddress(path.join(root, 'run'), 'agent-1');
    const listener = new SocketListener({ address, peer });
    const accepted: IncomingConnection[] = [];
    await listener.listen((connection) => void accepted.push(connection));
    if (unix) {
      assert.equal(statSync(address).mode & 0o777, 0o600);
      assert.equal(statSync(path.dirname(address)).mode & 0o777, 0o700);
    }
    const stream = await new SocketConnector(address).connect();
    while (accepted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // Only this user can open the socket, so the platform vouches for this user (F9).
    const me = os.userInfo();
    assert.deepEqual(accepted[0]?.peer, { ...peer, pid: null, account: process.platform === 'win32' ? null : { id: String(me.uid), name: me.username } });
    stream.destroy();
    accepted[0]?.stream.destroy();
    await listener.close();
  });

  it('asks admit about each connection before building a stream: refused ones are closed and never handed over', async () => {
    const address = socketAddress(path.join(root, 'gate'), 'agent-1');
    const listener = new SocketListener({ address, peer });
    const accepted: IncomingConnection[] = [];
    const asked: unknown[] = [];
    let open = false;
    await listener.listen(
      (connection) => void accepted.push(connection),
      (endpoint) => {
        asked.push(endpoint);
        return open;
      },
    );
    const refused = await new SocketConnector(address).connect();
    // The server closes a refused connection: the client reads its end.
    await new Promise((resolve) => refused.once('close', resolve).resume());
    assert.equal(accepted.length, 0);
    assert.equal(asked.length, 1);
    assert.deepEqual([(asked[0] as typeof peer).maxRole, (asked[0] as typeof peer).endpoint], ['user', 'agent:1']);
    open = true;
    // A Unix socket stops listening for a moment after a refusal (clients meanwhile fail to
    // connect, unseen by the listener), then listens again; a Windows pipe never stops.
    let admitted: Duplex | undefined;
    while (admitted === undefined) {
      admitted = await new SocketConnector(address).connect().catch(() => undefined);
      if (admitted === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    while (accepted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked.length, 2);
    if (unix) assert.equal(statSync(address).mode & 0o777, 0o600, 'listening again, the socket is still its owner\'s alone');
    admitted.destroy();
    accepted[0]?.stream.destroy();
    await listener.close();
  });

  it('replaces a socket file left by a crash, and refuses to start beside a live listener', async () => {
    const dir = path.join(root, 'stale');
    mkdirSync(dir, { mode: 0o700 });
    const address = socketAddress(dir, 'admin');
    writeFileSync(address, '');
    const first = new SocketListener({ address, peer });
    await first.listen(() => undefined);
    const second = new SocketListener({ address, peer });
    await assert.rejects(second.listen(() => undefined), { code: 'E_CONFLICT', message: `another Tandem service is already listening on ${address}` });
    await first.close();
    // Closing released the address at once: a restarted service can listen again.
    const third = new SocketListener({ address, peer });
    await third.listen(() => undefined);
    await third.close();
  });

  it('tells a client E_UNAVAILABLE when nothing listens', async () => {
    const address = socketAddress(root, 'nobody');
    await assert.rejects(new SocketConnector(address).connect(), { code: 'E_UNAVAILABLE', message: `the Tandem service is not running (nothing listens on ${address})` });
  });
});
