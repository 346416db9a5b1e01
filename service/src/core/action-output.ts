/**
 * What is shown of an action's output: its end (where programs say how they did), cleaned of what
 * could disguise text in a notification or a terminal. The program is the administrator's, but
 * a user action runs as the user, who may make it print anything.
 */

/** C0 and C1 controls but tab and newline, and the bidirectional overrides and isolates. */
const DISGUISING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The last `maxChars` characters of `output`, cleaned and trimmed; `…` marks a cut. */
export function outputTail(output: string, maxChars: number): string {
  const clean = output.replace(/\r\n?/g, '\n').replace(DISGUISING, '').trim();
  if (clean.length <= maxChars) return clean;
  let tail = clean.slice(clean.length - maxChars + 1);
  // A cut between the halves of a surrogate pair leaves half a character: drop it.
  if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
  return `…${tail}`;
}
