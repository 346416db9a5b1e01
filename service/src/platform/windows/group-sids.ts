/**
 * The SIDs of the groups eligibility names (`agents.eligibility.group`), looked up once per name.
 * LookupAccountNameW may ask a domain controller and blocks the event loop meanwhile
 * (SECURITY.md I3): a session's eligibility is checked at every logon, unlock and reload,
 * so the answer is kept; a SID written as a SID needs no lookup at all. Failures are not kept:
 * the next check asks again, once the domain controller answers.
 */
const SID_PATTERN = /^S-1-\d+(-\d+)+$/i;

export class GroupSids {
  readonly #lookup: (account: string) => string;
  readonly #known = new Map<string, string>();

  /** `lookup` turns an account name into a SID string (sidOfAccount on Windows). */
  constructor(lookup: (account: string) => string) {
    this.#lookup = lookup;
  }

  sidOf(group: string): string {
    if (SID_PATTERN.test(group)) return group.toUpperCase();
    const key = group.toLowerCase();
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    const sid = this.#lookup(group);
    this.#known.set(key, sid);
    return sid;
  }
}
