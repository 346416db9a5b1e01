/**
 * Reads an Electron app archive (app.asar) as electron-builder writes it, for the packaging
 * test: which files it holds, which of them are unpacked beside it, and their text.
 *
 * The format (electron/asar): a 4-byte length (4), then the header's pickle size; the header
 * pickle at offset 8 holds its payload size, then a length-prefixed JSON tree:
 * `{ files: { name: { files: {…} } | { size, offset, unpacked? } | { link } } }`. File data
 * follows the header pickle; each `offset` (a decimal string) counts from there.
 */
import { readFileSync } from 'node:fs';

export interface ArchivedFile {
  /** `/`-separated, from the archive's root, with a leading `/`: `/node_modules/koffi/package.json`. */
  readonly path: string;
  /** Stored in `app.asar.unpacked` instead of the archive. */
  readonly unpacked: boolean;
  readonly size: number;
  /** Where the data is in the archive file; null when unpacked. */
  readonly dataOffset: number | null;
}

interface HeaderNode {
  readonly files?: Record<string, HeaderNode>;
  readonly size?: number;
  readonly offset?: string;
  readonly unpacked?: boolean;
  readonly link?: string;
}

export class AsarArchive {
  readonly files: ReadonlyMap<string, ArchivedFile>;
  readonly #bytes: Buffer;

  constructor(file: string) {
    this.#bytes = readFileSync(file);
    if (this.#bytes.length < 16 || this.#bytes.readUInt32LE(0) !== 4) throw new Error(`${file} is not an asar archive`);
    const headerPickleSize = this.#bytes.readUInt32LE(4);
    const jsonLength = this.#bytes.readUInt32LE(12);
    const header = JSON.parse(this.#bytes.subarray(16, 16 + jsonLength).toString('utf8')) as HeaderNode;
    const dataStart = 8 + headerPickleSize;
    const files = new Map<string, ArchivedFile>();
    const walk = (node: HeaderNode, at: string): void => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        const childPath = `${at}/${name}`;
        if (child.files !== undefined) walk(child, childPath);
        else if (child.link === undefined) {
          const unpacked = child.unpacked === true;
          files.set(childPath, { path: childPath, unpacked, size: child.size ?? 0, dataOffset: unpacked ? null : dataStart + Number(child.offset ?? 0) });
        }
      }
    };
    walk(header, '');
    this.files = files;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The text of a file stored in the archive. */
  text(path: string): string {
    const file = this.files.get(path);
    if (file === undefined) throw new Error(`the archive has no ${path}`);
    if (file.dataOffset === null) throw new Error(`${path} is unpacked, not in the archive`);
    return this.#bytes.subarray(file.dataOffset, file.dataOffset + file.size).toString('utf8');
  }
}
