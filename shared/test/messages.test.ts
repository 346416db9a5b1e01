import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeClientMessage,
  decodeHello,
  decodeMessage,
  decodeServerMessage,
  isRequestEnvelope,
  isSuccessEnvelope,
  PROTOCOL_VERSION,
  RequestSchema,
  ResponseSchema,
  roleAllows,
  WelcomeSchema,
} from '../src/index.js';
import { fuzzRuns } from './support/fuzz-runs.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('roleAllows', () => {
  it('lets admin run everything and user only user commands', () => {
    assert.deepEqual(
      [roleAllows('admin', 'admin'), roleAllows('admin', 'user'), roleAllows('user', 'user'), roleAllows('user', 'admin')],
      [true, true, true, false],
    );
  });
});

describe('decodeMessage', () => {
  it('names invalid JSON', () => {
    assert.throws(() => decodeMessage(Buffer.from('{"type":'), WelcomeSchema), { code: 'E_BAD_MESSAGE', message: 'frame payload is not valid JSON' });
  });

  it('names the field that is wrong', () => {
    assert.throws(() => decodeMessage(json({ type: 'welcome', protocol: 1, product: 'x', role: 'root', sessionId: null }), WelcomeSchema), {
      code: 'E_BAD_MESSAGE',
      message: /^malformed message: role: /,
    });
  });
});

describe('decodeHello', () => {
  const hello = { type: 'hello', protocol: PROTOCOL_VERSION, role: 'user', product: 'tandem/0.1.0' };

  it('accepts a hello', () => {
    assert.deepEqual(decodeHello(json(hello)), hello);
  });

  it('checks the version before the shape, so a future hello learns the mismatch', () => {
    assert.throws(() => decodeHello(json({ type: 'hello', protocol: PROTOCOL_VERSION + 1, role: 'superuser', features: ['x'] })), {
      code: 'E_UNSUPPORTED_VERSION',
      message: `protocol ${PROTOCOL_VERSION + 1} is not supported; this service speaks ${PROTOCOL_VERSION}`,
    });
  });

  it('refuses a request before the hello', () => {
    assert.throws(() => decodeHello(json({ type: 'request', id: 1, command: 'status', params: {} })), {
      code: 'E_HANDSHAKE',
      message: 'the first message must be a hello',
    });
  });

  it('refuses a hello with a malformed field', () => {
    assert.throws(() => decodeHello(json({ ...hello, role: 'root' })), { code: 'E_BAD_MESSAGE' });
    assert.throws(() => decodeHello(json({ ...hello, protocol: '1' })), { code: 'E_BAD_MESSAGE' });
  });
});

describe('envelope fast paths', () => {
  it('decode requests and successful responses like their schemas', () => {
    const request = { type: 'request', id: 3, command: 'status', params: { a: 1 } };
    assert.deepEqual(decodeClientMessage(json(request)), request);
    const response = { type: 'response', id: 3, ok: true, result: [1] };
    assert.deepEqual(decodeServerMessage(json(response)), response);
  });

  it('leave everything else to the schemas, which name the problem', () => {
    assert.throws(() => decodeClientMessage(json({ type: 'request', id: -1, command: 'status' })), { code: 'E_BAD_MESSAGE', message: /^malformed message: id: / });
    assert.throws(() => decodeServerMessage(json({ type: 'response', id: 1, ok: false, error: { code: 'E_NOPE', message: 'x' } })), {
      code: 'E_BAD_MESSAGE',
      message: /unknown error code/,
    });
  });

  // The hand-written checks must accept exactly what the schemas accept, or a malformed
  // envelope could slip past validation (or a valid one take the slow path for nothing).
  const id = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
    fc.nat(),
    fc.double(),
    fc.string({ maxLength: 3 }),
    fc.constant(null),
  );
  const command = fc.oneof(fc.string({ maxLength: 4 }), fc.string({ minLength: 126, maxLength: 130 }), fc.integer(), fc.constant(undefined));
  const maybe = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(value, { nil: undefined });
  const envelope = fc.oneof(
    fc
      .record({
        type: maybe(fc.constantFrom('request', 'response', 'hello', 'Request', 'event')),
        id: maybe(id),
        command: command,
        ok: maybe(fc.oneof(fc.boolean(), fc.constantFrom(1, 'true', null))),
        params: maybe(fc.jsonValue({ maxDepth: 1 })),
        result: maybe(fc.jsonValue({ maxDepth: 1 })),
        extra: maybe(fc.jsonValue({ maxDepth: 1 })),
      })
      .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))),
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 2 }),
  );

  it(`isRequestEnvelope agrees with RequestSchema (${fuzzRuns(10_000)} cases)`, () => {
    fc.assert(
      fc.property(envelope, (value) => {
        assert.equal(isRequestEnvelope(value), RequestSchema.safeParse(value).success, JSON.stringify(value));
      }),
      { numRuns: fuzzRuns(10_000) },
    );
  });

  it(`isSuccessEnvelope agrees with the successful branch of ResponseSchema (${fuzzRuns(10_000)} cases)`, () => {
    fc.assert(
      fc.property(envelope, (value) => {
        const parsed = ResponseSchema.safeParse(value);
        assert.equal(isSuccessEnvelope(value), parsed.success && parsed.data.ok, JSON.stringify(value));
      }),
      { numRuns: fuzzRuns(10_000) },
    );
  });
});
