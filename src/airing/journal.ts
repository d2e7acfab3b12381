/**
 * The airing log's journal: where playout's writes go while the database will not take them (a
 * full disk, a lost PostgreSQL server, a lock held past its bound), so an airing never depends on
 * a write and the log loses nothing that aired. One file beside the database, preallocated (zeros
 * written) when the station starts: writing into blocks a file already owns needs no free space
 * on ext4, xfs or tmpfs (it does on copy-on-write file systems such as btrfs or zfs, where the
 * journal is only as good as the space left). Each call is one JSON line, on disk (fdatasync)
 * before the call returns; the first NUL byte ends the records. `AiringLog` replays it in order,
 * in one transaction, once the store takes writes again, and at start before recovery.
 *
 * Left out: growing past the preallocated size (a call that does not fit fails as it would
 * without a journal) and merging heartbeats.
 */
import { closeSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { AiringEnd, AiringMissed, AiringStart } from './port.js';

/** The journal's file in the data dir. */
export const AIRING_JOURNAL_FILE = 'airing-journal.log';
/** About 2,000 begin/finish pairs, or hours of heartbeats: a full disk noticed within a day. */
export const JOURNAL_BYTES = 1 << 20;

/** One sink call; ids below 0 are provisional (a row not yet in the database). */
export type JournalEntry =
  | { readonly op: 'begin'; readonly id: number; readonly a: AiringStart }
  | { readonly op: 'heartbeat'; readonly id: number; readonly at: Date }
  | { readonly op: 'finish'; readonly id: number; readonly end: AiringEnd }
  | { readonly op: 'verified'; readonly id: number; readonly verified: boolean }
  | { readonly op: 'note'; readonly id: number; readonly note: string }
  | { readonly op: 'missed'; readonly id: number; readonly m: AiringMissed };

const DATE_FIELDS = ['scheduledAt', 'startedAt', 'endedAt', 'at'];

/** JSON with the sink's Dates brought back. */
function revive(line: string): JournalEntry | null {
  try {
    return JSON.parse(line, (k, v) => (DATE_FIELDS.includes(k) && typeof v === 'string' ? new Date(v) : v)) as JournalEntry;
  } catch {
    return null; // a line cut by a crash mid-write
  }
}

export class AiringJournal {
  readonly #fd: number;
  readonly #size: number;
  #offset: number;
  #entries: JournalEntry[];
  /** How many of `entries` a previous run of the station left. */
  readonly inherited: number;

  private constructor(fd: number, size: number, offset: number, entries: JournalEntry[]) {
    this.#fd = fd;
    this.#size = size;
    this.#offset = offset;
    this.#entries = entries;
    this.inherited = entries.length;
  }

  /**
   * Opens (creating and preallocating) the journal at `path`, with what a previous run left in it.
   * Throws the system's error when the file cannot be made (the caller runs without a journal).
   */
  static open(path: string, size = JOURNAL_BYTES): AiringJournal {
    closeSync(openSync(path, 'a')); // made if missing; positional writes need 'r+'
    const fd = openSync(path, 'r+');
    try {
      const have = fstatSync(fd).size;
      const buf = Buffer.alloc(have);
      if (have) readSync(fd, buf, 0, have, 0);
      const nul = buf.indexOf(0);
      const used = nul === -1 ? have : nul;
      const text = buf.subarray(0, used).toString('utf8');
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      const entries = complete.split('\n').filter(Boolean).map(revive).filter((e): e is JournalEntry => e !== null);
      if (have < size) writeSync(fd, Buffer.alloc(size - have), 0, size - have, have);
      // A line a crash cut short is zeroed, so the next line starts clean.
      const end = Buffer.byteLength(complete);
      if (used > end) writeSync(fd, Buffer.alloc(used - end), 0, used - end, end);
      fdatasyncSync(fd);
      return new AiringJournal(fd, Math.max(size, have), end, entries);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  entries(): readonly JournalEntry[] {
    return this.#entries;
  }

  /** Writes the entry into the preallocated space and flushes it; false when it does not fit. */
  append(e: JournalEntry): boolean {
    if (this.#closed) return false;
    const line = Buffer.from(`${JSON.stringify(e)}\n`);
    if (this.#offset + line.length > this.#size) return false;
    writeSync(this.#fd, line, 0, line.length, this.#offset);
    fdatasyncSync(this.#fd);
    this.#offset += line.length;
    this.#entries.push(e);
    return true;
  }

  /** Forgets every entry (they are in the database now): zeros over what was written. */
  clear(): void {
    if (this.#offset > 0) {
      writeSync(this.#fd, Buffer.alloc(this.#offset), 0, this.#offset, 0);
      fdatasyncSync(this.#fd);
    }
    this.#offset = 0;
    this.#entries = [];
  }

  #closed = false;

  /** Closed with its stores: nothing more is written or replayed through it. */
  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}
