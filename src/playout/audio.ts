/**
 * An item's audio as the frames its channel airs. A rendered bulletin is already MP3 in its
 * channel's format and is aired as it is; anything else (WAV, Ogg, another rate or bitrate, an
 * audio item someone dropped in) is converted once, in a child ffmpeg, into a cache beside the
 * data dir, and aired from there. Reading and indexing frames is cheap (a header walk); the only
 * heavy work, the conversion, happens ahead of the slot and outside the event loop. The cache is
 * bounded (see pruneCache): a station that runs for years with jingles replaced now and then does not
 * fill the disk with their old conversions.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../audio/ffmpeg.js';
import { LpError, isLpError } from '../errors.js';
import { convertCommand } from '../stream/encoder.js';
import { formatLabel, frameMs, parseFrames, sameFormat, type FrameFormat, type ParsedFrames } from '../stream/mp3.js';
import type { FileItem } from './queue.js';
import type { ItemAudio } from './timeline.js';

/** A file checked (and if need be converted) for a channel: where its frames are, and how long it lasts. */
export interface PreparedFile {
  /** The original, or its converted copy in the cache. */
  readonly path: string;
  readonly durationMs: number;
  readonly primingMs: number;
}

/** @default <tmpdir>/loaphuong-playout */
export const defaultCacheDir = (): string => join(tmpdir(), 'loaphuong-playout');

/** @default 512 MB of converted copies; a ward has a few dozen jingles and audio items of a few MB each. */
export const CACHE_MAX_BYTES = 512 * 1024 * 1024;
/** A copy used within this long is never pruned: it may be prepared for a block about to air. */
const KEEP_RECENT_MS = 60 * 60_000;

/**
 * Keeps the cache under `maxBytes` by removing the copies used longest ago (a use touches the
 * file's mtime), never one used in the last hour. Returns the names removed. A copy removed and
 * needed again is converted again: the cost of a bound is one ffmpeg run, never an item refused.
 */
export function pruneCache(cacheDir: string, maxBytes = CACHE_MAX_BYTES, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(cacheDir).filter((n) => n.endsWith('.mp3'));
  } catch {
    return [];
  }
  const files = names.flatMap((name) => {
    try {
      const st = statSync(join(cacheDir, name));
      return [{ name, size: st.size, usedMs: st.mtimeMs }];
    } catch {
      return []; // removed meanwhile by another station sharing the directory
    }
  }).sort((a, b) => b.usedMs - a.usedMs);
  const removed: string[] = [];
  let total = 0;
  for (const f of files) {
    total += f.size;
    if (total <= maxBytes || now - f.usedMs < KEEP_RECENT_MS) continue;
    rmSync(join(cacheDir, f.name), { force: true });
    removed.push(f.name);
  }
  return removed;
}

const fits = (p: ParsedFrames | null, format: FrameFormat): p is ParsedFrames => p !== null && p.mixed === 0 && sameFormat(p.format, format);

function facts(p: ParsedFrames, format: FrameFormat): { durationMs: number; primingMs: number } {
  return { durationMs: p.count * frameMs(format), primingMs: (p.primingSamples * 1000) / format.sampleRate };
}

/** Conversions under way, by cache file: blocks queued at once for the same file share one child. */
const converting = new Map<string, Promise<PreparedFile>>();

/**
 * Checks that a file can air on a channel of `format`, converting it once when it is not in that
 * format; rejects with LP_ERR_ITEM_KIND_UNSUPPORTED (what is wrong in the detail) when it cannot.
 */
export async function prepareFile(item: Pick<FileItem, 'key' | 'audioPath'>, format: FrameFormat, cacheDir = defaultCacheDir(), cacheMaxBytes = CACHE_MAX_BYTES): Promise<PreparedFile> {
  const refuse = (why: string, cause?: unknown): LpError => new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: ${item.audioPath}: ${why}`, { cause });
  let bytes: Buffer;
  let stamp: string;
  try {
    const st = statSync(item.audioPath);
    if (!st.isFile()) throw new Error('không phải tệp');
    stamp = `${item.audioPath}\n${st.size}\n${st.mtimeMs}\n${formatLabel(format)}`;
    bytes = await readFile(item.audioPath);
  } catch (e) {
    throw refuse((e as Error).message, e);
  }
  const own = parseFrames(bytes);
  if (fits(own, format)) return { path: item.audioPath, ...facts(own, format) };

  // Content-addressed by the file's identity and the target format: converted once, reused after.
  const out = join(cacheDir, `${createHash('sha256').update(stamp).digest('hex').slice(0, 32)}.mp3`);
  try {
    const cached = parseFrames(await readFile(out));
    if (fits(cached, format)) {
      const now = new Date();
      utimesSync(out, now, now); // a use: pruneCache keeps what was used last
      return { path: out, ...facts(cached, format) };
    }
  } catch {
    // Not converted yet.
  }
  let job = converting.get(out);
  if (!job) {
    job = (async () => {
      const tmp = `${out}.${process.pid}.tmp`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        await runFfmpeg(convertCommand(item.audioPath, tmp, format));
        const converted = parseFrames(await readFile(tmp));
        if (!fits(converted, format)) throw new Error(`chuyển sang ${formatLabel(format)} không thành`);
        renameSync(tmp, out);
        pruneCache(cacheDir, cacheMaxBytes);
        return { path: out, ...facts(converted, format) };
      } catch (e) {
        rmSync(tmp, { force: true });
        throw refuse(isLpError(e) ? e.detail ?? e.message : (e as Error).message, e);
      } finally {
        converting.delete(out);
      }
    })();
    converting.set(out, job);
  }
  return job;
}

/** The frames of a prepared file, read into memory (a bulletin is a few hundred KB). */
export async function loadFile(p: PreparedFile, format: FrameFormat): Promise<ItemAudio> {
  const bytes = await readFile(p.path);
  const parsed = parseFrames(bytes);
  if (!fits(parsed, format)) throw new Error(`${p.path}: không còn là ${formatLabel(format)}`);
  const { offsets, count } = parsed;
  return {
    frameCount: count,
    primingMs: (parsed.primingSamples * 1000) / format.sampleRate,
    frame: (i) => (i < count ? bytes.subarray(offsets[i], offsets[i + 1]) : null),
  };
}
