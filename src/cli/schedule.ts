/**
 * `loaphuong schedule check [--days N] [--from DATE] [--trace] [--json]`: validates every schedule file, then
 * lists conflicts (with what the planner will do), overruns of the locality's airtime rules,
 * skipped occurrences and the upcoming airings in local time. Exit 0 when every file is valid, 4
 * when any is not (the others are still planned); airtime overruns are warnings.
 */
import { AudioLengths, audioPaths } from '../audio/lengths.js';
import { LpError } from '../errors.js';
import { loadConfig } from '../config/index.js';
import { PRIORITY_LABELS } from '../domain.js';
import {
  checkAirtime, describeAirtimeRules, formatProblem, hasAirtimeRules, loadSchedules, planAirings, type AirtimeCheck, type Plan, type PlanOptions,
  type ScheduleProblem,
} from '../schedule/index.js';
import { formatDurationWords, formatLocal, requireInstant, wholeDays } from '../time/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';

/** How far ahead `check` lists airings. @default 7 */
const DEFAULT_DAYS = 7;
const MAX_DAYS = 366;


function renderText(plan: Plan, problems: ScheduleProblem[], airtime: { rules: string; check: AirtimeCheck } | null, info: { dir: string; valid: number; files: number; days: number; tz: string }): string {
  const out: string[] = [];
  out.push(`Lịch phát trong ${info.dir}: ${info.valid} lịch hợp lệ${problems.length ? `, ${info.files} tệp có lỗi` : ''}.`);
  if (problems.length) {
    out.push('', `Lỗi (${problems.length}):`);
    for (const p of problems) out.push(`  ${formatProblem(p).replace(/\n/g, '\n  ')}`);
  }
  if (plan.conflicts.length) {
    out.push('', `Xung đột (${plan.conflicts.length}):`);
    for (const c of plan.conflicts) out.push(`  [${c.kind}] ${c.message}`, `    → ${c.resolution}`);
  }
  if (airtime && airtime.check.violations.length) {
    out.push('', `Vượt quy định thời lượng phát (${airtime.check.violations.length}; quy định: ${airtime.rules}):`);
    for (const v of airtime.check.violations) out.push(`  [${v.rule}] ${v.message}`);
  } else if (airtime) {
    out.push('', `Thời lượng phát đúng quy định (${airtime.rules}).`);
  }
  if (plan.skipped.length) {
    out.push('', `Không phát (${plan.skipped.length}):`);
    for (const s of plan.skipped) out.push(`  ${formatLocal(s.at, info.tz)}  [${s.channelId}]  ${s.scheduleId}: ${s.reason}`);
  }
  out.push('', `Sắp phát trong ${info.days} ngày tới (giờ ${info.tz}): ${plan.blocks.length} lượt`);
  for (const b of plan.blocks) {
    const moved = b.startAt.getTime() !== b.slotAt.getTime() ? ` (dời từ ${formatLocal(b.slotAt, info.tz)})` : '';
    out.push(`  ${formatLocal(b.startAt, info.tz)}  [${b.channelId}]  ${PRIORITY_LABELS[b.priority]}  ${b.scheduleId}  ~${formatDurationWords(b.estimatedSeconds)}${moved}`);
    for (const it of b.items) out.push(`      - ${it.title}`);
  }
  return `${out.join('\n')}\n`;
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    days: { type: 'string' },
    from: { type: 'string' },
    json: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  });
  if (positionals[0] !== 'check' || positionals.length > 1) throw new LpError('LP_ERR_USAGE', 'dùng: loaphuong schedule check [--days N] [--from YYYY-MM-DD] [--trace] [--json]');
  const days = values.days === undefined ? DEFAULT_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new LpError('LP_ERR_USAGE', `--days phải là số nguyên từ 1 đến ${MAX_DAYS}, nhận "${values.days}"`);
  const cfg = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  // `--from` is a local day or date-time in the schedules' zone; default now.
  const from = values.from === undefined ? new Date() : new Date(requireInstant(values.from, cfg.timezone, { what: '--from' }));
  const channels = cfg.channels.map((c) => c.id);
  const { schedules, problems } = loadSchedules(cfg.schedulesDir, { contentDir: cfg.contentDir, channels, relayHosts: cfg.relay.hosts });
  const until = new Date(from.getTime() + days * 86_400_000);
  // Audio items are planned with their real lengths, as the running station plans them.
  const lengths = new AudioLengths();
  await lengths.refresh(audioPaths(schedules));
  const opts: PlanOptions = { from, until, timezone: cfg.timezone, quietHours: cfg.quietHours, channels, durationOf: (item) => (item.kind === 'audio' ? lengths.get(item.path) : undefined) };
  const plan = planAirings(schedules, opts);
  // Airtime is a rule about whole days: the days the window touches are planned in full for it.
  let airtime: { rules: string; check: AirtimeCheck } | null = null;
  if (hasAirtimeRules(cfg.airtime)) {
    const day = wholeDays(from.getTime(), until.getTime(), cfg.timezone);
    const dayPlan = day.from === from.getTime() && day.until === until.getTime() ? plan : planAirings(schedules, { ...opts, from: new Date(day.from), until: new Date(day.until) });
    airtime = { rules: describeAirtimeRules(cfg.airtime), check: checkAirtime(dayPlan.blocks, cfg.airtime, cfg.timezone) };
  }
  const badFiles = new Set(problems.map((p) => p.file)).size;

  if (values.json) {
    const local = (d: Date): string => formatLocal(d, cfg.timezone);
    ctx.stdout.write(`${JSON.stringify({
      valid: problems.length === 0,
      timezone: cfg.timezone,
      from: from.toISOString(),
      days,
      schedules: schedules.map((s) => ({ id: s.id, file: s.file, campaign: s.campaign, priority: s.priority, items: s.items.length, slots: s.slots.length })),
      problems,
      conflicts: plan.conflicts,
      airtime: airtime && { rules: cfg.airtime, description: airtime.rules, violations: airtime.check.violations },
      skipped: plan.skipped.map((s) => ({ ...s, at: s.at.toISOString(), atLocal: local(s.at) })),
      airings: plan.blocks.map((b) => ({ ...b, startAt: b.startAt.toISOString(), slotAt: b.slotAt.toISOString(), startLocal: local(b.startAt) })),
      trace: [...plan.trace, ...(airtime?.check.trace ?? [])],
    }, null, 2)}\n`);
  } else {
    ctx.stdout.write(renderText(plan, problems, airtime, { dir: cfg.schedulesDir, valid: schedules.length, files: badFiles, days, tz: cfg.timezone }));
    if (values.trace) ctx.stdout.write(`\nDiễn giải của bộ lập lịch:\n${[...plan.trace, ...(airtime?.check.trace ?? [])].map((l) => `  ${l}`).join('\n')}\n`);
  }
  if (!problems.length) return 0;
  const first = new Map<string, string>();
  for (const p of problems) if (!first.has(p.file)) first.set(p.file, `${p.file}:${p.line}:${p.column}`);
  ctx.stderr.write(`${new LpError('LP_ERR_SCHEDULE_INVALID', [...first.values()].join(', ')).toLine()}\n`);
  return 4;
}
