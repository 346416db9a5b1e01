/**
 * Whether this process runs under Wine rather than Windows: Wine's ntdll exports
 * `wine_get_version`, Windows' does not. Asked only where Wine's model of accounts differs from
 * Windows' in a way the code must know (trusted-code.ts), never to skip a check.
 */
import { koffi } from './koffi.js';

let answer: boolean | undefined;

export function isWine(): boolean {
  if (answer === undefined) {
    try {
      koffi().load('ntdll.dll').func('const char * __stdcall wine_get_version()');
      answer = true;
    } catch {
      answer = false;
    }
  }
  return answer;
}
