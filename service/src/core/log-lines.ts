/**
 * Reading the service's log files back for a diagnostics archive: the newest part of a file,
 * as a stream of chunks, optionally only the lines that belong to one logon of one session.
 *
 * How a line is attributed: the log is pino JSON, and every line about a session carries that
 * session's id as its top-level `sessionId` (agent output, launches and exits, connections,
 * quits and actions). Session ids are reused after logoff, so a line also has to be newer than
 * the moment the service began tracking the current logon; a line of the previous user of the
 * same session id is older than that. Lines without a `sessionId` are the service's own and
 * belong to nobody's session. A line that is not JSON (a cut first line) is nobody's either.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Lines longer than this are not the service's (it bounds what it logs) and are skipped whole. */
export const MAX_LOG_LINE_BYTES = 64 * 1024;

export interface LogOwner {
  readonly sessionId: number;
  /** When the service began tracking this logon (epoch ms, as pino's `time`). */
  readonly since: number;
}

/** Whether one JSON log line belongs to `owner`. */
export function belongsTo(line: string, owner: LogOwner): boolean {
  // Cheap test first: most lines of a busy service are about other sessions or none.
  if (!line.includes(`"sessionId":${owner.sessionId}`)) return false;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof record !== 'object' || record === null) return false;
  const { sessionId, time } = record as { sessionId?: unknown; time?: unknown };
  return sessionId === owner.sessionId && typeof time === 'number' && time > owner.since;
}

/**
 * Opens `file` and returns its last `maxBytes` as a stream, or undefined when it cannot be
 * opened. The caller consumes the stream, which closes the file.
 */
export async function openTail(file: string, maxBytes: number): Promise<AsyncIterable<Buffer> | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    return createReadStream('', { fd: handle, start: Math.max(0, size - maxBytes), end: Math.max(0, size - 1), autoClose: true, highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Passes on only the whole lines of `chunks` that `keep` accepts, each with its newline. */
export async function* filterLines(chunks: AsyncIterable<Buffer>, keep: (line: string) => boolean): AsyncGenerator<Buffer> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  for await (const chunk of chunks) {
    const text = carry + decoder.write(chunk);
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    const kept: string[] = [];
    for (const line of lines) {
      if (skipping) {
        skipping = false;
        continue;
      }
      if (keep(line)) kept.push(line);
    }
    if (carry.length > MAX_LOG_LINE_BYTES) {
      // Not a line the service wrote; drop it up to its end rather than hold it.
      carry = '';
      skipping = true;
    }
    if (kept.length > 0) yield Buffer.from(`${kept.join('\n')}\n`, 'utf8');
  }
  if (!skipping && carry !== '' && keep(carry)) yield Buffer.from(`${carry}\n`, 'utf8');
}
