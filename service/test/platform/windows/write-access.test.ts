/**
 * Who could change the code the service runs, decided on SDDL as Windows reports it for real
 * files and folders (SECURITY.md F1). The descriptors below are what Windows 10/11 and Wine
 * really carry: Program Files, the root of C:, a checkout under C:\, a user's profile.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFileSecurity, SddlError } from '../../../src/platform/windows/sddl.js';
import { trustedSids, untrustedWriters, WELL_KNOWN_SID } from '../../../src/platform/windows/write-access.js';

const TI = WELL_KNOWN_SID.trustedInstaller;
const ALICE = 'S-1-5-21-1004336348-1177238915-682003330-1001';
/** C:\Program Files as Windows 11 ships it. */
const PROGRAM_FILES = `O:${TI}D:PAI(A;;FA;;;${TI})(A;CIIO;GA;;;${TI})(A;;0x1301bf;;;SY)(A;OICIIO;GA;;;SY)(A;;0x1301bf;;;BA)(A;OICIIO;GA;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)(A;OICIIO;GA;;;CO)(A;;0x1200a9;;;AC)(A;OICIIO;GXGR;;;AC)(A;;0x1200a9;;;S-1-15-2-2)(A;OICIIO;GXGR;;;S-1-15-2-2)`;
/** A folder the MSI made under it: inherited from Program Files. */
const INSTALLED = 'O:SYD:AI(A;ID;FA;;;S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464)(A;OICIIOID;GA;;;SY)(A;ID;0x1301bf;;;SY)(A;ID;0x1301bf;;;BA)(A;ID;0x1200a9;;;BU)(A;ID;0x1200a9;;;AC)';
/** The root of C:, where every user may create folders. */
const DRIVE_ROOT = `O:${TI}D:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)(A;CI;LC;;;AU)(A;CIIO;DC;;;AU)`;
/** A folder an administrator made under C:\ (C:\src): Authenticated Users may modify it. */
const UNDER_DRIVE_ROOT = 'O:BAD:AI(A;ID;FA;;;BA)(A;ID;FA;;;SY)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;ID;0x1301bf;;;AU)';
/** Wine: owner and DACL derived from the Unix owner and mode (0644 file, 0777 file). */
const WINE_USER = 'S-1-5-21-0-0-0-1000';
const WINE_FILE = `O:${WINE_USER}D:(A;;FA;;;SY)(A;;FA;;;${WINE_USER})(A;;0x1200a9;;;WD)`;
const WINE_WORLD_WRITABLE = `O:${WINE_USER}D:(A;;FA;;;SY)(A;;FA;;;${WINE_USER})(A;;0x1301ff;;;WD)`;

const trusted = trustedSids();

describe('sddl', () => {
  it('reads owner, entry types, inherit-only flags, aliases and rights as Windows writes them', () => {
    const parsed = parseFileSecurity(DRIVE_ROOT);
    assert.equal(parsed.owner, TI);
    assert.deepEqual(parsed.dacl?.[4], { type: 'allow', inheritOnly: false, mask: 0x4, sid: 'S-1-5-11' });
    assert.equal(parsed.dacl?.[5]?.inheritOnly, true);
    assert.equal(parseFileSecurity('O:BAD:(A;;0x1301bf;;;S-1-5-21-1-2-3-1001)').dacl?.[0]?.mask, 0x1301bf);
  });

  it('takes a missing or NULL DACL as no protection at all', () => {
    assert.equal(parseFileSecurity('O:BA').dacl, null);
    assert.equal(parseFileSecurity('O:BAD:NO_ACCESS_CONTROL').dacl, null);
  });

  it('refuses what it does not understand instead of guessing', () => {
    assert.throws(() => parseFileSecurity('O:BAD:(A;;FA;;;QQ)'), SddlError);
    assert.throws(() => parseFileSecurity('O:BAD:(A;;ZZ;;;SY)'), SddlError);
    assert.throws(() => parseFileSecurity('O:BAD:(AU;SA;FA;;;WD)'), /unexpected entry type/);
  });
});

describe('write-access', () => {
  it('Program Files and what the MSI installs there are safe in every role', () => {
    assert.deepEqual(untrustedWriters(parseFileSecurity(PROGRAM_FILES), 'ancestor', trusted), []);
    for (const role of ['file', 'folder', 'ancestor'] as const) assert.deepEqual(untrustedWriters(parseFileSecurity(INSTALLED), role, trusted), []);
  });

  it('the root of a drive is a safe ancestor (creating folders there moves nothing), but never a folder holding code', () => {
    assert.deepEqual(untrustedWriters(parseFileSecurity(DRIVE_ROOT), 'ancestor', trusted), []);
    assert.deepEqual(untrustedWriters(parseFileSecurity(DRIVE_ROOT), 'folder', trusted), [{ sid: 'S-1-5-11', rights: ['append'] }]);
  });

  it('a checkout under C:\\ can be changed by Authenticated Users (F1)', () => {
    const writers = untrustedWriters(parseFileSecurity(UNDER_DRIVE_ROOT), 'file', trusted);
    assert.deepEqual(writers, [{ sid: 'S-1-5-11', rights: ['write', 'append', 'delete'] }]);
    assert.deepEqual(untrustedWriters(parseFileSecurity(UNDER_DRIVE_ROOT), 'ancestor', trusted), [{ sid: 'S-1-5-11', rights: ['delete'] }]);
  });

  it("an owner outside the trusted accounts is refused: an owner can always rewrite the DACL", () => {
    const profile = `O:${ALICE}D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;${ALICE})`;
    assert.deepEqual(untrustedWriters(parseFileSecurity(profile), 'ancestor', trusted), [{ sid: ALICE, rights: ['owner', 'delete children', 'delete', 'change permissions', 'take ownership'] }]);
  });

  it('no DACL means everyone may do everything', () => {
    assert.deepEqual(untrustedWriters(parseFileSecurity('O:SYD:NO_ACCESS_CONTROL'), 'file', trusted), [{ sid: 'Everyone (no DACL)', rights: ['full control'] }]);
  });

  it('deny entries, inherit-only entries, CREATOR OWNER and OWNER RIGHTS never make a path unsafe', () => {
    const sddl = `O:SYD:P(D;;FA;;;AU)(A;OICIIO;FA;;;AU)(A;;FA;;;CO)(A;;FA;;;OW)(A;;FA;;;SY)`;
    assert.deepEqual(untrustedWriters(parseFileSecurity(sddl), 'file', trusted), []);
  });

  it('generic rights count as what they grant', () => {
    assert.deepEqual(untrustedWriters(parseFileSecurity('O:SYD:(A;;GW;;;BU)'), 'file', trusted), [{ sid: 'S-1-5-32-545', rights: ['write'] }]);
    assert.deepEqual(untrustedWriters(parseFileSecurity('O:SYD:(A;;GW;;;BU)'), 'ancestor', trusted), []);
    assert.deepEqual(untrustedWriters(parseFileSecurity('O:SYD:(A;;GA;;;BU)'), 'ancestor', trusted), [{ sid: 'S-1-5-32-545', rights: ['full control'] }]);
  });

  it("Wine: the service's own account is trusted only when passed in; a world-writable file is refused all the same", () => {
    assert.equal(untrustedWriters(parseFileSecurity(WINE_FILE), 'file', trusted).length, 1);
    const wine = trustedSids([WINE_USER]);
    assert.deepEqual(untrustedWriters(parseFileSecurity(WINE_FILE), 'file', wine), []);
    assert.deepEqual(untrustedWriters(parseFileSecurity(WINE_WORLD_WRITABLE), 'file', wine), [{ sid: 'S-1-1-0', rights: ['write', 'append', 'delete children', 'delete'] }]);
  });
});

describe('trusted-code', () => {
  it('checks the file, the folder holding it, and every folder above, up to the drive', async () => {
    const { pathsToCheck } = await import('../../../src/platform/windows/trusted-code.js');
    assert.deepEqual(pathsToCheck('C:\\Program Files\\Tandem\\service\\node.exe'), [
      { path: 'C:\\Program Files\\Tandem\\service\\node.exe', role: 'file' },
      { path: 'C:\\Program Files\\Tandem\\service', role: 'folder' },
      { path: 'C:\\Program Files\\Tandem', role: 'ancestor' },
      { path: 'C:\\Program Files', role: 'ancestor' },
      { path: 'C:\\', role: 'ancestor' },
    ]);
  });
});
