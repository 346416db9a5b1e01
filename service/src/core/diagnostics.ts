/**
 * Writing one diagnostics archive: named entries, each a JSON value or the newest part of a
 * file (optionally filtered line by line), streamed into a ZIP next to its final name and
 * renamed into place when complete, so a reader never sees half an archive.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { filterLines, openTail } from './log-lines.js';
import { ZipFileWriter } from './zip-writer.js';

/** Of each file, the newest part this big goes into an archive. */
export const MAX_FILE_IN_ARCHIVE = 4 * 1024 * 1024;

export const ARCHIVE_PREFIX = 'tandem-diagnostics-';

export type ArchiveEntry =
  | { readonly name: string; readonly json: unknown }
  | { readonly name: string; readonly file: string; readonly keepLine?: (line: string) => boolean };

export interface ArchiveResult {
  readonly path: string;
  readonly bytes: number;
  readonly files: string[];
}

export interface WriteArchiveInput {
  readonly entries: readonly ArchiveEntry[];
  readonly outputDir: string;
  /** Part of the file name saying whose archive it is, e.g. `session-3` or `admin`. */
  readonly label: string;
  readonly now: Date;
}

export async function writeArchive(input: WriteArchiveInput): Promise<ArchiveResult> {
  await fs.mkdir(input.outputDir, { recursive: true, mode: 0o700 });
  const stamp = input.now.toISOString().replaceAll(':', '-').replace(/\.(\d+)Z$/, '.$1Z');
  // Random bits: two archives in the same millisecond never share a name.
  const name = `${ARCHIVE_PREFIX}${stamp}-${input.label}-${randomBytes(3).toString('hex')}.zip`;
  const target = path.join(input.outputDir, name);
  const zip = await ZipFileWriter.create(`${target}.partial`);
  const files: string[] = [];
  const missing: string[] = [];
  try {
    for (const entry of input.entries) {
      if ('json' in entry) {
        await zip.add(entry.name, Buffer.from(`${JSON.stringify(entry.json, null, 2)}\n`));
        files.push(entry.name);
        continue;
      }
      const tail = await openTail(entry.file, MAX_FILE_IN_ARCHIVE);
      if (tail === undefined) {
        missing.push(entry.name);
        continue;
      }
      await zip.add(entry.name, entry.keepLine === undefined ? tail : filterLines(tail, entry.keepLine));
      files.push(entry.name);
    }
    if (missing.length > 0) {
      await zip.add('missing.txt', Buffer.from(`Not found or unreadable:\n${missing.join('\n')}\n`));
      files.push('missing.txt');
    }
    const bytes = await zip.finish();
    await fs.rename(zip.file, target);
    return { path: target, bytes, files };
  } catch (error) {
    await zip.abort();
    throw error;
  }
}
