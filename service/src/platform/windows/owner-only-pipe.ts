/**
 * Console mode's pipes on a Windows developer machine (SECURITY.md F7). libuv's pipe servers
 * get the default DACL (Everyone may read) and share a name someone else created first, and the
 * names are predictable; so another local user could squat a developer's console service. These
 * are AclPipeListeners instead: only this user (and LocalSystem) in the DACL, the name claimed
 * with FILE_FLAG_FIRST_PIPE_INSTANCE (listening fails with E_CONFLICT if another process holds
 * it), remote clients rejected, and a client admitted only if it runs as this same user.
 * Loaded by console mode through a dynamic import, on win32 only: it loads koffi on first use.
 */
import type { PeerIdentity } from '@tandem/shared';
import { AclPipeListener } from './acl-pipe-listener.js';
import { currentUserSid } from './elevation.js';
import { ownerOnlyPipeSddl } from './pipe-acl.js';
import { admitSameUser, type PipeClient } from './pipe-client.js';

export interface OwnerOnlyPipeOptions {
  readonly address: string;
  readonly peer: Omit<PeerIdentity, 'pid' | 'account'>;
  /** Told about each refused client and about the pipe ceasing to accept. */
  readonly onRejected: (reason: string, client: PipeClient | null) => void;
}

export function ownerOnlyPipeListener(options: OwnerOnlyPipeOptions): AclPipeListener {
  const ownerSid = currentUserSid();
  return new AclPipeListener({
    address: options.address,
    sddl: ownerOnlyPipeSddl(ownerSid),
    peer: options.peer,
    admit: admitSameUser(ownerSid),
    onRejected: options.onRejected,
  });
}
