/**
 * Property tests of a real server connection: arbitrary bytes, mutated valid sessions and
 * structurally fuzzed messages, in arbitrary chunks. Whatever comes in, the server answers
 * only with valid frames of valid messages, says at most one fatal error (with a known code)
 * and nothing after it, and closes the connection once the peer has ended its side: never a
 * throw, never a hang. Most cases run over in-memory streams (thousands a second); a share of
 * them over real Unix sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Duplex } from 'node:stream';
import fc from 'fast-check';
import {
  commands,
  encodeFrame,
  ERROR_CODES,
  events,
  FrameDecoder,
  PRODUCT,
  PROTOCOL_VERSION,
  RpcServer,
  ServerMessageSchema,
  SocketConnector,
  type Commands,
  type Events,
  type IncomingConnection,
  type Listener,
} from '../src/index.js';
import { chunk, cuts, mutate, mutation } from './support/byte-mutations.js';
import { fuzzRuns } from './support/fuzz-runs.js';
import { memoryDuplexPair } from './support/memory-duplex.js';
import { assertServes, testHandlers, TestServer } from './support/test-server.js';

const MAX_FRAME = 2048;
const LIMITS = { maxFrameBytes: MAX_FRAME, frameDeadlineMs: 2_000, handshakeDeadlineMs: 2_000 };
/** Far longer than any case takes; reaching it means the server left a connection hanging. */
const HANG_MS = 5_000;

/** Hands the server one end of an in-memory stream pair per connect(). */
class MemoryListener implements Listener {
  readonly address = 'memory';
  #accept: ((connection: IncomingConnection) => void) | undefined;

  async listen(onConnection: (connection: IncomingConnection) => void): Promise<void> {
    this.#accept = onConnection;
  }

  async close(): Promise<void> {
    this.#accept = undefined;
  }

  connect(): Duplex {
    const [client, server] = memoryDuplexPair();
    this.#accept?.({ stream: server, peer: { maxRole: 'admin', sessionId: null, pid: null, endpoint: 'memory', account: null } });
    return client;
  }
}

const commandNames = [...Object.keys(commands), 'no.such', '__proto__', ''];
const helloFrame = (role: string, protocol = PROTOCOL_VERSION) => encodeFrame({ type: 'hello', protocol, role, product: PRODUCT }, MAX_FRAME);
const requestFrame = (id: number, command: string, params: unknown) => encodeFrame({ type: 'request', id, command, params }, MAX_FRAME);

/** A session a real client might send: a hello and some requests, valid or not in their params. */
const validSession = fc
  .tuple(
    fc.constantFrom('admin', 'user'),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...commandNames), fc.oneof(fc.constant({}), fc.jsonValue({ maxDepth: 2 }))), { maxLength: 5 }),
  )
  .map(([role, requests]) => Buffer.concat([helloFrame(role), ...requests.map(([id, command, params]) => requestFrame(id, command, params))]));

/** Messages with every field drawn from values near the valid ones, each in a proper frame. */
const nearValidMessage = fc
  .record({
    type: fc.constantFrom('hello', 'request', 'response', 'event', 'error', 'welcome', 'HELLO', ''),
    protocol: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer(), fc.string({ maxLength: 3 })),
    role: fc.oneof(fc.constantFrom('user', 'admin', 'root'), fc.integer()),
    product: fc.oneof(fc.constant(PRODUCT), fc.string({ maxLength: 80 })),
    id: fc.oneof(fc.nat(), fc.integer({ min: -5, max: -1 }), fc.double(), fc.string({ maxLength: 3 })),
    command: fc.oneof(fc.constantFrom(...commandNames), fc.string({ maxLength: 140 })),
    params: fc.jsonValue({ maxDepth: 2 }),
  })
  .chain((record) => fc.subarray(Object.keys(record)).map((keys) => Object.fromEntries(keys.map((key) => [key, record[key as keyof typeof record]]))))
  .map((message) => encodeFrame(message, 1024 * 1024));
const nearValidSession = fc.array(nearValidMessage, { minLength: 1, maxLength: 4 }).map((frames) => Buffer.concat(frames));

const garbage = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));
const mutatedSession = fc.tuple(validSession, fc.array(mutation(MAX_FRAME), { minLength: 1, maxLength: 3 })).map(([stream, changes]) => changes.reduce<Buffer>((bytes, change) => mutate(bytes, change, MAX_FRAME), stream));

/** Sends `input` in chunks, ends, and checks all the server said until it closed. */
async function probe(stream: Duplex, input: Buffer, cutPoints: readonly number[]): Promise<void> {
  const decoder = new FrameDecoder(1024 * 1024);
  const messages: Array<{ type: string; error?: { code: string } }> = [];
  stream.on('data', (received: Buffer) =>
    decoder.push(received, (payload) => {
      const parsed = ServerMessageSchema.safeParse(JSON.parse(payload.toString('utf8')));
      assert.ok(parsed.success, `the server sent an invalid message: ${payload.toString('utf8')}`);
      messages.push(parsed.data);
    }),
  );
  stream.on('error', () => undefined);
  const closed = new Promise<'closed'>((resolve) => stream.once('close', () => resolve('closed')));
  for (const piece of chunk(input, cutPoints)) stream.write(piece);
  stream.end();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([closed, new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_MS)))]);
  clearTimeout(timer);
  assert.equal(outcome, 'closed', `the server did not close the connection for input ${input.toString('hex')}`);
  assert.equal(decoder.partial, false, 'the server sent a partial frame');
  const fatal = messages.findIndex((message) => message.type === 'error');
  if (fatal !== -1) {
    assert.equal(fatal, messages.length - 1, 'the server said something after its fatal error');
    assert.ok((ERROR_CODES as readonly string[]).includes(messages[fatal]?.error?.code ?? ''));
  }
  const welcome = messages.findIndex((message) => message.type === 'welcome');
  const firstResponse = messages.findIndex((message) => message.type === 'response');
  if (firstResponse !== -1) assert.ok(welcome !== -1 && welcome < firstResponse, 'a response before the welcome');
}

const input = fc.oneof(garbage, mutatedSession, nearValidSession, validSession);

describe('RpcServer connection properties', () => {
  const listener = new MemoryListener();
  const server = new RpcServer<Commands, Events>({ commands, events, handlers: testHandlers(), product: PRODUCT, limits: LIMITS });
  let sockets: TestServer;

  before(async () => {
    await server.attach(listener);
    sockets = await TestServer.start({ limits: LIMITS });
  });
  after(async () => {
    await server.close();
    await sockets.dispose();
  });

  it(`over in-memory streams: valid frames, one fatal error at most, always closed (${fuzzRuns(20_000)} cases)`, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(input, cuts, (bytes, cutPoints) => probe(listener.connect(), bytes, cutPoints)),
      { numRuns: fuzzRuns(20_000) },
    );
    assert.equal(server.connections.size, 0);
  });

  it(`over real Unix sockets, then still serving (${fuzzRuns(3_000)} cases)`, { timeout: 300_000 }, async () => {
    const connector = new SocketConnector(sockets.adminAddress);
    await fc.assert(
      fc.asyncProperty(input, cuts, async (bytes, cutPoints) => probe(await connector.connect(), bytes, cutPoints)),
      { numRuns: fuzzRuns(3_000) },
    );
    await assertServes(sockets);
  });
});
