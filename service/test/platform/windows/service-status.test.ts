import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RUNNING_CONTROLS, ServiceStatusReporter } from '../../../src/platform/windows/service-status.js';
import type { ServiceStatus } from '../../../src/platform/windows/win32/types.js';

function recorder(): { reporter: ServiceStatusReporter; sent: ServiceStatus[] } {
  const sent: ServiceStatus[] = [];
  return { reporter: new ServiceStatusReporter((status) => sent.push(status)), sent };
}

test('start: START_PENDING with a wait hint and rising checkpoints, then RUNNING accepting the controls', () => {
  const { reporter, sent } = recorder();
  reporter.pending('start-pending', 30_000);
  reporter.progress();
  reporter.progress();
  reporter.running();
  assert.deepEqual(
    sent.map((s) => [s.dwCurrentState, s.dwCheckPoint, s.dwWaitHint, s.dwControlsAccepted]),
    [
      [2, 1, 30_000, 0],
      [2, 2, 30_000, 0],
      [2, 3, 30_000, 0],
      [4, 0, 0, RUNNING_CONTROLS],
    ],
  );
  assert.ok(sent.every((s) => s.dwServiceType === 0x10));
  // STOP, SHUTDOWN, PARAMCHANGE, SESSIONCHANGE, PRESHUTDOWN
  // STOP, SHUTDOWN, PARAMCHANGE, POWEREVENT, SESSIONCHANGE, PRESHUTDOWN (winsvc.h SERVICE_ACCEPT_*).
  assert.equal(RUNNING_CONTROLS, 0x1 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100);
});

test('stop: STOP_PENDING accepts nothing; STOPPED after a failure carries a service-specific code', () => {
  const { reporter, sent } = recorder();
  reporter.pending('stop-pending', 20_000);
  reporter.progress();
  reporter.stopped(3);
  assert.deepEqual(sent.at(-1), {
    dwServiceType: 0x10,
    dwCurrentState: 1,
    dwControlsAccepted: 0,
    dwWin32ExitCode: 1066,
    dwServiceSpecificExitCode: 3,
    dwCheckPoint: 0,
    dwWaitHint: 0,
  });
  reporter.stopped();
  assert.equal(sent.at(-1)?.dwWin32ExitCode, 0);
});

test('progress outside a pending state reports nothing', () => {
  const { reporter, sent } = recorder();
  reporter.running();
  reporter.progress();
  assert.equal(sent.length, 1);
});
