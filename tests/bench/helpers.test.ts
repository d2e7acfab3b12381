/**
 * The benches' own helpers: CPU accounting from /proc (real processes for the tree and the group
 * kill), percentiles and jitter, the first-sound detector, and the bench notices (accepted by the
 * text stage, a different spoken script per variant so each is a fresh render).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstLoudWindow, jitterP99, percentile, until } from '../../bench/measure.js';
import { noticeText } from '../../bench/notice.js';
import { parseStat, spawnChild, stopChild, treeTicks, type ProcStat } from '../../bench/proc.js';
import { prepareScript } from '../../src/text/index.js';

describe('parseStat', () => {
  it('reads the name even when it holds spaces and parentheses, and the four CPU fields', () => {
    const line = '42 (ff) (x) S 7 42 42 0 -1 4194560 100 0 0 0 11 22 33 44 20 0 1 0 12345 1000 50';
    expect(parseStat(line)).toEqual({ pid: 42, comm: 'ff) (x', ppid: 7, ownTicks: 33, reapedTicks: 77 });
  });

  it('reads this very process', () => {
    const s = parseStat(readFileSync('/proc/self/stat', 'utf8'));
    expect(s.pid).toBeGreaterThan(0);
    expect(s.ppid).toBeGreaterThan(0);
  });
});

describe('treeTicks', () => {
  const st = (pid: number, ppid: number, comm: string, own: number, reaped = 0): ProcStat => ({ pid, ppid, comm, ownTicks: own, reapedTicks: reaped });
  const stats = [
    st(1, 0, 'node', 10, 5), st(2, 1, 'ffmpeg', 3), st(5, 2, 'ffmpeg', 7),
    st(3, 1, 'icecast2', 100), st(4, 3, 'helper', 50), st(6, 99, 'unrelated', 1000),
  ];

  it('sums the root, its live descendants and what each reaped; leaves out other trees', () => {
    expect(treeTicks(1, undefined, stats)).toBe(10 + 5 + 3 + 7 + 100 + 50);
  });

  it('leaves out an excluded process with its whole subtree', () => {
    expect(treeTicks(1, (c) => c === 'icecast2', stats)).toBe(10 + 5 + 3 + 7);
  });

  it('throws for a root that is not running', () => {
    expect(() => treeTicks(77, undefined, stats)).toThrow(/not running/);
  });

  it('keeps the CPU of a child that has exited (in its parent), and stopChild ends the whole group', async () => {
    // A child that burns a fixed amount of work then exits; the shell waits for it, then sleeps.
    const burn = `${process.execPath} -e "let x = 0; for (let i = 0; i < 2e8; i++) x += i; process.exit(x > 0 ? 0 : 1)"`;
    const sh = spawnChild('sh', ['-c', `${burn}; sleep 60`]);
    const childrenOf = (pid: number) => readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => {
      try {
        const s = parseStat(readFileSync(`/proc/${n}/stat`, 'utf8'));
        return s.ppid === pid ? [s] : [];
      } catch {
        return [];
      }
    });
    let sleeper: ProcStat | undefined;
    await until(() => (sleeper = childrenOf(sh.pid!).find((c) => c.comm === 'sleep')) !== undefined, 50_000, 'the burner to finish');
    // 2e8 additions take well over 50 ms of CPU on any machine; that time now sits in the shell's reaped ticks.
    expect(treeTicks(sh.pid!, (c) => c === 'sleep')).toBeGreaterThan(5);
    await stopChild(sh);
    // Gone, or dead and waiting for its new parent (init) to reap it.
    const ended = () => {
      try {
        return /^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${sleeper!.pid}/stat`, 'utf8'));
      } catch {
        return true; // no such process any more
      }
    };
    await until(ended, 10_000, 'the sleeping grandchild to end');
  });
});

describe('percentile and jitter', () => {
  it('nearest rank', () => {
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([5, 1, 3], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('jitter ignores a fixed offset and keeps the spread around the median', () => {
    expect(jitterP99([300, 300, 300])).toBe(0);
    expect(jitterP99([100, 110, 90, 400])).toBe(300);
  });
});

describe('firstLoudWindow', () => {
  const tone = (n: number, dbfs: number) => Int16Array.from({ length: n }, (_, i) => Math.round(32768 * 10 ** (dbfs / 20) * Math.SQRT2 * Math.sin(i / 5)));
  const silenceThen = (loud: Int16Array, silent: number) => {
    const pcm = new Int16Array(silent + loud.length);
    pcm.set(loud, silent);
    return pcm;
  };

  it('finds the window where a −20 dBFS tone starts', () => {
    expect(firstLoudWindow(silenceThen(tone(800, -20), 480), 0, 160, -30)).toBe(480);
  });

  it('ignores sound below the threshold and sound before `from`', () => {
    expect(firstLoudWindow(silenceThen(tone(800, -40), 480), 0, 160, -30)).toBeUndefined();
    const twice = new Int16Array(2000);
    twice.set(tone(160, -10), 0);
    twice.set(tone(160, -10), 1600);
    expect(firstLoudWindow(twice, 320, 160, -30)).toBe(1600);
  });
});

describe('noticeText', () => {
  it('is accepted by the text stage, and each variant speaks differently (a fresh render)', () => {
    const a = prepareScript(noticeText(1));
    const b = prepareScript(noticeText(2));
    expect(a.quality.suspect).toBe(false);
    expect(a.spoken).not.toMatch(/\d/);
    expect(a.spoken).not.toBe(b.spoken);
    expect(prepareScript(noticeText(1)).spoken).toBe(a.spoken);
  });

  it('grows with the minutes asked for', () => {
    expect(noticeText(0, 2).length).toBeGreaterThan(1.8 * noticeText(0, 1).length);
  });
});
