import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { PRELOAD_PATH } from '../../src/electron/agent-paths.js';

/**
 * Runs the compiled preload the way Electron's sandbox does (a CommonJS wrapper whose require
 * knows 'electron'), with fakes for contextBridge and ipcRenderer, and checks what it exposes.
 */
function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push([channel, args]);
        return Promise.resolve({ channel });
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel))?.add(listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => void listeners.get(channel)?.delete(listener),
    },
  };
  const requireInSandbox = (name: string): unknown => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(PRELOAD_PATH, 'utf8'), { require: requireInSandbox, module, exports: module.exports });
  return { exposed, invoked, listeners };
}

interface Bridge {
  view(): Promise<unknown>;
  subscribe(listener: (view: unknown) => void): () => void;
  perform(command: unknown): Promise<unknown>;
}

describe('preload', () => {
  it('requires nothing but electron and exposes only window.tandem with three methods', () => {
    const { exposed } = loadPreload();
    assert.deepEqual([...exposed.keys()], ['tandem']);
    assert.deepEqual(Object.keys(exposed.get('tandem') as object).sort(), ['perform', 'subscribe', 'view']);
  });

  it('maps each method to its fixed channel', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('tandem') as Bridge;
    await bridge.view();
    await bridge.perform({ type: 'refresh' });
    assert.deepEqual(invoked, [
      ['tandem:view', []],
      ['tandem:perform', [{ type: 'refresh' }]],
    ]);
  });

  it('relays view changes without the IPC event, until unsubscribed', () => {
    const { exposed, listeners } = loadPreload();
    const bridge = exposed.get('tandem') as Bridge;
    const seen: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args) => seen.push(args));
    const fakeEvent = { sender: 'the IPC event must not reach the page' };
    for (const listener of listeners.get('tandem:view-changed') ?? []) listener(fakeEvent, { state: 'x' });
    assert.deepEqual(seen, [[{ state: 'x' }]]);
    unsubscribe();
    assert.equal(listeners.get('tandem:view-changed')?.size, 0);
  });
});
