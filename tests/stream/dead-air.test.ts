/** Dead air's pure parts: ffmpeg's lines, the stream-to-wall mapping, and when a silence becomes dead air. */
import { describe, expect, test } from 'vitest';
import { deadAirAt, foldOffset, parseProgress, parseSilence } from '../../src/stream/dead-air.js';

describe('ffmpeg lines', () => {
  test.each([
    ['[silencedetect @ 0x55d5c8e0c2c0] silence_start: 12.3456', { kind: 'start', at: 12.3456 }],
    ['[silencedetect @ 0x55d5c8e0c2c0] silence_start: -0.0213', { kind: 'start', at: -0.0213 }],
    ['[silencedetect @ 0x55d5c8e0c2c0] silence_end: 20.5 | silence_duration: 8.1544', { kind: 'end', at: 20.5, duration: 8.1544 }],
    ['size=N/A time=00:00:21.00 bitrate=N/A speed=1.01x', null],
  ] as const)('%s', (line, want) => expect(parseSilence(line)).toEqual(want));
  test.each([
    ['size=N/A time=00:01:02.50 bitrate=N/A speed=1.01x', 62.5],
    ['[silencedetect @ 0x1] silence_start: 3', null],
  ] as const)('%s → %s', (line, want) => expect(parseProgress(line)).toBe(want));
});

const T = Date.parse('2026-11-25T01:00:00Z');

describe('stream time to the wall clock', () => {
  test('an 8.2 s burst decoded at once, then real time: the mapping is the caught-up one', () => {
    // [stream second, wall ms after connecting]: the burst races, then one second per second.
    const samples: Array<[number, number]> = [[2.1, 40], [6.5, 90], [8.2, 120], [8.7, 620], [9.2, 1120], [9.7, 1620]];
    const offset = samples.reduce((o, [sec, ms]) => foldOffset(o, sec, T + ms), Infinity);
    expect(offset - T).toBe(1620 - 9700);
    // Stream second 0 (the burst's start) was 8 s before the watch connected.
    expect(offset - T).toBeLessThan(-8000);
  });
});

describe('when a silence is dead air', () => {
  const offsetMs = T - 8080;
  test.each([
    // [what, stream second it began, the channel on air since (ms after T), dead air at (ms after T)]
    ['silence of the idle mount inside the burst counts only from when the item went on air', 0.5, 300, 8300],
    ['silence 3 s into the item', 11.4, 300, 11_320],
    ['silence late in a long item', 108.08, 0, 108_000],
  ] as const)('%s', (_, startSec, since, want) => {
    expect(deadAirAt({ startSec, offsetMs, onAirSince: T + since, minSec: 8 }) - T).toBeCloseTo(want, 0);
  });
});
