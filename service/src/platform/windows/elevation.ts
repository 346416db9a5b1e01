/** Whether this process acts with administrative rights: an elevated token, or LocalSystem. */
import { TOKEN } from './win32/constants.js';
import { kernel32 } from './win32/kernel32.js';
import { openProcessToken, tokenElevation, tokenUserSid } from './win32/token.js';
import { WELL_KNOWN_SID } from './write-access.js';

export function isElevatedProcess(): boolean {
  const token = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY);
  try {
    return tokenUserSid(token.value) === WELL_KNOWN_SID.system || tokenElevation(token.value).elevated;
  } finally {
    token.close();
  }
}

/** The SID this process runs as. */
export function currentUserSid(): string {
  const token = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY);
  try {
    return tokenUserSid(token.value);
  } finally {
    token.close();
  }
}
