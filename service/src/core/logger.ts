/**
 * The service's logger: pino, in-process (no worker-thread transports: they lose lines on early
 * exit and a service has no console), to a rolling file, plus pretty lines on the terminal in
 * console mode. Secrets are redacted by key wherever they appear in a log record.
 */
import { Writable } from 'node:stream';
import type { LogLevel } from '@tandem/shared';
import { pino, type Logger, type DestinationStream } from 'pino';
import { RollingFile } from './rolling-file.js';

export const REDACTED_KEYS = ['password', 'token', 'secret', 'authorization', 'cookie', 'privateKey'];

export interface ServiceLogOptions {
  readonly file: string;
  readonly level: LogLevel;
  readonly maxFileBytes: number;
  readonly retainFiles: number;
  /** Also write human-readable lines here (console mode's terminal; see prettyTerminal()). */
  readonly pretty?: Writable;
}

export interface ServiceLog {
  readonly logger: Logger;
  readonly file: RollingFile;
}

export function createServiceLog(options: ServiceLogOptions): ServiceLog {
  const file = new RollingFile({
    file: options.file,
    maxBytes: options.maxFileBytes,
    retain: options.retainFiles,
    // When the file cannot take lines (disk full), say so where someone can see it, once.
    onProblem: (problem) => process.stderr.write(problem === undefined ? `tandem: log file writable again: ${options.file}\n` : `tandem: ${problem}; lines go to standard error until it recovers\n`),
  });
  file.open();
  const fileStream: DestinationStream = {
    write: (line: string) => {
      if (!file.write(line)) process.stderr.write(line);
    },
  };
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: fileStream }];
  if (options.pretty !== undefined) streams.push({ level: 'trace', stream: options.pretty });
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    pino.multistream(streams),
  );
  return { logger, file };
}

/**
 * Human-readable log lines for a terminal. Loaded only when asked for: pino-pretty is most of the
 * logger's module graph, and a Windows service has no terminal to show it on.
 */
export async function prettyTerminal(): Promise<Writable> {
  const { PinoPretty } = await import('pino-pretty');
  return PinoPretty({ colorize: process.stdout.isTTY, sync: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }) as Writable;
}
