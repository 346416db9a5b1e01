import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commands, events, PRODUCT, PROTOCOL_VERSION, RpcClient, SocketConnector } from '../src/index.js';
import { ScriptedServer, welcoming, WELCOME, type Script } from './support/scripted-server.js';
import { actionStarted } from './support/test-server.js';

const OK = actionStarted('ok');

/** Runs `body` against a scripted server and disposes of it. */
async function withServer(script: Script, body: (server: ScriptedServer) => Promise<void>): Promise<void> {
  const server = await ScriptedServer.start(script);
  try {
    await body(server);
  } finally {
    await server.dispose();
  }
}

const answer: Script = welcoming((message, peer) => peer.send({ type: 'response', id: message.id, ok: true, result: OK }));

describe('RpcClient handshake', () => {
  it('rejects with E_UNAVAILABLE when nothing listens', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-client-'));
    const address = path.join(dir, 'none.sock');
    await assert.rejects(
      RpcClient.connect({ connector: new SocketConnector(address), commands, events, role: 'user', client: 't', product: PRODUCT }),
      { code: 'E_UNAVAILABLE', message: `the Tandem service is not running (nothing listens on ${address})` },
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects with E_TIMEOUT when no welcome comes', async () => {
    await withServer(
      () => undefined,
      async (server) => {
        await assert.rejects(server.connect({ requestTimeoutMs: 100 }), { code: 'E_TIMEOUT', message: `no welcome from ${server.address} within 100 ms` });
      },
    );
  });

  it('rejects a server of another protocol version with E_UNSUPPORTED_VERSION', async () => {
    await withServer(
      (_message, peer) => peer.send({ ...WELCOME, protocol: PROTOCOL_VERSION + 1 }),
      async (server) => {
        await assert.rejects(server.connect(), { code: 'E_UNSUPPORTED_VERSION', message: `server speaks protocol ${PROTOCOL_VERSION + 1}; this client speaks ${PROTOCOL_VERSION}` });
      },
    );
  });

  it('rejects with the error the server sends instead of a welcome', async () => {
    await withServer(
      (_message, peer) => {
        peer.send({ type: 'error', error: { code: 'E_FORBIDDEN', message: 'not for you' } });
        peer.socket.end();
      },
      async (server) => {
        await assert.rejects(server.connect(), { code: 'E_FORBIDDEN', message: 'not for you' });
      },
    );
  });

  it('sends a hello with its protocol, role, product and name', async () => {
    const hellos: unknown[] = [];
    await withServer(
      (message, peer) => {
        hellos.push(message);
        peer.send(WELCOME);
      },
      async (server) => {
        const client = await server.connect({ role: 'admin', client: 'tandemctl/0.1.0' });
        assert.deepEqual(hellos, [{ type: 'hello', protocol: PROTOCOL_VERSION, role: 'admin', product: PRODUCT, client: 'tandemctl/0.1.0' }]);
        assert.deepEqual(client.welcome, WELCOME);
        client.close();
      },
    );
  });
});

describe('RpcClient calls', () => {
  it('sends a typed request and resolves with the validated result', async () => {
    const requests: unknown[] = [];
    await withServer(
      welcoming((message, peer) => {
        requests.push(message);
        peer.send({ type: 'response', id: message.id, ok: true, result: { ...actionStarted('done'), extra: 'dropped' } });
      }),
      async (server) => {
        const client = await server.connect();
        assert.deepEqual(await client.call('agent.action', { id: 'x' }), actionStarted('done'));
        assert.deepEqual(requests, [{ type: 'request', id: 1, command: 'agent.action', params: { id: 'x' } }]);
        client.close();
      },
    );
  });

  it('rejects with E_TIMEOUT when no answer comes, and keeps working', async () => {
    await withServer(
      welcoming((message, peer) => {
        if ((message.params as { id: string }).id !== 'ignored') answer(message, peer);
      }),
      async (server) => {
        const client = await server.connect();
        await assert.rejects(client.call('agent.action', { id: 'ignored' }, { timeoutMs: 50 }), { code: 'E_TIMEOUT', message: 'agent.action got no answer within 50 ms' });
        assert.deepEqual(await client.call('agent.action', { id: 'fine' }), OK);
        client.close();
      },
    );
  });

  it('times out a short call while a longer one is still pending', { timeout: 5_000 }, async () => {
    let answerLong: () => void = () => undefined;
    await withServer(
      welcoming((message, peer) => {
        if ((message.params as { id: string }).id === 'long') answerLong = () => answer(message, peer);
      }),
      async (server) => {
        const client = await server.connect();
        const long = client.call('agent.action', { id: 'long' }, { timeoutMs: 60_000 });
        await assert.rejects(client.call('agent.action', { id: 'short' }, { timeoutMs: 50 }), { code: 'E_TIMEOUT' });
        answerLong();
        assert.deepEqual(await long, OK);
        client.close();
      },
    );
  });

  it('ignores an answer to a request it does not know', async () => {
    await withServer(
      welcoming((message, peer) => {
        peer.send({ type: 'response', id: 999, ok: true, result: 'stray' });
        answer(message, peer);
      }),
      async (server) => {
        const client = await server.connect();
        assert.deepEqual(await client.call('agent.action', { id: 'x' }), OK);
        client.close();
      },
    );
  });

  it('rejects a result that does not match the command table with E_BAD_MESSAGE', async () => {
    await withServer(
      welcoming((message, peer) => peer.send({ type: 'response', id: message.id, ok: true, result: { ...OK, runId: 5 } })),
      async (server) => {
        const client = await server.connect();
        await assert.rejects(client.call('agent.action', { id: 'x' }), { code: 'E_BAD_MESSAGE', message: /^invalid result for agent\.action: runId: / });
        client.close();
      },
    );
  });

  it("passes the server's error code and message through", async () => {
    await withServer(
      welcoming((message, peer) => peer.send({ type: 'response', id: message.id, ok: false, error: { code: 'E_NOT_FOUND', message: 'no action x' } })),
      async (server) => {
        const client = await server.connect();
        await assert.rejects(client.call('agent.action', { id: 'x' }), { code: 'E_NOT_FOUND', message: 'no action x' });
        client.close();
      },
    );
  });

  it('refuses params with no JSON form or too large for a frame, without sending them', async () => {
    const received: unknown[] = [];
    await withServer(
      welcoming((message) => void received.push(message)),
      async (server) => {
        const client = await server.connect({ limits: { maxFrameBytes: 512 } });
        await assert.rejects(client.call('agent.action', { id: 10n as unknown as string }), { code: 'E_BAD_MESSAGE' });
        await assert.rejects(client.call('agent.action', { id: 'x'.repeat(600) }), { code: 'E_TOO_LARGE' });
        assert.deepEqual(received, []);
        client.close();
      },
    );
  });
});

describe('RpcClient connection loss', () => {
  it('rejects pending calls with E_CLOSED when the server goes away, and later calls too', async () => {
    await withServer(
      welcoming((_message, peer) => peer.socket.end()),
      async (server) => {
        const client = await server.connect();
        const closed = new Promise((resolve) => client.onClose(resolve));
        await assert.rejects(client.call('agent.action', { id: 'x' }), { code: 'E_CLOSED', message: 'connection to the service is closed' });
        assert.equal(await closed, undefined);
        assert.equal(client.closed, true);
        await assert.rejects(client.call('agent.action', { id: 'y' }), { code: 'E_CLOSED' });
      },
    );
  });

  it("rejects pending calls with the server's fatal error", async () => {
    await withServer(
      welcoming((_message, peer) => {
        peer.send({ type: 'error', error: { code: 'E_UNAVAILABLE', message: 'service is stopping' } });
        peer.socket.end();
      }),
      async (server) => {
        const client = await server.connect();
        const closed = new Promise((resolve) => client.onClose(resolve));
        await assert.rejects(client.call('agent.action', { id: 'x' }), { code: 'E_UNAVAILABLE', message: 'service is stopping' });
        assert.equal(((await closed) as { code?: string } | undefined)?.code, 'E_UNAVAILABLE');
      },
    );
  });

  it('fails the connection with E_BAD_MESSAGE when the server sends a malformed message', async () => {
    await withServer(
      welcoming((_message, peer) => peer.send({ type: 'response', id: 'one', ok: true })),
      async (server) => {
        const client = await server.connect();
        await assert.rejects(client.call('agent.action', { id: 'x' }), { code: 'E_BAD_MESSAGE', message: /^malformed message: / });
        assert.equal(client.closed, true);
      },
    );
  });

  it('tells an onClose listener added after the close, too', async () => {
    await withServer(
      welcoming((_message, peer) => peer.socket.end()),
      async (server) => {
        const client = await server.connect();
        await assert.rejects(client.call('agent.action', { id: 'x' }));
        assert.equal(await new Promise((resolve) => client.onClose(resolve)), undefined);
      },
    );
  });
});

describe('RpcClient events', () => {
  it('delivers valid events, reports invalid and unknown ones, and unsubscribes', async () => {
    let push: (value: unknown) => void = () => undefined;
    await withServer(
      welcoming((message, peer) => {
        push = peer.send;
        answer(message, peer);
      }),
      async (server) => {
        const invalid: Array<[string, string]> = [];
        const client = await server.connect({ onInvalidEvent: (event, problem) => void invalid.push([event, problem]) });
        await client.call('agent.action', { id: 'x' }); // lets the script capture the peer
        const seen: unknown[] = [];
        const unsubscribe = client.on('service.stopping', (data) => void seen.push(data));
        push({ type: 'event', event: 'service.stopping', data: { restarting: true } });
        push({ type: 'event', event: 'service.stopping', data: { restarting: 'soon' } });
        push({ type: 'event', event: 'launch.missiles', data: {} });
        push({ type: 'event', event: 'hasOwnProperty', data: {} });
        await client.call('agent.action', { id: 'y' }); // events before it have been handled
        unsubscribe();
        push({ type: 'event', event: 'service.stopping', data: { restarting: false } });
        await client.call('agent.action', { id: 'z' });
        assert.deepEqual(seen, [{ restarting: true }]);
        assert.deepEqual(invalid.map(([event, problem]) => [event, problem.split(':')[0]]), [
          ['service.stopping', 'restarting'],
          ['launch.missiles', 'unknown event'],
          ['hasOwnProperty', 'unknown event'],
        ]);
        client.close();
      },
    );
  });
});
