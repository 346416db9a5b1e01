import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateKind } from '../../src/bridge/status-view.js';
import { initialState, linkOf, reduce, UNAVAILABLE_AFTER_MS, type AgentAction, type AgentState, type LinkInfo } from '../../src/core/agent-state.js';
import { sampleStatus, SESSION_ID } from '../support/stub-service.js';

const SINCE = 1_000;
const link: LinkInfo = { product: 'tandem/0.1.0', service: { name: 'tandem', version: '0.1.0' }, sessionId: SESSION_ID };
const healthy = sampleStatus();
const troubled = sampleStatus({ config: { source: 'last-known-good', problems: ['config.json is not valid JSON'], enforced: [] } });

const states = {
  connecting: { kind: 'connecting', since: SINCE, attempt: 2, lastError: 'nothing listens' },
  unavailable: { kind: 'unavailable', since: SINCE, attempt: 9, lastError: 'nothing listens' },
  connected: { kind: 'connected', link, status: healthy },
  attention: { kind: 'attention', link, status: troubled, problems: ['Configuration: config.json is not valid JSON'] },
  'mismatch, connected': { kind: 'version-mismatch', link, since: SINCE, reason: 'versions differ' },
  'mismatch, refused': { kind: 'version-mismatch', link: null, since: SINCE, reason: 'protocol 2 is not supported' },
} satisfies Record<string, AgentState>;

const failure = (code: 'E_UNAVAILABLE' | 'E_FORBIDDEN' | 'E_UNSUPPORTED_VERSION', at: number): AgentAction => ({
  type: 'attempt-failed',
  at,
  attempt: 3,
  error: { code, message: `failed with ${code}` },
});

const actions = {
  attempt: { type: 'attempt', at: SINCE + 100, attempt: 3 },
  'failed within grace': failure('E_UNAVAILABLE', SINCE + UNAVAILABLE_AFTER_MS - 1),
  'failed after grace': failure('E_UNAVAILABLE', SINCE + UNAVAILABLE_AFTER_MS),
  'failed, untrusted server': failure('E_FORBIDDEN', SINCE + 10),
  'failed, protocol refused': failure('E_UNSUPPORTED_VERSION', SINCE + 10),
  connected: { type: 'connected', at: SINCE + 10, link, incompatibility: null },
  'connected, other version': { type: 'connected', at: SINCE + 10, link, incompatibility: 'the service is version 0.2.0' },
  lost: { type: 'lost', at: SINCE + 10, error: { code: 'E_CLOSED', message: 'the service closed the connection' } },
  'status, healthy': { type: 'status', status: healthy },
  'status, with problems': { type: 'status', status: troubled },
  'service stopping': { type: 'service-stopping', at: SINCE + 10, restarting: true },
} satisfies Record<string, AgentAction>;

type StateName = keyof typeof states;
type ActionName = keyof typeof actions;

// Every state × every action, with the kind it must lead to.
const expected: Record<StateName, Record<ActionName, StateKind>> = {
  connecting: {
    attempt: 'connecting',
    'failed within grace': 'connecting',
    'failed after grace': 'unavailable',
    'failed, untrusted server': 'unavailable',
    'failed, protocol refused': 'version-mismatch',
    connected: 'connected',
    'connected, other version': 'version-mismatch',
    lost: 'connecting',
    'status, healthy': 'connecting',
    'status, with problems': 'connecting',
    'service stopping': 'connecting',
  },
  unavailable: {
    attempt: 'unavailable',
    'failed within grace': 'unavailable',
    'failed after grace': 'unavailable',
    'failed, untrusted server': 'unavailable',
    'failed, protocol refused': 'version-mismatch',
    connected: 'connected',
    'connected, other version': 'version-mismatch',
    lost: 'unavailable',
    'status, healthy': 'unavailable',
    'status, with problems': 'unavailable',
    'service stopping': 'unavailable',
  },
  connected: {
    attempt: 'connected',
    'failed within grace': 'connected',
    'failed after grace': 'connected',
    'failed, untrusted server': 'connected',
    'failed, protocol refused': 'connected',
    connected: 'connected',
    'connected, other version': 'version-mismatch',
    lost: 'connecting',
    'status, healthy': 'connected',
    'status, with problems': 'attention',
    'service stopping': 'connecting',
  },
  attention: {
    attempt: 'attention',
    'failed within grace': 'attention',
    'failed after grace': 'attention',
    'failed, untrusted server': 'attention',
    'failed, protocol refused': 'attention',
    connected: 'connected',
    'connected, other version': 'version-mismatch',
    lost: 'connecting',
    'status, healthy': 'connected',
    'status, with problems': 'attention',
    'service stopping': 'connecting',
  },
  'mismatch, connected': {
    attempt: 'version-mismatch',
    'failed within grace': 'version-mismatch',
    'failed after grace': 'version-mismatch',
    'failed, untrusted server': 'version-mismatch',
    'failed, protocol refused': 'version-mismatch',
    connected: 'connected',
    'connected, other version': 'version-mismatch',
    lost: 'connecting',
    'status, healthy': 'version-mismatch',
    'status, with problems': 'version-mismatch',
    'service stopping': 'connecting',
  },
  'mismatch, refused': {
    attempt: 'version-mismatch',
    'failed within grace': 'unavailable',
    'failed after grace': 'unavailable',
    'failed, untrusted server': 'unavailable',
    'failed, protocol refused': 'version-mismatch',
    connected: 'connected',
    'connected, other version': 'version-mismatch',
    lost: 'version-mismatch',
    'status, healthy': 'version-mismatch',
    'status, with problems': 'version-mismatch',
    'service stopping': 'version-mismatch',
  },
};

describe('agent state reducer', () => {
  it('starts connecting, with no connection', () => {
    const state = initialState(SINCE);
    assert.deepEqual(state, { kind: 'connecting', since: SINCE, attempt: 0, lastError: null });
    assert.equal(linkOf(state), null);
  });

  for (const [stateName, row] of Object.entries(expected) as Array<[StateName, Record<ActionName, StateKind>]>) {
    for (const [actionName, kind] of Object.entries(row) as Array<[ActionName, StateKind]>) {
      it(`${stateName} + ${actionName} → ${kind}`, () => {
        const before = structuredClone(states[stateName]) as AgentState;
        const after = reduce(states[stateName], actions[actionName]);
        assert.equal(after.kind, kind);
        // Pure: the old state is never modified.
        assert.deepEqual(states[stateName], before);
      });
    }
  }

  it('keeps the outage start while failures go on, so the grace period is measured from the loss', () => {
    const lost = reduce(states.connected, { type: 'lost', at: 5_000, error: null });
    assert.deepEqual(lost, { kind: 'connecting', since: 5_000, attempt: 0, lastError: 'the service closed the connection' });
    const early = reduce(lost, failure('E_UNAVAILABLE', 5_000 + UNAVAILABLE_AFTER_MS - 1));
    assert.deepEqual(early, { kind: 'connecting', since: 5_000, attempt: 3, lastError: 'failed with E_UNAVAILABLE' });
    const late = reduce(early, failure('E_UNAVAILABLE', 5_000 + UNAVAILABLE_AFTER_MS));
    assert.deepEqual(late, { kind: 'unavailable', since: 5_000, attempt: 3, lastError: 'failed with E_UNAVAILABLE' });
  });

  it('records why the service is unavailable, latest reason first', () => {
    const next = reduce(states.unavailable, { type: 'attempt-failed', at: 99_000, attempt: 10, error: { code: 'E_CLOSED', message: 'reset by peer' } });
    assert.deepEqual(next, { kind: 'unavailable', since: SINCE, attempt: 10, lastError: 'reset by peer' });
  });

  it('lists the problems the status reports, and clears them when they are gone', () => {
    const attention = reduce(states.connected, actions['status, with problems']);
    assert.equal(attention.kind, 'attention');
    assert.deepEqual(attention.kind === 'attention' && attention.problems, ['Configuration: config.json is not valid JSON']);
    const cleared = reduce(attention, actions['status, healthy']);
    assert.deepEqual(cleared, { kind: 'connected', link, status: healthy });
  });

  it("needs attention when this session's agent is in a crash loop, not another session's", () => {
    const crashLoop = (sessionId: number) =>
      sampleStatus({ agents: [{ sessionId, state: 'crash-loop', pid: null, connected: false, restarts: 10, nextRestartAt: null, lastExit: null }] });
    const own = reduce(states.connected, { type: 'status', status: crashLoop(SESSION_ID) });
    assert.equal(own.kind, 'attention');
    assert.match(own.kind === 'attention' ? (own.problems[0] ?? '') : '', /keeps crashing \(10 restarts\)/);
    assert.equal(reduce(states.connected, { type: 'status', status: crashLoop(SESSION_ID + 1) }).kind, 'connected');
  });

  it('says why the versions do not match and keeps the connection', () => {
    const next = reduce(states.connecting, actions['connected, other version']);
    assert.deepEqual(next, { kind: 'version-mismatch', link, since: SINCE + 10, reason: 'the service is version 0.2.0' });
    assert.equal(linkOf(next), link);
  });

  it('says the service is restarting when it announces a restart', () => {
    assert.deepEqual(reduce(states.attention, actions['service stopping']), {
      kind: 'connecting',
      since: SINCE + 10,
      attempt: 0,
      lastError: 'the service is restarting',
    });
    const stopping = reduce(states.connected, { type: 'service-stopping', at: 7, restarting: false });
    assert.equal(stopping.kind === 'connecting' ? stopping.lastError : null, 'the service is stopping');
  });

  it('returns the same object when an action changes nothing', () => {
    assert.equal(reduce(states.connected, actions.attempt), states.connected);
    assert.equal(reduce(states.unavailable, actions.lost), states.unavailable);
    assert.equal(reduce(states['mismatch, refused'], actions['status, healthy']), states['mismatch, refused']);
  });
});
