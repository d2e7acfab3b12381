import { describe, expect, it } from 'vitest';
import { LpError } from '../../src/errors.js';
import { isRetryable, refuseUnspeakable, toTtsError, TtsFailure } from '../../src/speech/errors.js';
import { createLimiter, withRetry, type PacingClock } from '../../src/speech/limit.js';
import { parseWav, toWav } from '../../src/speech/wav.js';

describe('toTtsError: the one mapping from adapter failures to LP_ERR_TTS_*', () => {
  it.each([
    [new TtsFailure('rejected', 'x'), 'LP_ERR_TTS_REJECTED'],
    [new TtsFailure('timeout', 'x'), 'LP_ERR_TTS_TIMEOUT'],
    [new TtsFailure('unavailable', 'x'), 'LP_ERR_TTS_UNAVAILABLE'],
    [new TtsFailure('failed', 'x'), 'LP_ERR_TTS_FAILED'],
    [Object.assign(new Error('quota'), { code: 8 }), 'LP_ERR_TTS_QUOTA'],
    [Object.assign(new Error('deadline'), { code: 4 }), 'LP_ERR_TTS_TIMEOUT'],
    [Object.assign(new Error('bad'), { code: 3 }), 'LP_ERR_TTS_REJECTED'],
    [Object.assign(new Error('who'), { code: 16 }), 'LP_ERR_TTS_AUTH'],
    [Object.assign(new Error('down'), { code: 14 }), 'LP_ERR_TTS_UNAVAILABLE'],
    [Object.assign(new Error('http'), { status: 429 }), 'LP_ERR_TTS_QUOTA'],
    [Object.assign(new Error('http'), { response: { status: 502 } }), 'LP_ERR_TTS_UNAVAILABLE'],
    [Object.assign(new Error('http'), { status: 403 }), 'LP_ERR_TTS_AUTH'],
    [Object.assign(new Error('http'), { status: 504 }), 'LP_ERR_TTS_TIMEOUT'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'LP_ERR_TTS_UNAVAILABLE'],
    [new Error('something odd'), 'LP_ERR_TTS_FAILED'],
    ['a string', 'LP_ERR_TTS_FAILED'],
  ])('%s → %s', (e, code) => {
    const err = toTtsError('google', e, 'đoạn 2/3');
    expect(err.code).toBe(code);
    expect(err.message).toContain('google đoạn 2/3');
  });

  it('keeps an LpError as it is, and retries only quota, outage and timeout', () => {
    const own = new LpError('LP_ERR_TEXT_NOTHING_TO_AIR');
    expect(toTtsError('espeak', own)).toBe(own);
    expect(['LP_ERR_TTS_QUOTA', 'LP_ERR_TTS_UNAVAILABLE', 'LP_ERR_TTS_TIMEOUT'].every((c) => isRetryable(new LpError(c as never)))).toBe(true);
    expect(['LP_ERR_TTS_REJECTED', 'LP_ERR_TTS_AUTH', 'LP_ERR_TTS_FAILED'].some((c) => isRetryable(new LpError(c as never)))).toBe(false);
  });

  it('refuses digits of any script and blank text', () => {
    expect(refuseUnspeakable('năm hai nghìn')).toBeNull();
    expect(refuseUnspeakable('số ٣')?.kind).toBe('rejected');
    expect(refuseUnspeakable('\n')?.kind).toBe('rejected');
  });
});

/**
 * Virtual time: sleepers wake in time order, each once the work already under way has settled
 * (setImmediate), and the clock jumps to their instant. No test here waits on the wall clock.
 */
function virtualClock(): PacingClock {
  let t = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  let pending = false;
  const fire = () => {
    pending = false;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return;
    t = next.at;
    next.wake();
    if (timers.length) schedule();
  };
  const schedule = () => {
    if (!pending) (pending = true), setImmediate(fire);
  };
  return { now: () => t, sleep: (ms) => new Promise<void>((wake) => (timers.push({ at: t + ms, wake }), schedule())) };
}

describe('pacing', () => {
  it('never runs more than `concurrency` calls at once', async () => {
    const limited = createLimiter({ concurrency: 2, perMinute: Infinity });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limited(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 10));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it('starts at most `perMinute` calls per window', async () => {
    const clock = virtualClock();
    const limited = createLimiter({ concurrency: 10, perMinute: 2, windowMs: 150, clock });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => limited(async () => starts.push(clock.now()))));
    expect(starts.sort((a, b) => a - b)).toEqual([0, 0, 150, 150, 300]);
  });

  it('retries with growing delays only what the predicate allows', async () => {
    const clock = virtualClock();
    const times: number[] = [];
    const delays: number[] = [];
    const r = await withRetry(async (n) => {
      times.push(clock.now());
      if (n < 3) throw new Error('again');
      return n;
    }, () => true, { attempts: 4, baseDelayMs: 20, clock, random: () => 0.5, onRetry: (_e, _n, ms) => delays.push(ms) });
    expect(r).toBe(3);
    // Doubling from the base, the jitter at its middle: 20 then 40.
    expect(delays).toEqual([20, 40]);
    expect(times).toEqual([0, 20, 60]);
    // The jitter stays within ±25 %.
    const jittered: number[] = [];
    await withRetry(async (n) => { if (n < 2) throw new Error('x'); }, () => true, { attempts: 2, baseDelayMs: 100, clock, random: () => 0, onRetry: (_e, _n, ms) => jittered.push(ms) });
    await withRetry(async (n) => { if (n < 2) throw new Error('x'); }, () => true, { attempts: 2, baseDelayMs: 100, clock, random: () => 1, onRetry: (_e, _n, ms) => jittered.push(ms) });
    expect(jittered).toEqual([75, 125]);
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('no'); }, () => false, { attempts: 4, baseDelayMs: 1, clock })).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});

describe('wav', () => {
  it('round-trips PCM and tolerates a pipe header with placeholder sizes', () => {
    const samples = Buffer.from(new Int16Array([0, 1000, -1000, 32767]).buffer);
    expect(parseWav(toWav({ sampleRate: 22050, samples }))).toEqual({ sampleRate: 22050, samples });
    const piped = toWav({ sampleRate: 22050, samples });
    piped.writeUInt32LE(0x7ffff000, 40);
    expect(parseWav(piped).samples.length).toBe(8);
    expect(() => parseWav(Buffer.from('not a wav at all'))).toThrow();
  });
});
