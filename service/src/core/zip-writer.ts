/**
 * A minimal streaming ZIP writer (deflate, no encryption, no ZIP64) for diagnostics archives: a
 * format every Windows user can open by double-clicking, without adding a dependency for it.
 *
 * Nothing here holds an entry in memory or compresses on the event loop: each entry flows from
 * its source through zlib's asynchronous deflate (libuv's thread pool) to the file, chunk by
 * chunk, and the local header's CRC and sizes are written in place once the entry is done (so
 * the archive needs no data descriptors, which some readers handle poorly).
 */
import { promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 as zlibCrc32, createDeflateRaw } from 'node:zlib';

/** The largest archive this writer produces: without ZIP64, sizes and offsets are 32-bit. */
export const MAX_ZIP_BYTES = 0xffff_ffff;

export function crc32(data: Buffer, previous = 0): number {
  return zlibCrc32(data, previous);
}

interface Written {
  readonly name: Buffer;
  readonly offset: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly time: number;
  readonly date: number;
}

/** Writes one archive to a file. The caller awaits each add() in turn, then finish() or abort(). */
export class ZipFileWriter {
  readonly file: string;
  readonly #handle: fs.FileHandle;
  readonly #written: Written[] = [];
  #offset = 0;

  private constructor(file: string, handle: fs.FileHandle) {
    this.file = file;
    this.#handle = handle;
  }

  /** Creates (or truncates) `file`, readable and writable by the service's account only. */
  static async create(file: string): Promise<ZipFileWriter> {
    return new ZipFileWriter(file, await fs.open(file, 'w', 0o600));
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.#offset;
  }

  /** Adds an entry whose content comes from `source`, compressed as it streams. */
  async add(entryName: string, source: AsyncIterable<Buffer> | Buffer, modified = new Date()): Promise<void> {
    const name = Buffer.from(entryName.replaceAll('\\', '/'), 'utf8');
    const { time, date } = dosTime(modified);
    const offset = this.#offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt16LE(name.length, 26);
    await this.#append(Buffer.concat([local, name]));
    let crc = 0;
    let size = 0;
    const start = this.#offset;
    await pipeline(
      Readable.from(Buffer.isBuffer(source) ? [source] : source),
      async function* measure(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          yield chunk;
        }
      },
      createDeflateRaw(),
      async (compressed: AsyncIterable<Buffer>) => {
        for await (const chunk of compressed) await this.#append(chunk);
      },
    );
    const compressed = this.#offset - start;
    if (this.#offset > MAX_ZIP_BYTES || size > MAX_ZIP_BYTES) throw new RangeError(`${this.file}: the archive grew past ${MAX_ZIP_BYTES} bytes, which needs ZIP64`);
    const sizes = Buffer.alloc(12);
    sizes.writeUInt32LE(crc, 0);
    sizes.writeUInt32LE(compressed, 4);
    sizes.writeUInt32LE(size, 8);
    await this.#handle.write(sizes, 0, sizes.length, offset + 14);
    this.#written.push({ name, offset, crc, compressed, size, time, date });
  }

  /** Writes the central directory and closes the file; returns the archive's size in bytes. */
  async finish(): Promise<number> {
    try {
      const directoryStart = this.#offset;
      for (const entry of this.#written) {
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(20, 4);
        central.writeUInt16LE(20, 6);
        central.writeUInt16LE(0x0800, 8);
        central.writeUInt16LE(8, 10);
        central.writeUInt16LE(entry.time, 12);
        central.writeUInt16LE(entry.date, 14);
        central.writeUInt32LE(entry.crc, 16);
        central.writeUInt32LE(entry.compressed, 20);
        central.writeUInt32LE(entry.size, 24);
        central.writeUInt16LE(entry.name.length, 28);
        central.writeUInt32LE(entry.offset, 42);
        await this.#append(Buffer.concat([central, entry.name]));
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.#written.length, 8);
      end.writeUInt16LE(this.#written.length, 10);
      end.writeUInt32LE(this.#offset - directoryStart, 12);
      end.writeUInt32LE(directoryStart, 16);
      await this.#append(end);
      await this.#handle.sync();
      return this.#offset;
    } finally {
      await this.#handle.close();
    }
  }

  /** Closes and removes a half-written archive. */
  async abort(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    await fs.rm(this.file, { force: true });
  }

  async #append(data: Buffer): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.#handle.write(data, done, data.length - done, this.#offset + done);
      done += bytesWritten;
    }
    this.#offset += data.length;
  }
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
