import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { commands, events, PRODUCT, RpcClient, SocketConnector, TandemError, type Commands, type Events } from '@tandem/shared';
import { EarlyHelloConnector, greetEarly } from '../../src/headless/early-hello.js';
import { StubService } from '../support/stub-service.js';

const connect = (connector: EarlyHelloConnector, client = 'tandem-agent/test') =>
  RpcClient.connect<Commands, Events>({ connector, commands, events, role: 'user', client, product: PRODUCT });

describe('early hello', () => {
  const service = new StubService();
  after(() => service.dispose());

  it('greets before the client exists, and the client completes that handshake without a second hello', async () => {
    await service.start();
    const early = greetEarly(service.address, 'tandem-agent/test');
    assert.ok(early);
    await early;
    const client = await connect(new EarlyHelloConnector(new SocketConnector(service.address), early));
    assert.equal(client.welcome.sessionId, 1);
    // A second hello would have closed the connection with E_HANDSHAKE; a call proves it is open.
    assert.ok((await client.call('agent.settings', {})).tray);
    assert.equal(service.connections.length, 1);
    client.close();
  });

  it('falls back to a normal connection when the early one failed, and uses the early one only once', async () => {
    await service.stop();
    const early = greetEarly(service.address, 'tandem-agent/test');
    await assert.rejects(early ?? Promise.resolve(), (error: unknown) => error instanceof TandemError && error.code === 'E_UNAVAILABLE');
    await service.start();
    const connector = new EarlyHelloConnector(new SocketConnector(service.address), early);
    const first = await connect(connector);
    const second = await connect(connector);
    assert.equal(service.connections.length, 2);
    first.close();
    second.close();
  });

  it('refuses a stream greeted for another client', async () => {
    const early = greetEarly(service.address, 'someone-else/1');
    await assert.rejects(connect(new EarlyHelloConnector(new SocketConnector(service.address), early)), { code: 'E_HANDSHAKE' });
  });

  it('does not greet Windows pipes early: they must be verified first', () => {
    assert.equal(greetEarly('\\\\.\\pipe\\Tandem\\agent-1-abc', 'tandem-agent/test', 'win32'), undefined);
  });
});
