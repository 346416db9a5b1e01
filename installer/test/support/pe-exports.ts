/**
 * The names a PE executable exports. The tray's verified pipe connector calls libuv's
 * uv_open_osfhandle in its own executable (koffi.load(process.execPath)); Electron exports
 * libuv like node.exe does, and this says whether a given build still does.
 *
 * The export directory is entry 0 of the optional header's data directory; its AddressOfNames
 * (at +32) lists NumberOfNames (at +24) name RVAs, each mapped to a file offset through the
 * section table.
 *
 * Usage: node pe-exports.js <file.exe> <name> ...   exits 1 naming the names it lacks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PE_SIGNATURE = 0x00004550;
const PE32_PLUS = 0x20b;
const PE32 = 0x10b;

export function peExports(pe: Buffer): string[] {
  const header = pe.readUInt32LE(0x3c);
  if (pe.readUInt32LE(header) !== PE_SIGNATURE) throw new Error('not a PE file: no PE signature at e_lfanew');
  const sectionCount = pe.readUInt16LE(header + 6);
  const optionalSize = pe.readUInt16LE(header + 20);
  const optional = header + 24;
  const magic = pe.readUInt16LE(optional);
  if (magic !== PE32 && magic !== PE32_PLUS) throw new Error(`unknown optional header magic 0x${magic.toString(16)}`);
  const exportRva = pe.readUInt32LE(optional + (magic === PE32_PLUS ? 112 : 96));
  if (exportRva === 0) return [];
  const sections = Array.from({ length: sectionCount }, (_, index) => {
    const at = optional + optionalSize + 40 * index;
    return { rva: pe.readUInt32LE(at + 12), size: Math.max(pe.readUInt32LE(at + 8), pe.readUInt32LE(at + 16)), raw: pe.readUInt32LE(at + 20) };
  });
  const offset = (rva: number): number => {
    const section = sections.find((s) => rva >= s.rva && rva < s.rva + s.size);
    if (section === undefined) throw new Error(`RVA 0x${rva.toString(16)} is in no section`);
    return rva - section.rva + section.raw;
  };
  const directory = offset(exportRva);
  const count = pe.readUInt32LE(directory + 24);
  const names = offset(pe.readUInt32LE(directory + 32));
  return Array.from({ length: count }, (_, index) => {
    const start = offset(pe.readUInt32LE(names + 4 * index));
    return pe.toString('latin1', start, pe.indexOf(0, start));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...wanted] = process.argv.slice(2);
  if (file === undefined || wanted.length === 0) {
    process.stderr.write('usage: pe-exports.js <file.exe> <name> ...\n');
    process.exit(2);
  }
  const exported = new Set(peExports(readFileSync(file)));
  const lacking = wanted.filter((name) => !exported.has(name));
  process.stdout.write(`${file} exports ${exported.size} names; ${lacking.length === 0 ? `including ${wanted.join(', ')}` : `but not ${lacking.join(', ')}`}\n`);
  process.exitCode = lacking.length === 0 ? 0 : 1;
}
