/** What a restart does with each planned repeat, as a table on a fixed clock. */
import { describe, expect, it } from 'vitest';
import type { PlayoutBlock } from '../../src/playout/queue.js';
import { recoverRepeats, replayable } from '../../src/playout/repeats.js';

const NOW = Date.parse('2026-12-01T08:00:00.000Z');
const MIN = 60_000;
const b = (key: string, startAt: number): PlayoutBlock => ({
  key, startAt, priority: 'khan-cap', campaign: null, items: [{ key: `${key}/1`, title: key, audioPath: '/a.mp3', contentHash: 'h' }],
});

describe('recoverRepeats', () => {
  it.each([
    // [what, start, on record, fate]
    ['due later', NOW + 2 * MIN, false, 'requeue'],
    ['due just now, the restart took 5 s', NOW - 5000, false, 'requeue'],
    ['at the very edge of the late window', NOW - 10 * MIN, false, 'requeue'],
    ['past the late window', NOW - 10 * MIN - 1, false, 'missed'],
    ['already aired (or cut, or missed) before the crash', NOW + MIN, true, 'done'],
    ['on record and long past', NOW - 60 * MIN, true, 'done'],
  ] as const)('%s → %s', (what, startAt, onRecord, fate) => {
    const out = recoverRepeats([{ block: b('r#2', startAt), onRecord }], NOW, 10 * MIN);
    expect(out.map((f) => f.kind), `${what}: ${JSON.stringify(out)}`).toEqual([fate]);
  });

  it('a missed repeat says why, with its instant', () => {
    const [f] = recoverRepeats([{ block: b('r#3', NOW - 11 * MIN), onRecord: false }], NOW, 10 * MIN);
    expect(f.kind === 'missed' && f.reason).toMatch(/2026-12-01T07:49:00.000Z.*10 phút/);
  });

  it('a live item cannot be replayed after a restart', () => {
    expect(replayable(b('x', NOW))).toBe(true);
    expect(replayable({ ...b('x', NOW), items: [{ kind: 'live', key: 'x/1', title: 'x', speaker: 'a' }] })).toBe(false);
  });
});
