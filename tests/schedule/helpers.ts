import { parseScheduleText, planAirings, type Plan, type PlanOptions, type Schedule } from '../../src/schedule/index.js';
import { formatLocal } from '../../src/time/index.js';

export const TZ = 'Asia/Ho_Chi_Minh';

/** Schedules from YAML texts keyed by id; item files are not checked (the planner is pure). */
export function schedulesFrom(files: Record<string, string>): Schedule[] {
  return Object.entries(files).map(([id, text]) => {
    const r = parseScheduleText(text, `/lich/${id}.yaml`, { contentDir: '/noi-dung', checkFiles: false });
    if (!r.schedule) throw new Error(`${id}: ${JSON.stringify(r.problems)}`);
    return r.schedule;
  });
}

/** A local wall-clock time in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function vn(local: string): Date {
  return new Date(`${local}+07:00`);
}

export function plan(schedules: Schedule[], o: Partial<PlanOptions> & { from: Date; until: Date }): Plan {
  return planAirings(schedules, { timezone: TZ, quietHours: { from: '22:00', to: '05:00' }, channels: ['chinh'], ...o });
}

/** "2026-03-05 06:30:00 chinh nq57 [Bản tin 1, Bản tin 2]" per block, as the scenario tables expect. */
export function describeBlocks(p: Plan, tz = TZ): string[] {
  return p.blocks.map((b) => `${formatLocal(b.startAt, tz)} ${b.channelId} ${b.scheduleId} [${b.items.map((i) => i.title).join(', ')}]`);
}

export function describeSkipped(p: Plan, tz = TZ): string[] {
  return p.skipped.map((s) => `${formatLocal(s.at, tz)} ${s.channelId} ${s.scheduleId}: ${s.reason}`);
}

/** The message a failing scenario prints: the planner's own account of its decisions. */
export function traceOf(p: Plan): string {
  return `\n--- trace ---\n${p.trace.join('\n')}\n--- conflicts ---\n${p.conflicts.map((c) => `${c.kind}: ${c.message} → ${c.resolution}`).join('\n')}`;
}

/** Minimal schedule YAML. */
export function yaml(lines: Record<string, string>, items = ['a']): string {
  const body = Object.entries(lines).map(([k, v]) => `${k}: ${v}`).join('\n');
  const its = items.map((t) => `  - bulletin: ban-tin/${t}.txt\n    title: "${t}"`).join('\n');
  return `${body}\nitems:\n${its}\n`;
}
