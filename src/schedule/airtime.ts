/**
 * Airtime rules of the locality (how many sessions a day, how long each, which days), checked over
 * the planner's blocks. Pure: the same blocks and rules always give the same answer.
 *
 * A session (buổi phát) is a run of blocks on one channel less than `sessionGapMinutes` apart; it
 * belongs to the local day it starts on and lasts from its first start to its last end. Khẩn cấp
 * blocks are exempt (they neither count nor join sessions); relays count like any block. Give it
 * whole local days of blocks: a day cut by the window would be under-counted.
 */
import { PRIORITY_LABELS } from '../domain.js';
import { formatDurationWords, formatTime, formatViDate, localTimeOf, weekdayNameVi, weekdayOf, formatDate } from '../time/index.js';
import type { PlannedBlock } from './types.js';

/** Unset limits do not apply; the config's `airtime` key has this shape. */
export interface AirtimeRules {
  /** Most sessions a day on one channel. */
  readonly sessionsPerDay?: number;
  /** Longest session, minutes from its first start to its last end. */
  readonly minutesPerSession?: number;
  /** Most minutes on air a day on one channel (blocks' lengths, not the gaps between them). */
  readonly minutesPerDay?: number;
  /** Days sessions may air on, 0 = Sunday … 6 = Saturday. */
  readonly weekdays?: readonly number[];
  /** Blocks less than this many minutes apart are one session. */
  readonly sessionGapMinutes: number;
}

export type AirtimeRule = 'sessions-per-day' | 'minutes-per-session' | 'minutes-per-day' | 'weekdays';

export interface AirtimeSession {
  readonly channelId: string;
  /** Local day it starts on, "YYYY-MM-DD". */
  readonly day: string;
  readonly start: Date;
  readonly end: Date;
  /** Minutes on air (sum of its blocks' lengths). */
  readonly minutesOnAir: number;
  readonly blocks: readonly string[];
}

export interface AirtimeViolation {
  readonly code: 'LP_ERR_AIRTIME_EXCEEDED';
  readonly rule: AirtimeRule;
  readonly channelId: string;
  /** Local day, "YYYY-MM-DD". */
  readonly day: string;
  /** What `limit`, `actual` and `overrun` count. */
  readonly unit: 'session' | 'minute';
  /** The rule's figure (for `weekdays`: 0, no airtime allowed that day). */
  readonly limit: number;
  readonly actual: number;
  /** How far over: `actual − limit`, minutes to one decimal. */
  readonly overrun: number;
  /** Keys of the blocks over the rule. */
  readonly blocks: readonly string[];
  /** The rule, the day and the overrun in Vietnamese. */
  readonly message: string;
}

export interface AirtimeCheck {
  readonly sessions: AirtimeSession[];
  /** Ordered by day, channel, rule. */
  readonly violations: AirtimeViolation[];
  /** Each session and finding in words, for failure messages and `--trace`. */
  readonly trace: string[];
}

/** Whether any limit is set: with none, there is nothing to check or show. */
export function hasAirtimeRules(rules: AirtimeRules): boolean {
  return rules.sessionsPerDay !== undefined || rules.minutesPerSession !== undefined || rules.minutesPerDay !== undefined || rules.weekdays !== undefined;
}

/** The rules in words: "2 buổi/ngày, 15 phút/buổi, Thứ Hai–Thứ Sáu". */
export function describeAirtimeRules(rules: AirtimeRules): string {
  const parts = [
    rules.sessionsPerDay !== undefined ? `tối đa ${rules.sessionsPerDay} buổi/ngày` : '',
    rules.minutesPerSession !== undefined ? `${rules.minutesPerSession} phút/buổi` : '',
    rules.minutesPerDay !== undefined ? `${rules.minutesPerDay} phút/ngày` : '',
    rules.weekdays !== undefined ? `chỉ ${rules.weekdays.map(weekdayNameVi).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')} (khẩn cấp không tính)` : 'không giới hạn';
}

const endOf = (b: PlannedBlock): number => b.startAt.getTime() + b.estimatedSeconds * 1000;
const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

export function checkAirtime(blocks: readonly PlannedBlock[], rules: AirtimeRules, timezone: string): AirtimeCheck {
  const sessions: AirtimeSession[] = [];
  const violations: AirtimeViolation[] = [];
  const trace: string[] = [];
  const gapMs = rules.sessionGapMinutes * 60_000;
  const counted = blocks.filter((b) => b.priority !== 'khan-cap');
  for (const b of blocks) if (b.priority === 'khan-cap') trace.push(`${b.key}: ${PRIORITY_LABELS[b.priority]}, không tính vào thời lượng`);

  const channels = [...new Set(counted.map((b) => b.channelId))].sort();
  for (const channelId of channels) {
    const mine = counted.filter((b) => b.channelId === channelId).sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || (a.key < b.key ? -1 : 1));
    let open: { start: number; end: number; onAir: number; blocks: string[] } | null = null;
    const close = (): void => {
      if (!open) return;
      sessions.push({
        channelId, day: formatDate(localTimeOf(open.start, timezone)), start: new Date(open.start), end: new Date(open.end),
        minutesOnAir: oneDecimal(open.onAir / 60_000), blocks: open.blocks,
      });
      open = null;
    };
    for (const b of mine) {
      if (open && b.startAt.getTime() - open.end >= gapMs) close();
      if (!open) open = { start: b.startAt.getTime(), end: endOf(b), onAir: 0, blocks: [] };
      open.end = Math.max(open.end, endOf(b));
      open.onAir += b.estimatedSeconds * 1000;
      open.blocks.push(b.key);
    }
    close();
  }

  const span = (s: AirtimeSession): string => `${formatTime(s.start, timezone)}–${formatTime(s.end, timezone)}`;
  const minutesOf = (s: AirtimeSession): number => oneDecimal((s.end.getTime() - s.start.getTime()) / 60_000);
  const byDay = new Map<string, AirtimeSession[]>();
  for (const s of sessions) {
    const k = `${s.day}|${s.channelId}`;
    byDay.set(k, [...(byDay.get(k) ?? []), s]);
    trace.push(`${s.day} ${s.channelId}: buổi ${span(s)} dài ${minutesOf(s)} phút (${s.blocks.length} khối: ${s.blocks.join(', ')})`);
  }

  for (const k of [...byDay.keys()].sort()) {
    const daySessions = byDay.get(k)!;
    const { day, channelId } = daySessions[0];
    const date = localTimeOf(daySessions[0].start, timezone);
    const dayLabel = `Kênh ${channelId} ngày ${formatViDate(date)} (${weekdayNameVi(weekdayOf(date))})`;
    const add = (rule: AirtimeRule, unit: AirtimeViolation['unit'], limit: number, actual: number, blockKeys: string[], message: string): void => {
      violations.push({ code: 'LP_ERR_AIRTIME_EXCEEDED', rule, channelId, day, unit, limit, actual, overrun: oneDecimal(actual - limit), blocks: blockKeys, message });
      trace.push(`${day} ${channelId}: vượt quy định ${rule}`);
    };
    const onAir = oneDecimal(daySessions.reduce((sum, s) => sum + s.minutesOnAir, 0));
    const allBlocks = daySessions.flatMap((s) => s.blocks);

    if (rules.weekdays && !rules.weekdays.includes(weekdayOf(date))) {
      add('weekdays', 'minute', 0, onAir, allBlocks,
        `${dayLabel} không phải ngày được phát (quy định chỉ phát ${rules.weekdays.map(weekdayNameVi).join(', ')}): ${daySessions.length} buổi, ${formatDurationWords(onAir * 60)} phát`);
    }
    if (rules.sessionsPerDay !== undefined && daySessions.length > rules.sessionsPerDay) {
      const extra = daySessions.slice(rules.sessionsPerDay);
      add('sessions-per-day', 'session', rules.sessionsPerDay, daySessions.length, extra.flatMap((s) => s.blocks),
        `${dayLabel} có ${daySessions.length} buổi phát, quy định tối đa ${rules.sessionsPerDay} buổi/ngày: vượt ${extra.length} buổi (${extra.map(span).join(', ')})`);
    }
    if (rules.minutesPerSession !== undefined) {
      for (const s of daySessions) {
        const long = minutesOf(s);
        if (long <= rules.minutesPerSession) continue;
        add('minutes-per-session', 'minute', rules.minutesPerSession, long, [...s.blocks],
          `${dayLabel}: buổi ${span(s)} dài ${formatDurationWords(long * 60)}, quy định tối đa ${rules.minutesPerSession} phút/buổi: vượt ${formatDurationWords((long - rules.minutesPerSession) * 60)}`);
      }
    }
    if (rules.minutesPerDay !== undefined && onAir > rules.minutesPerDay) {
      add('minutes-per-day', 'minute', rules.minutesPerDay, onAir, allBlocks,
        `${dayLabel} phát tổng cộng ${formatDurationWords(onAir * 60)}, quy định tối đa ${rules.minutesPerDay} phút/ngày: vượt ${formatDurationWords((onAir - rules.minutesPerDay) * 60)}`);
    }
  }
  return { sessions, violations, trace };
}
