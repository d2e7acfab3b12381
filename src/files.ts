/**
 * The one atomic file write, for every stage: the content goes to a temp file beside the target
 * (same directory, so the same file system) and is renamed over it. A reader — the station reloading
 * schedules, a download, the playout opening a rendered bulletin — sees the old file or the whole new
 * one, never part of one; a failed write leaves nothing behind. The file system's own error is thrown
 * as it is: each caller names it with its code (LP_ERR_DATA_DIR, LP_ERR_AUDIO_WRITE, …).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { LpError } from './errors.js';

export interface AtomicWriteOptions {
  /** File mode (e.g. 0o600 for a secret), applied before the rename, whatever the umask. */
  readonly mode?: number;
  /** Create the directory first. @default false */
  readonly mkdir?: boolean;
  /** fsync before the rename, so a power cut cannot leave an empty file under the new name. @default false */
  readonly flush?: boolean;
}

/** A temp name beside `path`, hidden, unique to this process and call. */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function commit(tmp: string, path: string, opts: AtomicWriteOptions): void {
  if (opts.mode !== undefined) chmodSync(tmp, opts.mode);
  renameSync(tmp, path);
}

/**
 * Writes `content` to `path` atomically. `content` may also be a function that fills the temp file
 * it is given (a copy of another file, say).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array | ((tmp: string) => void), opts: AtomicWriteOptions = {}): void {
  if (opts.mkdir) mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathBeside(path);
  try {
    if (typeof content === 'function') content(tmp);
    else writeFileSync(tmp, content, { flag: 'wx', flush: opts.flush ?? false, ...(opts.mode !== undefined ? { mode: opts.mode } : {}) });
    commit(tmp, path, opts);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The same for content that arrives in chunks (a report of a million rows): never all in memory. */
export async function writeChunksAtomic(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, opts: AtomicWriteOptions = {}): Promise<void> {
  if (opts.mkdir) mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathBeside(path);
  try {
    await pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(tmp, { flags: 'wx', flush: opts.flush ?? false, ...(opts.mode !== undefined ? { mode: opts.mode } : {}) }));
    commit(tmp, path, opts);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The compiled JavaScript of a module under src/ (e.g. `documents/work-thread.js`), for a worker
 * thread or a child process to run: under dist/ beside this file in a build, or — when this module
 * runs as TypeScript source (vitest) — in dist/, which `npm test` builds first.
 */
export function compiledModule(fromSrc: string): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), fromSrc);
  const built = resolve(dirname(here), '../dist/src', fromSrc);
  if (!existsSync(built)) throw new LpError('LP_ERR_INTERNAL', `chưa build: ${built} (chạy npm run build)`);
  return built;
}
