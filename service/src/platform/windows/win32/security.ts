/**
 * Security descriptors and SIDs: SDDL in (to create pipes and directories with a DACL), SDDL out
 * (to prove what a pipe or directory really carries), SID strings and account names.
 */
import { advapi32 } from './advapi32.js';
import { check, checkOut, checkStatus, lastError } from './call.js';
import {
  DACL_SECURITY_INFORMATION,
  OWNER_SECURITY_INFORMATION,
  PROTECTED_DACL_SECURITY_INFORMATION,
  SDDL_REVISION_1,
  SE_FILE_OBJECT,
  SE_KERNEL_OBJECT,
  TOKEN,
} from './constants.js';
import { ownHandle, ownLocal, type Owned } from './handle.js';
import { kernel32 } from './kernel32.js';
import type { MaybePointer, Out, Pointer } from './koffi.js';
import type { SecurityAttributes } from './types.js';
import { ERROR, Win32Error } from './win32-error.js';
import { readWide, wideFromBuffer } from './wide-string.js';

/** A security descriptor parsed from SDDL. The caller closes `descriptor` (LocalFree) after use. */
export interface ParsedDescriptor {
  readonly descriptor: Owned;
  /** SECURITY_ATTRIBUTES pointing at the descriptor; valid while the descriptor is open. */
  readonly attributes: SecurityAttributes;
}

export function descriptorFromSddl(sddl: string, inheritHandle = false): ParsedDescriptor {
  const out: Out<MaybePointer> = [null];
  check('ConvertStringSecurityDescriptorToSecurityDescriptorW', advapi32().ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, out, null), sddl);
  const descriptor = ownLocal(checkOut('ConvertStringSecurityDescriptorToSecurityDescriptorW', out[0]), 'security descriptor');
  return { descriptor, attributes: { nLength: 24, lpSecurityDescriptor: descriptor.value, bInheritHandle: inheritHandle ? 1 : 0 } };
}

function descriptorToSddl(descriptor: Pointer, information: number): string {
  const out: Out<MaybePointer> = [null];
  check('ConvertSecurityDescriptorToStringSecurityDescriptorW', advapi32().ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, information, out, null));
  const text = ownLocal(checkOut('ConvertSecurityDescriptorToStringSecurityDescriptorW', out[0]), 'SDDL string');
  try {
    return readWide(text.value);
  } finally {
    text.close();
  }
}

/** The DACL of an open kernel object (a pipe instance, a process), as SDDL: `D:P(…)(…)`. */
export function readHandleDacl(handle: Pointer): string {
  const out: Out<MaybePointer> = [null];
  checkStatus('GetSecurityInfo', advapi32().GetSecurityInfo(handle, SE_KERNEL_OBJECT, DACL_SECURITY_INFORMATION, null, null, null, null, out));
  const descriptor = ownLocal(checkOut('GetSecurityInfo', out[0]), 'security descriptor');
  try {
    return descriptorToSddl(descriptor.value, DACL_SECURITY_INFORMATION);
  } finally {
    descriptor.close();
  }
}

/** The owner of an open file or directory (SE_FILE_OBJECT), as a SID string. */
export function readHandleOwner(handle: Pointer): string {
  const out: Out<MaybePointer> = [null];
  checkStatus('GetSecurityInfo', advapi32().GetSecurityInfo(handle, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, null, null, null, null, out), 'owner');
  const descriptor = ownLocal(checkOut('GetSecurityInfo', out[0]), 'security descriptor');
  try {
    const owner: Out<MaybePointer> = [null];
    const defaulted: Out<number> = [0];
    check('GetSecurityDescriptorOwner', advapi32().GetSecurityDescriptorOwner(descriptor.value, owner, defaulted));
    return sidToString(checkOut('GetSecurityDescriptorOwner', owner[0]));
  } finally {
    descriptor.close();
  }
}

/**
 * Sets parts of an open object's security descriptor (`information`: OWNER_, DACL_, PROTECTED_DACL_…)
 * from `sddl`, through the handle: no path is resolved again, and nothing propagates to children
 * (SetKernelObjectSecurity, unlike SetNamedSecurityInfoW, never walks a tree that might hold links).
 */
export function setHandleSecurity(handle: Pointer, sddl: string, information: number): void {
  const { descriptor } = descriptorFromSddl(sddl);
  try {
    check('SetKernelObjectSecurity', advapi32().SetKernelObjectSecurity(handle, information, descriptor.value), sddl);
  } finally {
    descriptor.close();
  }
}

/** The DACL of a file or directory, as SDDL. */
export function readPathDacl(path: string): string {
  return readPathSecurity(path, DACL_SECURITY_INFORMATION);
}

/** Parts of a file's or directory's security descriptor (default: owner and DACL), as SDDL: `O:BAD:PAI(…)`. */
export function readPathSecurity(path: string, information: number = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION): string {
  const out: Out<MaybePointer> = [null];
  checkStatus('GetNamedSecurityInfoW', advapi32().GetNamedSecurityInfoW(path, SE_FILE_OBJECT, information, null, null, null, null, out), path);
  const descriptor = ownLocal(checkOut('GetNamedSecurityInfoW', out[0]), 'security descriptor');
  try {
    return descriptorToSddl(descriptor.value, information);
  } finally {
    descriptor.close();
  }
}

/** Replaces the DACL of a file or directory with the one in `sddl`, protected from inheritance. */
export function setPathDacl(path: string, sddl: string): void {
  const { descriptor } = descriptorFromSddl(sddl);
  try {
    const present: Out<number> = [0];
    const dacl: Out<MaybePointer> = [null];
    const defaulted: Out<number> = [0];
    check('GetSecurityDescriptorDacl', advapi32().GetSecurityDescriptorDacl(descriptor.value, present, dacl, defaulted));
    if (present[0] === 0) throw new Win32Error('GetSecurityDescriptorDacl', ERROR.INVALID_PARAMETER, `no DACL in ${sddl}`);
    checkStatus(
      'SetNamedSecurityInfoW',
      advapi32().SetNamedSecurityInfoW(path, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, null, null, dacl[0], null),
      path,
    );
  } finally {
    descriptor.close();
  }
}

/** `S-1-5-…` for a SID in memory. */
export function sidToString(sid: Pointer | Buffer): string {
  const out: Out<MaybePointer> = [null];
  check('ConvertSidToStringSidW', advapi32().ConvertSidToStringSidW(sid, out));
  const text = ownLocal(checkOut('ConvertSidToStringSidW', out[0]), 'SID string');
  try {
    return readWide(text.value);
  } finally {
    text.close();
  }
}

/** A SID in memory for `S-1-5-…`. The caller closes it (LocalFree). */
export function sidFromString(text: string): Owned {
  const out: Out<MaybePointer> = [null];
  check('ConvertStringSidToSidW', advapi32().ConvertStringSidToSidW(text, out), text);
  return ownLocal(checkOut('ConvertStringSidToSidW', out[0]), `SID ${text}`);
}

/**
 * `DOMAIN\name` of a SID; the SID string itself when the account cannot be looked up. Never while
 * this thread impersonates (throws): a pipe client is impersonated at identification level, where
 * LookupAccountSidW cannot reach LSA (SeCreateClientSecurity refuses the level; ReactOS ntoskrnl)
 * and would give the SID instead of the name (REAL-WINDOWS-REVIEW #13). Look names up after
 * RevertToSelf, from the SID the impersonation returned.
 */
export function accountName(sid: Pointer | Buffer): string {
  if (impersonating()) throw new Error('LookupAccountSidW is not called while this thread impersonates a client; look the name up after RevertToSelf');
  const name = Buffer.alloc(512);
  const domain = Buffer.alloc(512);
  const nameLength: Out<number> = [256];
  const domainLength: Out<number> = [256];
  const use: Out<number> = [0];
  if (advapi32().LookupAccountSidW(null, sid, name, nameLength, domain, domainLength, use) === 0) return sidToString(sid);
  const user = wideFromBuffer(name, nameLength[0]);
  const where = wideFromBuffer(domain, domainLength[0]);
  return where === '' ? user : `${where}\\${user}`;
}

/** Whether this thread has a token of its own (impersonates someone). */
function impersonating(): boolean {
  const out: Out<MaybePointer> = [null];
  if (advapi32().OpenThreadToken(kernel32().GetCurrentThread(), TOKEN.QUERY, 1, out) === 0) return lastError() !== ERROR.NO_TOKEN;
  ownHandle(checkOut('OpenThreadToken', out[0]), 'thread token').close();
  return true;
}

/** The SID string of an account or group name (`Administrators`, `CONTOSO\Tray Users`). */
export function sidOfAccount(account: string): string {
  const sid = Buffer.alloc(68);
  const sidLength: Out<number> = [sid.length];
  const domain = Buffer.alloc(512);
  const domainLength: Out<number> = [256];
  const use: Out<number> = [0];
  check('LookupAccountNameW', advapi32().LookupAccountNameW(null, account, sid, sidLength, domain, domainLength, use), account);
  return sidToString(sid);
}
