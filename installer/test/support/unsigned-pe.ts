/**
 * A stand-in for electron.exe: electron-builder edits the executable's resources in JavaScript,
 * and refuses a signed one ("Parsing signed executable binary is not allowed by default"). The
 * Windows node.exe serves once its Authenticode signature is removed: the security entry of the
 * optional header's data directory says where the certificate table is (a file offset, unlike
 * the other entries) and how long; zero the entry and cut the table off the end of the file.
 */

const PE_SIGNATURE = 0x00004550; // "PE\0\0"
const PE32 = 0x10b;
const PE32_PLUS = 0x20b;
const SECURITY_ENTRY = 4;

/** A copy of `pe` without its certificate table; throws when `pe` is not a signed PE. */
export function withoutAuthenticode(pe: Buffer): Buffer {
  const header = pe.readUInt32LE(0x3c);
  if (pe.readUInt32LE(header) !== PE_SIGNATURE) throw new Error('not a PE file: no PE signature at e_lfanew');
  const optional = header + 24;
  const magic = pe.readUInt16LE(optional);
  if (magic !== PE32 && magic !== PE32_PLUS) throw new Error(`unknown optional header magic 0x${magic.toString(16)}`);
  const entry = optional + (magic === PE32_PLUS ? 112 : 96) + SECURITY_ENTRY * 8;
  const offset = pe.readUInt32LE(entry);
  const size = pe.readUInt32LE(entry + 4);
  if (offset === 0 || size === 0) throw new Error('the PE file is not signed: its security directory is empty');
  if (offset + size !== pe.length) throw new Error(`the certificate table (${offset}+${size}) does not end the file (${pe.length} bytes)`);
  const unsigned = Buffer.from(pe.subarray(0, offset));
  unsigned.writeUInt32LE(0, entry);
  unsigned.writeUInt32LE(0, entry + 4);
  return unsigned;
}
