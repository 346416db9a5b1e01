/**
 * diagnostics.collect: the service's logs, configuration, audit trail and status in one ZIP
 * that the requesting user can read and attach to a support ticket. Each log file is capped
 * (its newest part is kept) so an archive stays small enough to send.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Status } from '@tandem/shared';
import { writeFileAtomic } from './atomic-file.js';
import { buildZip, type ZipEntry } from './zip-writer.js';

export const MAX_FILE_IN_ARCHIVE = 4 * 1024 * 1024;

export interface DiagnosticsInput {
  readonly status: Status;
  readonly config: unknown;
  /** Files to include, by the name they get in the archive. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly path: string }>;
  readonly outputDir: string;
  readonly now?: Date;
}

export async function writeDiagnostics(input: DiagnosticsInput): Promise<{ path: string; bytes: number; files: string[] }> {
  const now = input.now ?? new Date();
  const entries: ZipEntry[] = [
    { name: 'status.json', data: Buffer.from(`${JSON.stringify(input.status, null, 2)}\n`) },
    { name: 'config.json', data: Buffer.from(`${JSON.stringify(input.config, null, 2)}\n`) },
  ];
  const missing: string[] = [];
  for (const file of input.files) {
    const data = await readTail(file.path, MAX_FILE_IN_ARCHIVE);
    if (data === undefined) missing.push(file.name);
    else entries.push({ name: file.name, data });
  }
  if (missing.length > 0) entries.push({ name: 'missing.txt', data: Buffer.from(`Not found or unreadable:\n${missing.join('\n')}\n`) });
  const archive = buildZip(entries);
  await fs.mkdir(input.outputDir, { recursive: true });
  const target = path.join(input.outputDir, `tandem-diagnostics-${now.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.zip`);
  await writeFileAtomic(target, archive, 0o600);
  return { path: target, bytes: archive.length, files: entries.map((e) => e.name) };
}

async function readTail(file: string, max: number): Promise<Buffer | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, max);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer;
  } finally {
    await handle.close();
  }
}
