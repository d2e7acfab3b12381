/**
 * The content-addressed render cache: `<dir>/<key>.<format>` plus `<key>.json` (the result's
 * facts). Files appear only by rename, so a reader never sees a half-written bulletin; a hit
 * touches the file so pruning drops the least recently used first; the total stays under a bound.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { LpError } from '../errors.js';
import { writeFileAtomic } from '../files.js';

/** Plain data with every object's keys sorted, at every depth, so equal content serialises equally. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
}

/** Every content hash is this long (hex of SHA-256): a render's key and an audio file's hash alike. */
const HASH_HEX = 32;

/**
 * Hash of everything that shapes the sound; stable key order. (An array replacer for
 * JSON.stringify would also filter nested keys, dropping e.g. the profile's filter settings.)
 */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(sortedKeys(parts))).digest('hex').slice(0, HASH_HEX);
}

/** Content hash of a file (a jingle, a bed, an audio item), read as a stream: audio files can be large. */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex').slice(0, HASH_HEX)));
  });
}

/** Failures of our own audio writes (render cache, output copy): disk full gets its own code. */
export function fsError(e: unknown, path: string): LpError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new LpError('LP_ERR_AUDIO_DISK_FULL', path, { cause: e });
  return new LpError('LP_ERR_AUDIO_WRITE', `${path}: ${(e as Error)?.message ?? e}`, { cause: e });
}

export interface CacheEntry<M> {
  readonly path: string;
  readonly meta: M;
}

export class RenderCache<M extends object> {
  constructor(
    readonly dir: string,
    /** Upper bound on the cache's bytes; oldest-used entries go first. */
    readonly maxBytes: number,
  ) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw fsError(e, dir);
    }
  }

  private metaPath(key: string) {
    return join(this.dir, `${key}.json`);
  }

  /** A temp path in the cache dir (same file system, so the final rename is atomic). */
  tempPath(key: string, ext: string): string {
    return join(this.dir, `.${key}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.${ext}.part`);
  }

  get(key: string, ext: string): CacheEntry<M> | null {
    const path = join(this.dir, `${key}.${ext}`);
    try {
      const meta = JSON.parse(readFileSync(this.metaPath(key), 'utf8')) as M;
      const now = new Date();
      utimesSync(path, now, now);
      return { path, meta };
    } catch {
      return null; // missing, half-pruned or unreadable: render again
    }
  }

  /** Moves a finished temp file in and records its facts; then keeps the cache under its bound. */
  put(key: string, ext: string, tempFile: string, meta: M): string {
    const path = join(this.dir, `${key}.${ext}`);
    try {
      renameSync(tempFile, path);
      // The facts last: a reader finds an entry only once both are whole.
      writeFileAtomic(this.metaPath(key), JSON.stringify(meta));
    } catch (e) {
      throw fsError(e, path);
    }
    this.prune(path);
    return path;
  }

  /**
   * Deletes least recently used entries until the total fits, never the one just written; and temp
   * files an hour old (a render, or the write of its facts, that crashed before its rename).
   */
  prune(keep?: string): void {
    const names = readdirSync(this.dir);
    for (const n of names.filter((x) => x.endsWith('.part') || x.endsWith('.tmp'))) {
      const p = join(this.dir, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 3_600_000) rmSync(p, { force: true });
    }
    const files = names
      .filter((n) => !n.startsWith('.') && !n.endsWith('.json'))
      .map((n) => {
        const p = join(this.dir, n);
        const st = statSync(p, { throwIfNoEntry: false });
        return st ? { p, key: n.slice(0, n.indexOf('.')), size: st.size, used: st.mtimeMs } : null;
      })
      .filter((x): x is NonNullable<typeof x> => x !== null)
      .sort((a, b) => a.used - b.used);
    let total = files.reduce((s, x) => s + x.size, 0);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      if (f.p === keep) continue;
      rmSync(this.metaPath(f.key), { force: true });
      rmSync(f.p, { force: true });
      total -= f.size;
    }
  }
}
