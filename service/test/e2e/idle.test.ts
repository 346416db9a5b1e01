import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idleWindow, startIdleProbe } from '../../src/core/idle-probe.js';
import { TandemService } from '../../src/core/tandem-service.js';
import { agentScript } from '../../src/install-layout.js';
import { createConsolePlatform } from '../../src/platform/console/console-platform.js';
import { ScriptedSessionSource } from '../../src/platform/console/scripted-session-source.js';
import { eventually, makeDirs } from './console-harness.js';

describe('an idle service', () => {
  it('runs no timer and no immediate while nothing happens, with agents connected', async () => {
    const sessions = new ScriptedSessionSource();
    for (let id = 1; id <= 3; id++) sessions.logon(id, `user${id}`, { announce: false });
    const platform = createConsolePlatform({
      ...makeDirs(),
      sessions,
      agent: { executable: process.execPath, args: [process.env.TANDEM_E2E_AGENT ?? agentScript()] },
    });
    const service = new TandemService({ platform, prettyLogs: false });
    await service.start(() => undefined);
    try {
      await eventually('three connected agents', () => (service.status().agents.filter((a) => a.connected).length === 3 ? true : undefined));
      // Watched from here on: start-up work still running in the service would count against it.
      const probe = startIdleProbe();
      await idleWindow(probe, 1_500);
      probe.stop();
      assert.equal(probe.fired, 0, `${probe.fired} timer or immediate callbacks ran in an idle service`);
    } finally {
      await service.stop('stop', () => undefined);
    }
  });

  it('the probe sees a periodic timer, so the check above can fail', async () => {
    const probe = startIdleProbe();
    let ticks = 0;
    let interval: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      interval = setInterval(() => {
        if (++ticks === 3) resolve();
      }, 100);
    });
    clearInterval(interval);
    probe.stop();
    assert.equal(probe.fired, 3);
  });
});
