/** The queue rules as tables: ordering, who may cut in, repeats, how a cut block comes back. */
import { describe, expect, it } from 'vitest';
import type { Priority } from '../../src/domain.js';
import { compareDue, expandRepeats, preempts, resumeAfterCut, type PlayoutBlock } from '../../src/playout/queue.js';

const b = (key: string, startAt: number, priority: Priority = 'thuong', items = 2): PlayoutBlock => ({
  key, startAt, priority, campaign: null,
  items: Array.from({ length: items }, (_, i) => ({ key: `${key}/${i + 1}`, title: `t${i}`, audioPath: `/a/${i}.mp3`, contentHash: `h${i}` })),
});

describe('compareDue', () => {
  it.each([
    // [a, b, which first]
    [b('late-urgent', 200, 'uu-tien'), b('early-normal', 100), 'late-urgent'],
    [b('x', 100), b('y', 200), 'x'],
    [b('alarm', 300, 'khan-cap'), b('prio', 100, 'uu-tien'), 'alarm'],
  ])('%s vs %s → %s first', (x, y, first) => {
    const sorted = [{ block: y, seq: 1 }, { block: x, seq: 0 }].sort(compareDue);
    expect(sorted[0].block.key, JSON.stringify(sorted.map((s) => s.block.key))).toBe(first);
  });
  it('same priority and time: the earlier request first', () => {
    expect([{ block: b('b', 1), seq: 2 }, { block: b('a', 1), seq: 1 }].sort(compareDue)[0].block.key).toBe('a');
  });
});

describe('preempts', () => {
  it.each([
    ['khan-cap', 'thuong', true],
    ['khan-cap', 'uu-tien', true],
    ['khan-cap', 'khan-cap', false],
    ['uu-tien', 'thuong', false],
    ['thuong', 'thuong', false],
  ] as const)('%s over %s → %s', (incoming, onAir, want) => expect(preempts(incoming, onAir)).toBe(want));
});

describe('expandRepeats', () => {
  it('lays copies end to end plus the interval, each with its own keys', () => {
    const out = expandRepeats(b('alarm', 1000, 'khan-cap', 1), 5000, 3, 60_000);
    expect(out.map((x) => [x.key, x.startAt, x.items[0].key])).toEqual([
      ['alarm', 1000, 'alarm/1'],
      ['alarm#2', 66_000, 'alarm/1#2'],
      ['alarm#3', 131_000, 'alarm/1#3'],
    ]);
  });
});

describe('resumeAfterCut', () => {
  it('comes back from the start of the cut item, keeps the rest and the slot time, new keys', () => {
    const back = resumeAfterCut(b('slot', 500, 'thuong', 3), 1);
    expect(back.key).toBe('slot~r1');
    expect(back.startAt).toBe(500);
    expect(back.items.map((i) => i.key)).toEqual(['slot/2~r1', 'slot/3~r1']);
    expect(resumeAfterCut(back, 0).items.map((i) => i.key)).toEqual(['slot/2~r2', 'slot/3~r2']);
  });
});
