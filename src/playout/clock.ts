/**
 * The one playout clock of a station: a single timer that ticks every channel with the same `now`,
 * so forty idle channels cost one wake-up every `maxSleepMs`, not forty. Each channel says when it
 * next needs a tick (an onset's hand-off, a keying) and the clock sleeps until the earliest of
 * those, never longer than `maxSleepMs`, and re-reads the wall clock on waking: the clock, not the
 * timer, is the truth (croner's `maxDelay` reasoning). A wake-up that comes late — the event loop
 * was blocked — is logged as a catch-up, as Liquidsoap's "We must catchup" does; the channels
 * themselves decide what a late tick means for their frames (see timeline.ts, `maxCatchUpMs`).
 */

/** A channel as the clock sees it. */
export interface Tickable {
  /** Does this tick's work at `now`; returns when it next needs one. */
  tick(now: number): number;
}

export interface PlayoutClock {
  now(): number;
  /** Starts ticking `t`; the returned function stops it. */
  add(t: Tickable): () => void;
  /** Tick as soon as possible (a row was written, a request came in). */
  poke(): void;
}

export interface ClockOptions {
  /** @default Date.now */
  readonly now?: () => number;
  /** Longest sleep between ticks, ms. @default 100 */
  readonly maxSleepMs?: number;
  /** A wake-up later than this is logged (at most once a minute), ms. @default 250 */
  readonly lateLogMs?: number;
  /** @default writes to stderr */
  readonly log?: (line: string) => void;
}

export function createPlayoutClock(o: ClockOptions = {}): PlayoutClock {
  const now = o.now ?? Date.now;
  const maxSleep = o.maxSleepMs ?? 100;
  const lateLog = o.lateLogMs ?? 250;
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const members = new Set<Tickable>();
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let wantAt = 0;
  let loggedAt = -Infinity;
  let worst = 0;

  const schedule = (at: number): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (members.size === 0) return;
    wantAt = at;
    timer = setTimeout(run, Math.max(0, at - now()));
  };

  function run(): void {
    timer = null;
    immediate = null;
    const t = now();
    const late = t - wantAt;
    if (wantAt && late > lateLog) {
      worst = Math.max(worst, late);
      if (t - loggedAt > 60_000) {
        log(`đồng hồ phát: thức dậy trễ ${Math.round(worst)} ms (vòng sự kiện bị chặn); các kênh bắt kịp theo đồng hồ`);
        loggedAt = t;
        worst = 0;
      }
    }
    let next = t + maxSleep;
    for (const m of members) {
      try {
        next = Math.min(next, m.tick(t));
      } catch (e) {
        // One channel's bug must not stop the others' air.
        log(`đồng hồ phát: ${(e as Error).stack ?? e}`);
      }
    }
    schedule(Math.max(next, t + 1));
  }

  return {
    now,
    add(t) {
      members.add(t);
      if (!timer && !immediate) schedule(now());
      return () => {
        members.delete(t);
        if (members.size === 0 && timer) {
          clearTimeout(timer);
          timer = null;
        }
      };
    },
    poke() {
      if (immediate || members.size === 0) return;
      if (timer) clearTimeout(timer);
      timer = null;
      wantAt = 0;
      immediate = setImmediate(run);
    },
  };
}

let shared: PlayoutClock | null = null;

/** The process's clock on the wall time, for channels created without one (one per process). */
export function sharedClock(): PlayoutClock {
  return (shared ??= createPlayoutClock());
}
