import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTandemError } from '@tandem/shared';
import { NETWORK_SID } from '../../../src/platform/windows/network-logon.js';
import { pipeOpenError } from '../../../src/platform/windows/pipe-connector.js';
import { ADMIN_PIPE_NAME as ADMIN } from '../../../src/platform/windows/pipe-names.js';
import { ERROR, Win32Error } from '../../../src/platform/windows/win32/win32-error.js';

const denied = new Win32Error('CreateFileW', ERROR.ACCESS_DENIED, ADMIN);

test('NETWORK is S-1-5-2, the SID the pipe DACLs deny as NU', () => {
  assert.equal(NETWORK_SID, 'S-1-5-2');
});

test('access denied to a service pipe in a network logon says why and what to do instead', () => {
  const error = pipeOpenError(ADMIN, denied, 'Tandem', () => true);
  assert.ok(isTandemError(error, 'E_FORBIDDEN'));
  assert.equal(error.cause, denied);
  const lines = error.message.split('\n');
  assert.equal(lines[0], `access to ${ADMIN} denied: this process runs in a network logon (PowerShell Remoting, WinRM, Ansible, SSH with a key), which the Tandem service's pipes refuse by design.`);
  assert.match(error.message, /HKLM\\SOFTWARE\\Policies\\Tandem\), then `sc\.exe control Tandem paramchange`/);
  assert.match(error.message, /run tandemctl as SYSTEM through a scheduled task, or from a Remote Desktop session/);
  assert.match(error.message, /"Managing machines remotely"/);
  // The service name is the one the connector trusts.
  assert.match(pipeOpenError(ADMIN, denied, 'TandemTest', () => true).message, /sc\.exe control TandemTest paramchange/);
});

test('access denied outside a network logon keeps the plain explanation', () => {
  const error = pipeOpenError(ADMIN, denied, 'Tandem', () => false);
  assert.ok(isTandemError(error, 'E_FORBIDDEN'));
  assert.equal(error.message, `access to ${ADMIN} denied: the admin pipe needs an elevated administrator, an agent pipe its session's user`);
});

test("the logon is not asked about for console mode's pipes, or for other errors; a failed question counts as no", () => {
  const unasked = (): boolean => assert.fail('asked whether this is a network logon');
  assert.doesNotMatch(pipeOpenError('\\\\.\\pipe\\tandem-console\\admin', denied, null, unasked).message, /network logon/);
  assert.ok(isTandemError(pipeOpenError(ADMIN, new Win32Error('CreateFileW', ERROR.FILE_NOT_FOUND), 'Tandem', unasked), 'E_UNAVAILABLE'));
  const failing = (): boolean => {
    throw new Win32Error('CheckTokenMembership', ERROR.INVALID_SID);
  };
  assert.doesNotMatch(pipeOpenError(ADMIN, denied, 'Tandem', failing).message, /network logon/);
});
