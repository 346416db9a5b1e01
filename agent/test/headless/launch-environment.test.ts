import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLaunchEnvironment } from '../../src/headless/launch-environment.js';

describe('launch environment', () => {
  it('reads the endpoint, the session and the stdin flag', () => {
    assert.deepEqual(parseLaunchEnvironment({ TANDEM_ENDPOINT: '/run/tandem/agent-1.sock', TANDEM_SESSION_ID: '1', TANDEM_EXIT_WITH_STDIN: '1' }), {
      endpoint: '/run/tandem/agent-1.sock',
      sessionId: 1,
      exitWithStdin: true,
    });
    assert.deepEqual(parseLaunchEnvironment({ TANDEM_ENDPOINT: '\\\\.\\pipe\\Tandem\\agent-3-5f2a' }), {
      endpoint: '\\\\.\\pipe\\Tandem\\agent-3-5f2a',
      sessionId: null,
      exitWithStdin: false,
    });
    assert.equal(parseLaunchEnvironment({ TANDEM_ENDPOINT: 'x', TANDEM_EXIT_WITH_STDIN: '0' }).exitWithStdin, false);
  });

  it('says what to do when the endpoint is missing', () => {
    for (const env of [{}, { TANDEM_ENDPOINT: '' }, { TANDEM_ENDPOINT: '  ' }]) {
      assert.throws(() => parseLaunchEnvironment(env), { code: 'E_INVALID_PARAMS', message: /^TANDEM_ENDPOINT is not set\. .*set TANDEM_ENDPOINT to that socket path or pipe name\.$/ });
    }
  });

  it('refuses malformed values with the value in the message', () => {
    assert.throws(() => parseLaunchEnvironment({ TANDEM_ENDPOINT: 'x'.repeat(1025) }), {
      message: 'TANDEM_ENDPOINT must be a socket path or pipe name of at most 1024 characters',
    });
    assert.throws(() => parseLaunchEnvironment({ TANDEM_ENDPOINT: 'x', TANDEM_SESSION_ID: '-1' }), {
      message: 'Expected TANDEM_SESSION_ID to be a session number such as 1, got `-1`',
    });
    assert.throws(() => parseLaunchEnvironment({ TANDEM_ENDPOINT: 'x', TANDEM_EXIT_WITH_STDIN: 'yes' }), {
      message: 'Expected TANDEM_EXIT_WITH_STDIN to be 1 or 0, got `yes`',
    });
  });
});
