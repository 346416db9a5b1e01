import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, ERROR_CODES, isErrorCode, isTandemError, TandemError, toWireError } from '../src/index.js';

describe('errors', () => {
  it('keeps the codes the protocol promises, in their order', () => {
    // Codes are part of the wire protocol: renaming or reordering one is a breaking change.
    assert.deepEqual(ERROR_CODES, [
      'E_BAD_FRAME',
      'E_TOO_LARGE',
      'E_BAD_MESSAGE',
      'E_UNSUPPORTED_VERSION',
      'E_HANDSHAKE',
      'E_UNKNOWN_COMMAND',
      'E_INVALID_PARAMS',
      'E_FORBIDDEN',
      'E_TIMEOUT',
      'E_UNAVAILABLE',
      'E_BUSY',
      'E_CLOSED',
      'E_NOT_FOUND',
      'E_CONFLICT',
      'E_INTERNAL',
      'E_NOT_SUPPORTED',
    ]);
    assert.equal(isErrorCode('E_TIMEOUT'), true);
    assert.equal(isErrorCode('E_NOPE'), false);
    assert.equal(isErrorCode(7), false);
  });

  it('sends a TandemError as its code and message, and reads it back', () => {
    const error = new TandemError('E_FORBIDDEN', 'admin role required for config.set');
    assert.deepEqual(toWireError(error), { code: 'E_FORBIDDEN', message: 'admin role required for config.set' });
    const back = TandemError.fromWire(toWireError(error));
    assert.ok(isTandemError(back, 'E_FORBIDDEN'));
    assert.equal(back.message, error.message);
  });

  it('sends anything else as E_INTERNAL with a generic message, never its text', () => {
    for (const thrown of [new Error('C:\\ProgramData\\Tandem\\secret.key not found'), 'a string', null, { code: 'E_FORBIDDEN' }]) {
      assert.deepEqual(toWireError(thrown), { code: 'E_INTERNAL', message: 'internal error in the service; see its log' });
    }
  });

  it('describes any thrown value for a log line', () => {
    assert.equal(describeError(new TandemError('E_TIMEOUT', 'slow')), 'E_TIMEOUT: slow');
    assert.equal(describeError(new Error('plain')), 'plain');
    assert.equal(describeError(42), '42');
  });
});
