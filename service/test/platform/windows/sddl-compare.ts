/**
 * Comparing a security descriptor read back from Windows with the SDDL Tandem wrote. Windows adds
 * the auto-inherited flag: SetNamedSecurityInfoW converts a file or directory to the automatic
 * inheritance model and sets SE_DACL_AUTO_INHERITED, and NTFS sets it on what it creates, so a
 * DACL written as `D:P(…)` reads back as `D:PAI(…)` (MS Learn, "Automatic Propagation of
 * Inheritable ACEs"; REAL-WINDOWS-REVIEW #5). Wine never adds it. What protects the object is the
 * same either way: the P flag and the entries, in order. Every Windows test compares SDDL here.
 */
import assert from 'node:assert/strict';

export interface Descriptor {
  readonly owner: string | null;
  readonly group: string | null;
  /** The DACL's control flags but AI: P (protected: nothing inherited), AR, NO_ACCESS_CONTROL. */
  readonly flags: readonly string[];
  /** The ACEs as written, `(A;OICI;FA;;;SY)`, in order. */
  readonly aces: readonly string[];
}

const DESCRIPTOR = /^(?:O:(.+?))?(?:G:(.+?))?D:((?:P|AI|AR|NO_ACCESS_CONTROL)*)((?:\([^()]*\))*)$/;

/** Parses `O:…G:…D:<flags>(…)(…)` (owner and group optional); throws on anything else, such as a SACL. */
export function parseDescriptor(sddl: string): Descriptor {
  const match = DESCRIPTOR.exec(sddl);
  if (match === null) throw new TypeError(`Expected SDDL like D:P(A;;FA;;;SY), got \`${sddl}\``);
  const [, owner, group, flags = '', aces = ''] = match;
  return {
    owner: owner ?? null,
    group: group ?? null,
    flags: (flags.match(/P|AI|AR|NO_ACCESS_CONTROL/g) ?? []).filter((flag) => flag !== 'AI').sort(),
    aces: aces.match(/\([^()]*\)/g) ?? [],
  };
}

/** Asserts that `actual` (read back) grants what `expected` (written) does: owner, group, flags and ACEs; AI aside. */
export function assertSameDescriptor(actual: string, expected: string, what = 'security descriptor'): void {
  assert.deepEqual(parseDescriptor(actual), parseDescriptor(expected), `${what}: read back ${actual}, expected ${expected} (the AI flag aside)`);
}
