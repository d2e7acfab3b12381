/**
 * Just enough ZIP to stream an XLSX: entries written one after another, each deflated as it comes
 * (sizes and CRC in a data descriptor after the data), the central directory at the end. Entries are
 * compressed in pieces (the writers' 1 MB chunks) on libuv's thread pool while the caller makes the
 * next one, each piece ended with a sync flush so the pieces join into one deflate stream (as pigz
 * does): on two cores
 * the XML of a million rows is made and compressed at once. No ZIP64: an entry or the archive past
 * 4 GiB is refused (a sheet holds at most a million rows, some 400 MB of XML).
 */
import { constants, crc32, deflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { LpError } from '../errors.js';

const deflate = promisify(deflateRaw);
const PIECE = 1 << 19;
const IN_FLIGHT = 3;
const LIMIT = 0xffffffff;

interface Entry {
  readonly name: Buffer;
  readonly offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** DOS date and time fields of a ZIP entry (local time of `d` as UTC fields: the file records no zone). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export class ZipWriter {
  readonly #entries: Entry[] = [];
  readonly #stamp: { time: number; date: number };
  #offset = 0;

  /** `modified` stamps every entry, so the same report makes the same bytes. */
  constructor(modified: Date) {
    this.#stamp = dosTime(modified);
  }

  #count(b: Buffer): Buffer {
    this.#offset += b.length;
    if (this.#offset > LIMIT) throw new LpError('LP_ERR_REPORT_WRITE', 'tệp XLSX vượt quá 4 GiB: chia báo cáo theo kênh hoặc dùng CSV');
    return b;
  }

  /** One entry from its content in pieces (strings or bytes); yields the archive's bytes as they are ready. */
  async *entry(name: string, content: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<Buffer> {
    const e: Entry = { name: Buffer.from(name, 'utf8'), offset: this.#offset, crc: 0, compressed: 0, size: 0 };
    this.#entries.push(e);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0808, 6); // sizes in the data descriptor; UTF-8 names
    head.writeUInt16LE(8, 8);
    head.writeUInt16LE(this.#stamp.time, 10);
    head.writeUInt16LE(this.#stamp.date, 12);
    head.writeUInt16LE(e.name.length, 26);
    yield this.#count(Buffer.concat([head, e.name]));

    const pending: Array<Promise<Buffer>> = [];
    let piece: Buffer[] = [];
    let pieceBytes = 0;
    const send = (last: boolean) => {
      const data = piece.length === 1 ? piece[0] : Buffer.concat(piece);
      piece = [];
      pieceBytes = 0;
      e.crc = crc32(data, e.crc);
      e.size += data.length;
      if (e.size > LIMIT) throw new LpError('LP_ERR_REPORT_WRITE', `${name} vượt quá 4 GiB`);
      // Output room for the whole piece: one trip to the thread pool per piece, not one per 16 kB out.
      pending.push(deflate(data, { level: 1, chunkSize: PIECE, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
    };
    const drain = async function* (self: ZipWriter, keep: number) {
      while (pending.length > keep) {
        const out = await pending.shift()!;
        e.compressed += out.length;
        yield self.#count(out);
      }
    };
    for await (const part of content) {
      const b = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      piece.push(b);
      pieceBytes += b.length;
      if (pieceBytes >= PIECE) {
        send(false);
        yield* drain(this, IN_FLIGHT - 1);
      }
    }
    send(true);
    yield* drain(this, 0);

    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(e.crc, 4);
    desc.writeUInt32LE(e.compressed, 8);
    desc.writeUInt32LE(e.size, 12);
    yield this.#count(desc);
  }

  /** The central directory: the archive's last bytes. */
  end(): Buffer {
    const start = this.#offset;
    const parts = this.#entries.map((e) => {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0808, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(this.#stamp.time, 12);
      c.writeUInt16LE(this.#stamp.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      return Buffer.concat([c, e.name]);
    });
    const dir = Buffer.concat(parts);
    const tail = Buffer.alloc(22);
    tail.writeUInt32LE(0x06054b50, 0);
    tail.writeUInt16LE(this.#entries.length, 8);
    tail.writeUInt16LE(this.#entries.length, 10);
    tail.writeUInt32LE(dir.length, 12);
    tail.writeUInt32LE(start, 16);
    return this.#count(Buffer.concat([dir, tail]));
  }
}
