/** Properties over random schedules: planning is deterministic, keys are unique and stable. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PRIORITIES } from '../../src/domain.js';
import type { Plan, ScheduleItem } from '../../src/schedule/index.js';
import { plan, schedulesFrom, yaml } from './helpers.js';

const scheduleArb = fc.record({
  priority: fc.constantFrom(...PRIORITIES),
  hours: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 4 }),
  minute: fc.integer({ min: 0, max: 59 }),
  dow: fc.constantFrom('*', '1-5', '0,6', '3'),
  items: fc.integer({ min: 1, max: 4 }),
  rotate: fc.boolean(),
  oneOffHour: fc.option(fc.integer({ min: 0, max: 23 })),
  channels: fc.constantFrom(null, '[chinh]', '[cum-2]'),
});

type Spec = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(s: Spec): string {
  const slots = [`{cron: "0 ${s.minute} ${s.hours.join(',')} * * ${s.dow}"}`];
  if (s.oneOffHour !== null) slots.push(`{at: "2026-03-06T${String(s.oneOffHour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}"}`);
  const lines: Record<string, string> = { campaign: 'P', priority: s.priority, from: '2026-03-01', slots: `[${slots.join(', ')}]` };
  if (s.rotate) lines.rotate = 'true';
  if (s.channels) lines.channels = s.channels;
  return yaml(lines, Array.from({ length: s.items }, (_, i) => `m${i}`));
}

const inputArb = fc.record({
  specs: fc.array(scheduleArb, { minLength: 1, maxLength: 5 }),
  startHour: fc.integer({ min: 0, max: 23 }),
  days: fc.integer({ min: 1, max: 3 }),
  seconds: fc.integer({ min: 20, max: 1800 }),
  quiet: fc.boolean(),
});

type Input = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

function run(input: Input, order: 'as-is' | 'reversed' = 'as-is'): Plan {
  const files = Object.fromEntries(input.specs.map((s, i) => [`s${i}`, toYaml(s)]));
  const schedules = schedulesFrom(files);
  const from = new Date(Date.UTC(2026, 2, 5, input.startHour - 7));
  return plan(order === 'reversed' ? [...schedules].reverse() : schedules, {
    from,
    until: new Date(from.getTime() + input.days * 86_400_000),
    channels: ['chinh', 'cum-2'],
    quietHours: input.quiet ? { from: '22:00', to: '05:00' } : null,
    durationOf: (_: ScheduleItem) => input.seconds,
  });
}

describe('planner properties', () => {
  test('deterministic, order-independent, unique keys, nothing before its slot', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const a = run(input);
      expect(run(input)).toEqual(a);
      expect(run(input, 'reversed')).toEqual(a);
      const keys = a.blocks.map((b) => b.key);
      expect(new Set(keys).size).toBe(keys.length);
      const itemKeys = a.blocks.flatMap((b) => b.items.map((i) => i.key));
      expect(new Set(itemKeys).size).toBe(itemKeys.length);
      const skippedKeys = a.skipped.map((s) => s.key);
      expect(keys.filter((k) => skippedKeys.includes(k))).toEqual([]);
      for (const b of a.blocks) {
        expect(b.startAt.getTime()).toBeGreaterThanOrEqual(b.slotAt.getTime());
        for (const it of b.items) expect(it.key.startsWith(`${b.key}:`)).toBe(true);
      }
      for (let i = 1; i < a.blocks.length; i++) expect(a.blocks[i].startAt.getTime()).toBeGreaterThanOrEqual(a.blocks[i - 1].startAt.getTime());
    }), { numRuns: 150 });
  });

  test('splitting the window in two gives the same blocks with the same items (rotation is window-independent)', () => {
    fc.assert(fc.property(inputArb, fc.integer({ min: 1, max: 47 }), (input, splitHour) => {
      const quietFree = { ...input, quiet: false, seconds: 20 };
      const whole = run(quietFree);
      const from = new Date(Date.UTC(2026, 2, 5, input.startHour - 7));
      const split = new Date(Math.min(from.getTime() + splitHour * 3_600_000, from.getTime() + input.days * 86_400_000));
      const files = Object.fromEntries(input.specs.map((s, i) => [`s${i}`, toYaml(s)]));
      const schedules = schedulesFrom(files);
      const opts = { channels: ['chinh', 'cum-2'], quietHours: null, durationOf: () => 20 };
      const first = plan(schedules, { ...opts, from, until: split });
      const second = plan(schedules, { ...opts, from: split, until: new Date(from.getTime() + input.days * 86_400_000) });
      const items = (p: Plan): string[] => p.blocks.flatMap((b) => b.items.map((i) => `${i.key} ${i.title}`)).sort();
      expect([...items(first), ...items(second)].sort()).toEqual(items(whole));
    }), { numRuns: 80 });
  });
});
