/**
 * The DACLs of Tandem's pipes, as SDDL constants so that they can be read, reviewed and compared
 * with what Windows reports back (tests read each pipe's DACL and expect exactly these strings).
 *
 * - `P` protects the DACL: nothing is inherited, only these entries apply.
 * - `(D;;FA;;;NU)` first: deny everything to network logons (S-1-5-2). Together with
 *   PIPE_REJECT_REMOTE_CLIENTS, a client must be logged on to this machine.
 * - `(A;;FA;;;SY)`: LocalSystem, the service itself, full access (it creates further instances).
 * - Clients get PIPE_CLIENT_RIGHTS: read and write, but not FILE_CREATE_PIPE_INSTANCE, so a
 *   client can never create its own server instance of the pipe and answer other clients
 *   (pipe squatting; OpenVPN's service denies the same bit).
 */

/**
 * FILE_GENERIC_READ | FILE_GENERIC_WRITE (0x12019f) without FILE_CREATE_PIPE_INSTANCE (0x4, the
 * bit FILE_APPEND_DATA shares on pipes). Written in hex because no SDDL alias names it, which is
 * also how Windows prints it back.
 */
export const PIPE_CLIENT_RIGHTS = '0x12019b';

/** The admin pipe: LocalSystem and the Administrators group (S-1-5-32-544). */
export const ADMIN_PIPE_SDDL = `D:P(D;;FA;;;NU)(A;;FA;;;SY)(A;;${PIPE_CLIENT_RIGHTS};;;BA)`;

/** A session's agent pipe: LocalSystem and that session's user only (by SID). */
export function agentPipeSddl(userSid: string): string {
  return `D:P(D;;FA;;;NU)(A;;FA;;;SY)(A;;${PIPE_CLIENT_RIGHTS};;;${checkedSid(userSid)})`;
}

/**
 * Console mode's pipes on a Windows developer machine (SECURITY.md F7): the user who runs
 * `tandem-service console`, and LocalSystem, nobody else.
 * - The owner gets FA, FILE_CREATE_PIPE_INSTANCE included: the console service runs as this user,
 *   not as SYSTEM, and creating each further instance of an existing pipe needs that right from
 *   the pipe's own DACL (REAL-WINDOWS-REVIEW #1); without it the pipe would go deaf after its
 *   first client. Its clients, admitted only when they are this same user, get the same right,
 *   which gives them nothing: a process of the same user can already act as the server itself.
 *   The bit is withheld on the service's pipes because there the clients are *other* accounts.
 * - LocalSystem as on every Tandem pipe: it is the OS itself and could take the pipe anyway.
 * - No Administrators entry: an administrator is another user, and console mode grants the admin
 *   role to whoever reaches its admin pipe.
 * - No deny for network logons (NU): the console service may itself run in a network logon (an
 *   SSH session to the machine), and would then be denied its own next instance;
 *   PIPE_REJECT_REMOTE_CLIENTS already refuses clients on other machines.
 */
export function ownerOnlyPipeSddl(userSid: string): string {
  return `D:P(A;;FA;;;SY)(A;;FA;;;${checkedSid(userSid)})`;
}

/** A SID spelled S-1-…; anything else could smuggle ACEs into the SDDL. */
function checkedSid(sid: string): string {
  if (!/^S-1-\d+(-\d+)+$/.test(sid)) throw new TypeError(`Expected a SID like S-1-5-21-…, got \`${sid}\``);
  return sid;
}

/** Output pipes that carry an agent's stdout/stderr to the service: LocalSystem only (the child inherits its end). */
export const OUTPUT_PIPE_SDDL = 'D:P(A;;FA;;;SY)';

/** The data directory (%ProgramData%\Tandem): LocalSystem and Administrators, inherited by everything inside. */
export const DATA_DIR_SDDL = 'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

/** A file in the data directory one user may read (a diagnostics archive for that user). */
export function readableByUserSddl(userSid: string): string {
  return `D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;${userSid})`;
}
