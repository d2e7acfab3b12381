/**
 * The real lengths of ready-made audio files (schedule `audio:` items), probed once per content so
 * the planner never has to guess (it would count an unknown item as DEFAULT_ITEM_SECONDS, 120 s,
 * and report false "too-long" conflicts between slots a few seconds apart). A file is hashed only
 * when its size or time stamp changed, and probed only when its content is new.
 */
import { stat } from 'node:fs/promises';
import { hashFile } from './cache.js';
import { probe } from './ffmpeg.js';

export class AudioLengths {
  /** path → its last stamp (size, mtime) and content hash. */
  readonly #files = new Map<string, { stamp: string; hash: string }>();
  /** content hash → seconds. */
  readonly #seconds = new Map<string, number>();

  /**
   * Brings every path up to date (stat each, hash and probe what changed). A file that cannot be
   * read or decoded is left unknown: the schedule loader and the channel report it.
   */
  async refresh(paths: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(paths)].map(async (path) => {
      try {
        const st = await stat(path);
        const stamp = `${st.size}:${st.mtimeMs}`;
        if (this.#files.get(path)?.stamp === stamp) return;
        const hash = await hashFile(path);
        if (!this.#seconds.has(hash)) this.#seconds.set(hash, (await probe(path)).durationSec);
        this.#files.set(path, { stamp, hash });
      } catch {
        this.#files.delete(path);
      }
    }));
  }

  /** Seconds of the file as last refreshed; undefined when unknown. */
  get(path: string): number | undefined {
    const f = this.#files.get(path);
    return f && this.#seconds.get(f.hash);
  }
}

/** The `audio:` items' paths of loaded schedules (what `refresh` needs before planning). */
export function audioPaths(schedules: ReadonlyArray<{ items: ReadonlyArray<{ kind: string; path?: string }> }>): string[] {
  return schedules.flatMap((s) => s.items.flatMap((i) => (i.kind === 'audio' && i.path ? [i.path] : [])));
}
