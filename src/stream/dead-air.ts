/**
 * Dead air: while something is on air, the station decodes its own mount as a listener does (a
 * child ffmpeg with silencedetect, never on the loop) and flags silence longer than N seconds —
 * a relay whose upstream sends nothing, a muted microphone, a file that is mostly silence, a gap
 * the timeline filled with silence. The watch runs only while a channel has an item on air (idle
 * channels cost nothing) and is stopped a few seconds after it goes idle.
 *
 * A new listener first gets Icecast's burst: up to 64 KB from before it connected, the idle
 * silence before the item included, decoded at once. Stream time is mapped to the wall clock by
 * ffmpeg's own progress lines: once the decoder has caught up, wall − stream time stays at its
 * smallest value, which is the mapping (burst stream times land before the watch connected). Silence
 * from before the item went on air does not count.
 */
import { startFfmpeg, type LongRunningFfmpeg } from '../audio/ffmpeg.js';
import { backoff } from './backoff.js';
import { silenceWatchCommand } from './encoder.js';

export type SilenceEvent = { readonly kind: 'start'; readonly at: number } | { readonly kind: 'end'; readonly at: number; readonly duration: number };

/** The stream time of ffmpeg's progress line ("… time=00:01:02.50 …"), seconds; null for any other line. */
export function parseProgress(line: string): number | null {
  const m = /time=(\d+):(\d+):(\d+(?:\.\d+)?)/.exec(line);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/** silencedetect's report lines; anything else is null. */
export function parseSilence(line: string): SilenceEvent | null {
  const start = /silence_start: (-?\d+(?:\.\d+)?)/.exec(line);
  if (start) return { kind: 'start', at: Number(start[1]) };
  const end = /silence_end: (-?\d+(?:\.\d+)?) \| silence_duration: (\d+(?:\.\d+)?)/.exec(line);
  return end ? { kind: 'end', at: Number(end[1]), duration: Number(end[2]) } : null;
}

/**
 * The stream-to-wall mapping, one progress sample (stream second, wall ms) at a time: the smallest
 * wall − stream seen so far (the decoder caught up). Start from Infinity; until a sample comes the
 * watch uses its connect time (as if there were no burst: that dates silence later, never earlier).
 */
export function foldOffset(prev: number, sec: number, wall: number): number {
  return Math.min(prev, wall - sec * 1000);
}

/**
 * When a silence that began at stream second `startSec` becomes dead air (epoch ms): `minSec` after
 * it began on the wall clock, and no earlier than `minSec` after the channel went on air.
 */
export function deadAirAt(o: { readonly startSec: number; readonly offsetMs: number; readonly onAirSince: number; readonly minSec: number }): number {
  return Math.max(o.offsetMs + o.startSec * 1000, o.onAirSince) + o.minSec * 1000;
}

export interface DeadAirWatchOptions {
  /** The mount as a listener hears it. */
  readonly url: string;
  /** Silence longer than this is dead air. */
  readonly minSec: number;
  /** Below this level is silence. @default -50 */
  readonly noiseDb?: number;
  /** The watch stops this long after the channel went idle (not between two items of a block). @default 3000 */
  readonly idleStopMs?: number;
  readonly onDeadAir: (since: number) => void;
  readonly log: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface DeadAirWatch {
  /** The channel's state, each tick: on air since this instant, or idle (null). */
  onAir(since: number | null): void;
  close(): void;
}

export function watchDeadAir(o: DeadAirWatchOptions): DeadAirWatch {
  const now = o.now ?? Date.now;
  const idleStopMs = o.idleStopMs ?? 3000;
  const retry = backoff(5000);
  let child: LongRunningFfmpeg | null = null;
  let connectedAt = 0;
  /** The smallest wall − stream time seen on the current connection (see liveOffset). */
  let offset = Infinity;
  /** Start of the current run on air (items back to back are one run). */
  let runSince: number | null = null;
  let idleSince: number | null = null;
  /** Something is on air at the last tick (a timer firing while idle flags nothing). */
  let airing = false;
  let timer: NodeJS.Timeout | null = null;
  let restart: NodeJS.Timeout | null = null;
  let flagged = false;

  const clear = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const onEvent = (e: SilenceEvent): void => {
    if (e.kind === 'end') {
      clear();
      if (flagged) o.log(`hết im lặng sau ${e.duration.toFixed(1)} s`);
      flagged = false;
      return;
    }
    if (runSince === null) return;
    clear();
    const at = deadAirAt({ startSec: e.at, offsetMs: Number.isFinite(offset) ? offset : connectedAt, onAirSince: runSince, minSec: o.minSec });
    timer = setTimeout(() => {
      timer = null;
      if (runSince === null || !airing) return;
      flagged = true;
      o.onDeadAir(at - o.minSec * 1000);
    }, Math.max(0, at - now()));
  };

  const start = (): void => {
    const startedAt = now();
    connectedAt = startedAt;
    offset = Infinity;
    // Reported after 1 s of silence: the minSec timing is ours (the burst must be taken off first).
    const c = startFfmpeg(silenceWatchCommand(o.url, { noiseDb: o.noiseDb ?? -50, reportAfterSec: 1 }), {
      onStderr: (line) => {
        if (child !== c) return;
        const sec = parseProgress(line);
        if (sec !== null) offset = foldOffset(offset, sec, now());
        const e = parseSilence(line);
        if (e) onEvent(e);
      },
    });
    child = c;
    void c.exited.then(({ error }) => {
      if (child !== c) return;
      child = null;
      clear();
      if (runSince === null) return;
      // The mount itself went away (the source connection's own alarm says why): watch again soon.
      const delay = retry.failed(now(), startedAt);
      o.log(`theo dõi im lặng ${o.url}: ${error?.detail ?? 'luồng kết thúc'}; thử lại sau ${delay} ms`);
      restart = setTimeout(() => {
        restart = null;
        if (runSince !== null && !child) start();
      }, delay);
    });
  };

  const stop = (): void => {
    clear();
    if (restart) clearTimeout(restart);
    restart = null;
    const c = child;
    child = null;
    c?.kill();
    flagged = false;
  };

  return {
    onAir(since) {
      const t = now();
      airing = since !== null;
      if (since !== null) {
        idleSince = null;
        runSince ??= since;
        if (!child && !restart) start();
        return;
      }
      if (runSince === null) return;
      idleSince ??= t;
      if (t - idleSince >= idleStopMs) {
        runSince = null;
        idleSince = null;
        stop();
      }
    },
    close() {
      runSince = null;
      stop();
    },
  };
}
