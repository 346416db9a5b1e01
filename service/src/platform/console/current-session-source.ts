/**
 * Console mode's sessions: the one login session the service runs in, as the current user. It
 * never changes while the service runs, so there are no events.
 */
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import type { Disposable, Session, SessionProbe, SessionSource } from '../platform.js';

export function currentSession(env: NodeJS.ProcessEnv = process.env): Session {
  const user = os.userInfo();
  // XDG_SESSION_ID names the login session on systemd machines; elsewhere there is just one.
  const id = Number.parseInt(env.XDG_SESSION_ID ?? '', 10);
  return {
    id: Number.isSafeInteger(id) && id > 0 ? id : 1,
    user: user.username,
    userId: user.uid >= 0 ? String(user.uid) : user.username,
    logonId: `console-${process.pid}-${Date.now()}`,
    state: 'active',
    remote: env.SSH_CONNECTION !== undefined,
    console: env.SSH_CONNECTION === undefined,
  };
}

export class CurrentSessionSource implements SessionSource {
  readonly #session = currentSession();

  /** The login session exists before any process of it runs. */
  async ready(): Promise<boolean> {
    return true;
  }

  async list(): Promise<Session[]> {
    return [this.#session];
  }

  async describe(sessionId: number): Promise<Session | undefined> {
    return sessionId === this.#session.id ? this.#session : undefined;
  }

  async probe(sessionId: number): Promise<SessionProbe> {
    return sessionId === this.#session.id ? { kind: 'present', session: this.#session } : { kind: 'gone' };
  }

  subscribe(): Disposable {
    return { dispose: () => undefined };
  }

  async isMember(_session: Session, group: string): Promise<boolean> {
    return userGroups().includes(group);
  }
}

/** The current user's group names (`id -Gn`); empty where that is unavailable. */
function userGroups(): string[] {
  if (process.platform === 'win32') return [];
  const result = spawnSync('id', ['-Gn'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(/\s+/) : [];
}
