import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEC_TRAITS, levelBeforeGain, parseEbur128, parseMeteredLufs, planGain, trialLevels } from '../../src/audio/loudness.js';
import { activeLevelDb, assembleSpeech } from '../../src/audio/pcm.js';

const SUMMARY = `[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS
[Parsed_ebur128_0 @ 0x2] Summary:

  Integrated loudness:
    I:         -16.3 LUFS
    Threshold: -26.4 LUFS

  Loudness range:
    LRA:         2.7 LU
    Threshold: -36.5 LUFS
    LRA low:   -18.0 LUFS
    LRA high:  -15.3 LUFS

  True peak:
    Peak:       -1.4 dBFS
`;

describe('parseEbur128', () => {
  it('reads the last summary (ffmpeg may print one per graph configuration)', () => {
    expect(parseEbur128(SUMMARY)).toEqual({ integratedLufs: -16.3, truePeakDb: -1.4 });
  });
  it('true peak is NaN when not measured, -inf is -Infinity, no summary is null', () => {
    expect(parseEbur128('Integrated loudness:\n    I:         -20.5 LUFS\n')?.truePeakDb).toBeNaN();
    expect(parseEbur128('Integrated loudness:\n I: -70.0 LUFS\n True peak:\n    Peak:       -inf dBFS')?.truePeakDb).toBe(-Infinity);
    expect(parseEbur128('size=N/A time=00:00:01')).toBeNull();
  });
});

describe('parseMeteredLufs', () => {
  it('reads the last full-precision value of the named meter, not of another one', () => {
    const log = [
      '[ametadata@plain @ 0x1] frame:1  pts:0 pts_time:0',
      '[ametadata@plain @ 0x1] lavfi.r128.I=-70.000',
      '[ametadata@limited0 @ 0x2] lavfi.r128.I=-16.020',
      '[ametadata@plain @ 0x1] lavfi.r128.I=-29.496',
      '[ametadata@limited0 @ 0x2] lavfi.r128.I=-15.912',
    ].join('\n');
    expect(parseMeteredLufs(log, 'plain')).toBe(-29.496);
    expect(parseMeteredLufs(log, 'limited0')).toBe(-15.912);
    expect(parseMeteredLufs(log, 'limited1')).toBeNull();
  });
});

describe('levelBeforeGain', () => {
  it('property: with a loss linear in the level, the planned level is the fixed point x = L − loss(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: -10, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: -0.8, max: 0, noNaN: true }), (measured, loss0, slope) => {
        const loss = (x: number) => loss0 + slope * (x - measured);
        const levels = trialLevels(measured);
        const x = levelBeforeGain(measured, levels, [loss(levels[0]), loss(levels[1])]);
        expect(x).toBeCloseTo(measured - loss(x), 9);
        // Planned from a level off by up to 1 LU (a trial run beside the voicing), the same answer.
        const near = trialLevels(measured + 0.8);
        expect(levelBeforeGain(measured, near, [loss(near[0]), loss(near[1])])).toBeCloseTo(x, 9);
      }),
    );
  });

  it('does not extrapolate a loss that falls as the limiter holds harder', () => {
    expect(levelBeforeGain(-29.5, [-29.5, -30], [0.4, 0.3])).toBeCloseTo(-29.9, 9);
    // Measured on espeak-ng speech: 0.366 LU taken at the first level, 0.504 at the second.
    expect(levelBeforeGain(-29.5, [-29.5, -30], [0.366, 0.504])).toBeCloseTo(-30.006, 3);
  });
});

describe('planGain', () => {
  it('property: total gain reaches the target and the ceiling lands at the peak limit less the margin', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: -5, noNaN: true }), fc.double({ min: -30, max: -10, noNaN: true }), fc.double({ min: -6, max: 0, noNaN: true }), fc.constantFrom('mp3', 'wav', 'ogg' as const), (measured, target, tp, fmt) => {
        const margin = CODEC_TRAITS[fmt].marginDb;
        const p = planGain(measured, target, tp, margin);
        expect(p.preGainDb + p.gainDb).toBeCloseTo(target - measured, 9);
        expect(p.limit).toBeGreaterThanOrEqual(0.0625);
        expect(p.limit).toBeLessThanOrEqual(1);
        // Output ceiling = limiter ceiling (after pre-gain) raised by the post gain.
        expect(20 * Math.log10(p.limit) + p.gainDb).toBeCloseTo(tp - margin, 9);
      }),
    );
  });
});

const tone = (rate: number, seconds: number, amp: number, hz = 440) =>
  Buffer.from(Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amp * 32767 * Math.sin((2 * Math.PI * hz * i) / rate))).buffer);
const silence = (rate: number, seconds: number) => Buffer.alloc(Math.round(rate * seconds) * 2);
const samplesOf = (b: Buffer) => new Int16Array(b.buffer, b.byteOffset, b.length >> 1);

describe('assembleSpeech', () => {
  const rate = 8000;
  it('trims each chunk’s own silence and puts our pauses between', () => {
    const seg = (pause: number) => ({ pcm: { sampleRate: rate, samples: Buffer.concat([silence(rate, 0.5), tone(rate, 1, 0.5), silence(rate, 0.5)]) }, pauseAfterMs: pause });
    const out = assembleSpeech([seg(700), seg(0)], { leadInMs: 100, tailMs: 200, fadeMs: 8 });
    const s = samplesOf(out.samples);
    // 0.1 lead-in + 2 × (1 s tone + 2 × 15 ms kept) + 0.7 pause + 0.2 tail
    expect(s.length / rate).toBeCloseTo(0.1 + 2 * 1.03 + 0.7 + 0.2, 2);
    expect(s[0]).toBe(0);
    // Each chunk keeps 15 ms of its own (near-)silence before the voice, faded to exact zero at the edge.
    const first = s.findIndex((v) => v !== 0);
    expect(first / rate).toBeCloseTo(0.1 + 0.015, 3);
    // A silent gap of at least the pause between the two tones.
    let longest = 0;
    let run = 0;
    for (let i = Math.round(0.2 * rate); i < s.length - 0.3 * rate; i++) {
      run = s[i] === 0 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest / rate).toBeGreaterThanOrEqual(0.7);
  });

  it('refuses segments at different rates', () => {
    expect(() => assembleSpeech([{ pcm: { sampleRate: 8000, samples: tone(8000, 0.1, 0.5) }, pauseAfterMs: 0 }, { pcm: { sampleRate: 16000, samples: tone(16000, 0.1, 0.5) }, pauseAfterMs: 0 }])).toThrow();
  });

  it('activeLevelDb ignores pauses: a half-silent tone reads like the tone', () => {
    const full = activeLevelDb({ sampleRate: rate, samples: tone(rate, 1, 0.5) });
    expect(full).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
    expect(activeLevelDb({ sampleRate: rate, samples: Buffer.concat([tone(rate, 1, 0.5), silence(rate, 3)]) })).toBeCloseTo(full, 1);
    expect(activeLevelDb({ sampleRate: rate, samples: silence(rate, 1) })).toBe(-Infinity);
  });
});
