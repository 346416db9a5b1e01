/**
 * `DOMAIN\name` for a SID string, looked up at most once per SID and only when something reads
 * it (an audit entry, a log line): never while a client waits to be admitted, since the lookup can
 * block on a domain controller (SECURITY.md I3). The SID itself is what decisions compare.
 */
import type { PeerAccount } from '@tandem/shared';
import { accountName, sidFromString } from './win32/security.js';

const names = new Map<string, string>();

export function accountNameOf(sid: string): string {
  let name = names.get(sid);
  if (name === undefined) {
    name = lookUp(sid);
    names.set(sid, name);
  }
  return name;
}

/** The name, or the SID when it names no account. Throws while impersonating (accountName): nothing is cached then. */
function lookUp(sid: string): string {
  let holder;
  try {
    holder = sidFromString(sid);
  } catch {
    return sid;
  }
  try {
    return accountName(holder.value);
  } finally {
    holder.close();
  }
}

/** The account a platform authenticated, its name resolved when first read. */
export function peerAccount(sid: string): PeerAccount {
  return {
    id: sid,
    get name() {
      return accountNameOf(sid);
    },
  };
}
