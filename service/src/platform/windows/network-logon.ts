/**
 * tandemctl in a network logon. PowerShell Remoting (WinRM), Ansible and OpenSSH with a key log
 * on over the network: their token holds NETWORK (S-1-5-2), which the service's pipes deny
 * (`(D;;FA;;;NU)`, pipe-acl.ts) on top of PIPE_REJECT_REMOTE_CLIENTS. That stays: the pipes
 * serve people and programs on this machine, and a remote administrator has ways in that are
 * audited and managed on their own (REAL-WINDOWS-REVIEW #11). tandemctl says which, instead of
 * a bare "access denied".
 */
import { isCallerMember } from './win32/token.js';

export const NETWORK_SID = 'S-1-5-2';

/** Whether this thread acts in a network logon (its token, or the process's, holds NETWORK). */
export function inNetworkLogon(): boolean {
  return isCallerMember(NETWORK_SID);
}

/** What an administrator in a network logon does instead of using a pipe of the `serviceName` service. */
export function networkLogonAdvice(serviceName: string): string {
  return [
    `this process runs in a network logon (PowerShell Remoting, WinRM, Ansible, SSH with a key), which the ${serviceName} service's pipes refuse by design.`,
    `  To configure: set machine policy (Group Policy, Intune, or values under HKLM\\SOFTWARE\\Policies\\Tandem), then \`sc.exe control ${serviceName} paramchange\`.`,
    '  For any other command: run tandemctl as SYSTEM through a scheduled task, or from a Remote Desktop session.',
    '  The README\'s "Managing machines remotely" has the commands.',
  ].join('\n');
}
