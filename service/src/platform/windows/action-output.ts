/**
 * What a tray action wrote: every byte is counted, the first `limit` are kept, the rest dropped
 * as they arrive, so a program flooding its output costs the service neither memory nor a
 * blocked pipe (it is read to the end regardless). Pure, so it is tested on any OS.
 */
export class BoundedOutput {
  readonly #limit: number;
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;
  #bytes = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(chunk: Buffer): void {
    this.#bytes += chunk.length;
    const room = this.#limit - this.#keptBytes;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    // A copy: the reader may reuse its buffer, and a slice would keep all of it alive.
    this.#kept.push(Buffer.from(part));
    this.#keptBytes += part.length;
  }

  /** Every byte written, kept or not. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The kept bytes as UTF-8; a character the limit cut in two is left out rather than shown as U+FFFD. */
  text(): string {
    const kept = Buffer.concat(this.#kept, this.#keptBytes);
    return (this.#bytes > this.#keptBytes ? kept.subarray(0, completeUtf8Length(kept)) : kept).toString('utf8');
  }
}

/** How many leading bytes of `bytes` end on a UTF-8 character boundary (a cut sequence at the end is left out). */
export function completeUtf8Length(bytes: Buffer): number {
  let start = bytes.length;
  // Back over continuation bytes (10xxxxxx) to the lead byte of the last sequence, at most three.
  while (start > 0 && bytes.length - start < 3 && ((bytes[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  if (start === 0) return bytes.length;
  const lead = bytes[start - 1] ?? 0;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - (start - 1) < needed ? start - 1 : bytes.length;
}
