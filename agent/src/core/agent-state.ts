/**
 * The agent's state model: a pure reducer from what happened on the link to what the tray
 * shows. Timestamps come in with the actions, so every transition is deterministic and tested.
 *
 *   connecting ──connected──▶ connected ⇄ attention        (status reports problems or not)
 *       │  ▲                     │
 *       │  └──────lost───────────┘   (also from attention and version-mismatch)
 *       ├──failures for UNAVAILABLE_AFTER_MS, or an untrusted server──▶ unavailable
 *       └──protocol refused, or an incompatible product version──▶ version-mismatch
 */
import type { ErrorCode, Status } from '@tandem/shared';
import type { ServiceIdentity } from './service-identity.js';
import { attentionProblems } from './attention.js';

/** A service restart takes about a second; only a longer silence is shown as an outage. */
export const UNAVAILABLE_AFTER_MS = 3_000;

/** The connection as the agent holds it once the server was verified. */
export interface LinkInfo {
  /** As the welcome said it, e.g. `tandem/0.1.0`. */
  readonly product: string;
  readonly service: ServiceIdentity;
  readonly sessionId: number;
}

export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
}

export type AgentState =
  | {
      readonly kind: 'connecting';
      /** When the agent last lost (or first sought) the service, in ms since the epoch. */
      readonly since: number;
      readonly attempt: number;
      readonly lastError: string | null;
    }
  | { readonly kind: 'unavailable'; readonly since: number; readonly attempt: number; readonly lastError: string }
  | { readonly kind: 'connected'; readonly link: LinkInfo; readonly status: Status | null }
  | { readonly kind: 'attention'; readonly link: LinkInfo; readonly status: Status; readonly problems: readonly string[] }
  | {
      readonly kind: 'version-mismatch';
      /** Set when connected to a service of another version; null when its protocol refused us. */
      readonly link: LinkInfo | null;
      readonly since: number;
      readonly reason: string;
    };

export type AgentAction =
  /** A connection attempt begins. */
  | { readonly type: 'attempt'; readonly at: number; readonly attempt: number }
  /** An attempt failed: nothing listens, the server was not trusted, the protocol was refused… */
  | { readonly type: 'attempt-failed'; readonly at: number; readonly attempt: number; readonly error: Failure }
  /** A verified connection is up; `incompatibility` says why the versions do not match, if they don't. */
  | { readonly type: 'connected'; readonly at: number; readonly link: LinkInfo; readonly incompatibility: string | null }
  /** The connection dropped. */
  | { readonly type: 'lost'; readonly at: number; readonly error: Failure | null }
  /** The service's status arrived. */
  | { readonly type: 'status'; readonly status: Status }
  /** The service said it is about to stop. */
  | { readonly type: 'service-stopping'; readonly at: number; readonly restarting: boolean };

export function initialState(at: number): AgentState {
  return { kind: 'connecting', since: at, attempt: 0, lastError: null };
}

/** The state's open connection, if it has one. */
export function linkOf(state: AgentState): LinkInfo | null {
  return state.kind === 'connected' || state.kind === 'attention' || state.kind === 'version-mismatch' ? (state.link ?? null) : null;
}

export function reduce(state: AgentState, action: AgentAction): AgentState {
  switch (action.type) {
    case 'attempt':
      if (state.kind === 'connecting' || state.kind === 'unavailable') return { ...state, attempt: action.attempt };
      return state;
    case 'attempt-failed':
      return failed(state, action.at, action.attempt, action.error);
    case 'connected':
      if (action.incompatibility !== null) {
        return { kind: 'version-mismatch', link: action.link, since: action.at, reason: action.incompatibility };
      }
      return { kind: 'connected', link: action.link, status: null };
    case 'lost': {
      if (linkOf(state) === null) return state;
      return { kind: 'connecting', since: action.at, attempt: 0, lastError: action.error?.message ?? 'the service closed the connection' };
    }
    case 'status':
      return withStatus(state, action.status);
    case 'service-stopping': {
      if (linkOf(state) === null) return state;
      const lastError = action.restarting ? 'the service is restarting' : 'the service is stopping';
      return { kind: 'connecting', since: action.at, attempt: 0, lastError };
    }
  }
}

function failed(state: AgentState, at: number, attempt: number, error: Failure): AgentState {
  // Only an agent without a connection makes attempts; a late report changes nothing.
  if (linkOf(state) !== null) return state;
  if (error.code === 'E_UNSUPPORTED_VERSION') {
    const since = state.kind === 'version-mismatch' ? state.since : at;
    return { kind: 'version-mismatch', link: null, since, reason: error.message };
  }
  if (state.kind === 'connecting') {
    // An untrusted server is not a hiccup: say so at once.
    const outage = error.code === 'E_FORBIDDEN' || at - state.since >= UNAVAILABLE_AFTER_MS;
    if (!outage) return { ...state, attempt, lastError: error.message };
    return { kind: 'unavailable', since: state.since, attempt, lastError: error.message };
  }
  if (state.kind === 'unavailable') return { ...state, attempt, lastError: error.message };
  // A refused protocol, and now not even that: the service is gone.
  return { kind: 'unavailable', since: at, attempt, lastError: error.message };
}

function withStatus(state: AgentState, status: Status): AgentState {
  if (state.kind !== 'connected' && state.kind !== 'attention') return state;
  const problems = attentionProblems(status, state.link.sessionId);
  if (problems.length === 0) return { kind: 'connected', link: state.link, status };
  return { kind: 'attention', link: state.link, status, problems };
}
