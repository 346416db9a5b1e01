/**
 * SDDL read back from Windows (ConvertSecurityDescriptorToStringSecurityDescriptorW), parsed into
 * the owner and the DACL's entries with numeric rights and full SIDs. Pure: no koffi, so the
 * decisions made on it are tested on any OS. Only what a file's owner and DACL can hold is
 * understood; anything else is an error, never a guess.
 */

/** SDDL's two-letter account aliases, as Windows writes them, for the SIDs files carry. */
const SID_ALIASES: Readonly<Record<string, string>> = {
  AN: 'S-1-5-7', AU: 'S-1-5-11', BA: 'S-1-5-32-544', BG: 'S-1-5-32-546', BO: 'S-1-5-32-551', BU: 'S-1-5-32-545',
  CG: 'S-1-3-1', CO: 'S-1-3-0', IU: 'S-1-5-4', LS: 'S-1-5-19', NS: 'S-1-5-20', NU: 'S-1-5-2', OW: 'S-1-3-4',
  PS: 'S-1-5-10', PU: 'S-1-5-32-547', RC: 'S-1-5-12', RD: 'S-1-5-32-555', SO: 'S-1-5-32-549', SU: 'S-1-5-6',
  SY: 'S-1-5-18', WD: 'S-1-1-0', AC: 'S-1-15-2-1', WR: 'S-1-5-33', AS: 'S-1-18-1', SS: 'S-1-18-2',
  IS: 'S-1-5-32-568', RU: 'S-1-5-32-554', AO: 'S-1-5-32-548', PO: 'S-1-5-32-550', RE: 'S-1-5-32-552',
  NO: 'S-1-5-32-556', MU: 'S-1-5-32-558', LU: 'S-1-5-32-559', ER: 'S-1-5-32-573', RM: 'S-1-5-32-580',
  HA: 'S-1-5-32-578', CY: 'S-1-5-32-569', ED: 'S-1-5-9', SI: 'S-1-5-64-21', WI: 'S-1-5-32-545',
};

/** SDDL's rights letters (file objects use the directory-service names for the low bits). */
const RIGHTS: Readonly<Record<string, number>> = {
  GA: 0x10000000, GR: 0x80000000, GW: 0x40000000, GX: 0x20000000,
  RC: 0x20000, SD: 0x10000, WD: 0x40000, WO: 0x80000,
  CC: 0x1, DC: 0x2, LC: 0x4, SW: 0x8, RP: 0x10, WP: 0x20, DT: 0x40, LO: 0x80, CR: 0x100,
  FA: 0x1f01ff, FR: 0x120089, FW: 0x120116, FX: 0x1200a0,
  KA: 0xf003f, KR: 0x20019, KW: 0x20006, KX: 0x20019,
};

export interface Ace {
  readonly type: 'allow' | 'deny';
  /** Applies only to children (inherit-only): not checked against this object. */
  readonly inheritOnly: boolean;
  readonly mask: number;
  readonly sid: string;
}

export interface FileSecurity {
  readonly owner: string | null;
  /** null: no DACL at all, or a NULL DACL (`D:NO_ACCESS_CONTROL`): everyone has full access. */
  readonly dacl: readonly Ace[] | null;
}

export class SddlError extends Error {
  constructor(message: string, readonly sddl: string) {
    super(`${message} in SDDL ${sddl}`);
  }
}

function sidOf(text: string, sddl: string): string {
  if (/^S-1-\d+(-\d+)*$/i.test(text)) return text.toUpperCase();
  const sid = SID_ALIASES[text];
  if (sid === undefined) throw new SddlError(`unknown account alias \`${text}\``, sddl);
  return sid;
}

function rightsOf(text: string, sddl: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16) >>> 0;
  if (text.length % 2 !== 0) throw new SddlError(`unreadable rights \`${text}\``, sddl);
  let mask = 0;
  for (let i = 0; i < text.length; i += 2) {
    const right = RIGHTS[text.slice(i, i + 2)];
    if (right === undefined) throw new SddlError(`unknown right \`${text.slice(i, i + 2)}\``, sddl);
    mask = (mask | right) >>> 0;
  }
  return mask;
}

/** Section `X:` of the descriptor (O, G, D, S), up to the next section. */
function section(sddl: string, name: 'O' | 'G' | 'D' | 'S'): string | undefined {
  // Sections start at the top level: outside parentheses.
  let depth = 0;
  let start = -1;
  for (let i = 0; i < sddl.length; i++) {
    const c = sddl[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && sddl[i + 1] === ':' && (c === 'O' || c === 'G' || c === 'D' || c === 'S')) {
      if (start >= 0) return sddl.slice(start, i);
      if (c === name) start = i + 2;
    }
  }
  return start >= 0 ? sddl.slice(start) : undefined;
}

/** Parses the owner and DACL of SDDL such as `O:BAD:PAI(A;OICI;FA;;;SY)(A;;0x1200a9;;;BU)`. */
export function parseFileSecurity(sddl: string): FileSecurity {
  const ownerText = section(sddl, 'O');
  const owner = ownerText === undefined || ownerText === '' ? null : sidOf(ownerText, sddl);
  const daclText = section(sddl, 'D');
  if (daclText === undefined || daclText.startsWith('NO_ACCESS_CONTROL')) return { owner, dacl: null };
  const open = daclText.indexOf('(');
  const aceTexts = open < 0 ? [] : daclText.slice(open).match(/\(([^()]*)\)/g) ?? [];
  const dacl = aceTexts.map((raw): Ace => {
    const fields = raw.slice(1, -1).split(';');
    const [type, flags = '', rights = '', , , account] = fields;
    if (account === undefined) throw new SddlError(`malformed entry ${raw}`, sddl);
    // Callback entries (XA/XD) carry a condition; counting them as unconditional errs on the safe side for allows.
    const kind = type === 'A' || type === 'XA' ? 'allow' : type === 'D' || type === 'XD' ? 'deny' : undefined;
    if (kind === undefined) throw new SddlError(`unexpected entry type \`${type ?? ''}\` in a file's DACL`, sddl);
    return { type: kind, inheritOnly: (flags.match(/.{2}/g) ?? ([] as string[])).includes('IO'), mask: rightsOf(rights, sddl), sid: sidOf(account, sddl) };
  });
  return { owner, dacl };
}
