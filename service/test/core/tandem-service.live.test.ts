/**
 * What the running service does on its own when something changes under it: a session ends,
 * the configuration changes, adopting sessions fails, clients flood the protocol log.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { socketAddress } from '@tandem/shared';
import { PROTOCOL_LOG_LIMITS } from '../../src/core/log-rate-limit.js';
import { rolledName } from '../../src/core/rolling-file.js';
import { ScriptedSessionSource } from '../../src/platform/console/scripted-session-source.js';
import { startHarness, type Harness } from './service-harness.js';
import { until } from './until.js';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

const logFile = (h: Harness): string => path.join(h.dataDir, 'logs', 'tandem.log');
const logLines = (h: Harness): LogLine[] =>
  readFileSync(logFile(h), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LogLine);

describe('TandemService while running', () => {
  it("closes a retired session's connections before its listener, so nothing reaches the retired session", async () => {
    const sessions = new ScriptedSessionSource();
    sessions.logon(1, 'alice');
    const h = await startHarness({ sessions });
    try {
      await h.service.adopted;
      const alice = await h.user(1);
      let closed = false;
      alice.onClose(() => (closed = true));
      h.sessions.logoff(1);
      await until(() => closed, "the retired session's connection to be closed by the service");
      await until(() => h.record.order.some((entry) => entry.startsWith('listener 1')), 'the listener to close');
      // The harness's listener, like a pipe server, finishes closing only once its connections ended.
      assert.deepEqual(h.record.order, ['connection 1 closed', 'listener 1 closed']);
      await assert.rejects(alice.call('status', {}), { code: 'E_CLOSED' });
    } finally {
      await h.stop();
    }
  });

  it("reports the hello name of each agent process's own connection, and no other's", async () => {
    const sessions = new ScriptedSessionSource();
    sessions.logon(1, 'alice');
    let peerPid = 4242;
    const h = await startHarness({ sessions, agentPeerPid: () => peerPid });
    try {
      await h.service.adopted;
      const agent = () => h.service.status().agents[0];
      await until(() => typeof agent()?.pid === 'number', 'the agent to be launched');
      const agentPid = agent()?.pid ?? 0;
      assert.equal(agent()?.client, null);
      // Another program of the session connects: it is not the agent, whatever it calls itself.
      const other = await h.user(1, 'tandem-tray/0.1.0 (verified pipe)');
      assert.equal(agent()?.client, null);
      peerPid = agentPid;
      const own = await h.user(1, 'tandem-tray/0.1.0 (verified pipe)');
      assert.equal(agent()?.client, 'tandem-tray/0.1.0 (verified pipe)');
      own.close();
      await until(() => agent()?.client === null, "the agent's connection to be gone from the status");
      other.close();
    } finally {
      await h.stop();
    }
  });

  it('applies a logging.* change at once: the level, and the file size limit', async () => {
    const h = await startHarness({
      // A log left by an earlier run, 1.5 MiB: under the 10 MiB default, over the 1 MiB set below.
      prepare: (dataDir) => {
        mkdirSync(path.join(dataDir, 'logs'));
        writeFileSync(path.join(dataDir, 'logs', 'tandem.log'), `${JSON.stringify({ level: 30, time: 1, msg: 'x'.repeat(1.5 * 1024 * 1024) })}\n`);
      },
    });
    try {
      const admin = await h.admin();
      await admin.call('config.set', { key: 'logging.level', value: 'debug' });
      const probe = await h.admin('debug-probe/1');
      probe.close();
      await until(() => logLines(h).some((line) => line.msg === 'client disconnected' && line.client === 'debug-probe/1'), 'a debug line from the probe');
      assert.ok(!existsSync(rolledName(logFile(h), 1)), 'rolled before the limit changed');
      await admin.call('config.set', { key: 'logging.maxFileMb', value: 1 });
      // The next line rolls the 1.5 MiB file away, under the new limit.
      (await h.admin('roll-probe/1')).close();
      await until(() => logLines(h).some((line) => line.client === 'roll-probe/1'), 'a line after the change');
      assert.ok(existsSync(rolledName(logFile(h), 1)), 'the log rolled at the new 1 MiB limit');
      assert.ok(statSync(logFile(h)).size < 1024 * 1024);
      admin.close();
    } finally {
      await h.stop();
    }
  });

  it('logs a failure to adopt the sessions present at start, and keeps serving and handling logons', async () => {
    const sessions = new ScriptedSessionSource();
    sessions.logon(1, 'alice', { announce: false });
    sessions.ready = () => Promise.reject(new Error('WTSWaitSystemEvent failed: 6 ERROR_INVALID_HANDLE (scripted)'));
    const h = await startHarness({ sessions });
    try {
      await h.service.adopted;
      const failure = logLines(h).find((line) => line.msg === 'adopting the existing sessions failed; new logons are still handled');
      assert.equal(failure?.level, 50);
      assert.match(JSON.stringify(failure?.err), /ERROR_INVALID_HANDLE/);
      const admin = await h.admin();
      assert.deepEqual((await admin.call('status', {})).sessions, []);
      h.sessions.logon(2, 'bob');
      await until(() => h.launcher.alive(2).length === 1, "bob's agent to start");
      admin.close();
    } finally {
      await h.stop();
    }
  });

  it('rate-limits the protocol lines clients cause, per endpoint, and says how many it dropped', { timeout: 60_000 }, async () => {
    const sessions = new ScriptedSessionSource();
    sessions.logon(1, 'alice');
    const h = await startHarness({ sessions });
    try {
      await h.service.adopted;
      const admin = await h.admin();
      await admin.call('config.set', { key: 'logging.level', value: 'debug' });
      // Every connection alice opens and drops is a protocol line of her endpoint: 'connection
      // closed', or 'connection refused' once over her endpoint's connection rate.
      const closedLines = (endpoint: string) =>
        logLines(h).filter((line) => (line.msg === 'connection closed' || line.msg === 'connection refused') && line.endpoint === endpoint).length;
      const flood = PROTOCOL_LOG_LIMITS.burstLines * 4;
      // Over the endpoint's connection rate it stops listening for a moment: attempts then fail
      // in this process and reach nothing, so the flood counts the connections that got there.
      for (let reached = 0; reached < flood; ) if (await connectAndDrop(socketAddress(h.runtimeDir, 'agent-1'))) reached++;
      await until(() => h.service.status().sessions.length === 1 && closedLines('agent:1') >= PROTOCOL_LOG_LIMITS.burstLines, 'the burst to be logged');
      const admitted = closedLines('agent:1');
      assert.ok(admitted < flood * 0.75, `${admitted} of ${flood} lines let through`);
      // The admin endpoint has its own budget: alice's flood does not silence it.
      const probe = await h.admin('probe/1');
      probe.close();
      await until(() => closedLines('admin') >= 1, "the admin endpoint's line");
      // Once the rate lets a line through again, it comes with the count of those dropped since
      // the last one let through. On a slow machine the rate may refill during the flood, so
      // there can be several such counts: together with the lines let through they account for
      // every connection of the flood, and never for more connections than were made.
      const droppedCounts = () =>
        logLines(h)
          .filter((line) => line.msg === 'protocol lines over the rate limit were dropped' && line.endpoint === 'agent:1')
          .map((line) => Number(line.lines));
      const accounted = () => droppedCounts().reduce((sum, lines) => sum + lines, 0) + closedLines('agent:1');
      // A connection at a time (each waited for), until every line of the flood is accounted for;
      // the test's timeout bounds it.
      let probes = 0;
      while (accounted() < flood) {
        if (await connectAndDrop(socketAddress(h.runtimeDir, 'agent-1'))) probes++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(droppedCounts().length > 0 && droppedCounts().every((lines) => lines > 0), JSON.stringify(droppedCounts()));
      assert.ok(accounted() <= flood + probes, `${accounted()} lines accounted for, ${flood + probes} connections made`);
      admin.close();
    } finally {
      await h.stop();
    }
  });
});

/**
 * Opens a raw connection to `address` and drops it before any hello; settles once it is closed:
 * true when it connected, false when nothing listened (an endpoint paused over its connection rate).
 */
function connectAndDrop(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    let connected = false;
    const socket = net.connect(address, () => {
      connected = true;
      socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(connected));
  });
}
