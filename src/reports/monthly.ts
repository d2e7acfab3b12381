/**
 * The monthly report of airings, built purely from log rows: what the ward's cultural officer sends
 * upward (per campaign and bulletin: how often, how long, when, with what result, on which channel
 * and transmitter). The writers (CSV, XLSX, PDF) only lay out what this returns.
 */
import type { AiringRow } from '../airing/index.js';
import { AIRING_STATUS_LABELS, PRIORITY_LABELS, type AiringStatus, type Priority } from '../domain.js';
import { formatClock, formatMonth, formatViDate, formatViDayMonth, localTimeOf, monthRange, pad2, requireMonth } from '../time/index.js';

/** Statuses counted in a report; `on-air` appears only while a report is made mid-airing. */
export type StatusCounts = Record<AiringStatus, number>;

/** Shown instead of an empty campaign (air-now items and one-off bulletins). */
export const NO_CAMPAIGN = 'Ngoài chiến dịch (phát đột xuất)';

export interface ReportAiring {
  /** Row number in the month, 1-based. */
  readonly no: number;
  readonly id: number;
  /** Local date "DD/MM/YYYY". */
  readonly date: string;
  /** Local start "HH:MM" (the scheduled time for rows that never started). */
  readonly time: string;
  /** Local end "HH:MM", empty when it never ended. */
  readonly endTime: string;
  /** Whole seconds on air. */
  readonly seconds: number;
  readonly minutes: number;
  readonly campaign: string;
  readonly title: string;
  readonly priority: Priority;
  readonly priorityLabel: string;
  readonly channel: string;
  readonly transmitter: string;
  readonly status: AiringStatus;
  readonly statusLabel: string;
  /** Reason and transmitter note, joined; empty when all went well. */
  readonly note: string;
  readonly verified: boolean | null;
  /** A hub's report: the ward that aired it (the hub's own name for its own rows); '' in a ward's report. */
  readonly ward: string;
}

export interface ReportGroup {
  readonly campaign: string;
  readonly title: string;
  /** Times it went on air (aired, partial, interrupted, on-air); missed and failed are not airings. */
  readonly airings: number;
  readonly minutes: number;
  readonly counts: StatusCounts;
  /** Local dates and times; days with the same times share a line: "01/11-05/11, 08/11: 06:30, 17:00; 06/11: 06:30". */
  readonly times: string;
  readonly channels: readonly string[];
  readonly transmitters: readonly string[];
  /** A hub's report: the wards that aired it; empty in a ward's report. */
  readonly wards: readonly string[];
}

/** A hub's report: one line per ward (the hub itself first when it aired anything). */
export interface ReportWardSummary {
  /** Ward id; null for the hub's own airings. */
  readonly id: string | null;
  readonly ward: string;
  readonly airings: number;
  readonly minutes: number;
  readonly counts: StatusCounts;
  readonly bulletins: number;
}

export interface ReportTotals {
  readonly airings: number;
  readonly minutes: number;
  readonly counts: StatusCounts;
  readonly campaigns: number;
  readonly bulletins: number;
}

export interface MonthlyReport {
  /** "YYYY-MM". */
  readonly month: string;
  /** "tháng 11 năm 2026". */
  readonly monthLabel: string;
  readonly ward: string;
  readonly place: string;
  readonly timezone: string;
  /** ISO instant the report was made. */
  readonly generatedAt: string;
  /** "Hải Phòng, ngày 01 tháng 12 năm 2026" (Decree 30/2020 style: day < 10 and months 1–2 padded). */
  readonly dateLine: string;
  /** False when the month had not ended yet at `generatedAt`. */
  readonly complete: boolean;
  readonly groups: readonly ReportGroup[];
  readonly airings: readonly ReportAiring[];
  readonly totals: ReportTotals;
  /** A hub's report (some rows come from wards): the summary per ward; empty otherwise. */
  readonly byWard: readonly ReportWardSummary[];
}

export interface MonthlyReportOptions {
  /** "YYYY-MM"; anything else → LP_ERR_MONTH_INVALID. */
  readonly month: string;
  /** Ward name as configured, e.g. "Phường Gia Viên". */
  readonly ward: string;
  /** City or province of the date line, e.g. "Hải Phòng". */
  readonly place: string;
  readonly timezone: string;
  readonly now: Date;
  /** Channel id → name shown in the report; unknown ids are shown as they are. */
  readonly channelNames?: Readonly<Record<string, string>>;
  /** A hub: ward id → name (rows of a ward no longer configured show its id). */
  readonly wardNames?: Readonly<Record<string, string>>;
}

const ON_AIR_STATUSES: ReadonlySet<AiringStatus> = new Set(['aired', 'partial', 'interrupted', 'on-air']);

const zeroCounts = (): StatusCounts => ({ 'on-air': 0, aired: 0, partial: 0, interrupted: 0, missed: 0, failed: 0 });

/** A decimal as Vietnamese write it: 3,8 (the writers' text cells). */
export const viNumber = (n: number): string => String(n).replace('.', ',');

/** Minutes to one decimal, from seconds (sums stay exact: add seconds, divide once). */
const toMinutes = (seconds: number): number => Math.round(seconds / 6) / 10;

/** Day < 10 and months 1 and 2 take a leading zero in Vietnamese administrative dates. */
export function vietnameseDateLine(place: string, d: Date, timeZone: string): string {
  const p = localTimeOf(d, timeZone);
  return `${place}, ngày ${pad2(p.d)} tháng ${p.m <= 2 ? pad2(p.m) : p.m} năm ${p.y}`;
}

const collator = new Intl.Collator('vi');

/**
 * Days (of one month) → their air times, written compactly for a table cell: days with the same
 * times share one entry, consecutive days become a range. A bulletin aired daily at 06:30 and 17:00
 * reads "01/11-30/11: 06:30, 17:00" instead of thirty entries.
 */
function compactTimes(days: ReadonlyMap<number, readonly string[]>, month: number): string {
  const bySchedule = new Map<string, number[]>();
  for (const [day, times] of days) {
    // The same slot aired on two channels (loudspeaker clusters) is one time of day.
    const k = [...new Set(times)].join(', ');
    bySchedule.set(k, [...(bySchedule.get(k) ?? []), day]);
  }
  const dm = (d: number) => formatViDayMonth({ m: month, d });
  return [...bySchedule].map(([times, ds]) => {
    const runs: Array<[number, number]> = [];
    for (const d of [...ds].sort((a, b) => a - b)) {
      const last = runs[runs.length - 1];
      if (last && d === last[1] + 1) last[1] = d;
      else runs.push([d, d]);
    }
    return `${runs.map(([a, b]) => (a === b ? dm(a) : `${dm(a)}-${dm(b)}`)).join(', ')}: ${times}`;
  }).join('; ');
}

export function buildMonthlyReport(rows: readonly AiringRow[], opts: MonthlyReportOptions): MonthlyReport {
  const { y: year, m: month } = requireMonth(opts.month);
  const range = monthRange(opts.month, opts.timezone);
  const names = opts.channelNames ?? {};
  const wardNames = opts.wardNames ?? {};
  const inMonth = rows
    .map((r) => ({ r, at: Date.parse(r.startedAt ?? r.scheduledAt) }))
    .filter(({ at }) => at >= range.from.getTime() && at < range.to.getTime())
    .sort((a, b) => a.at - b.at || a.r.id - b.r.id);

  const clock = (iso: string) => {
    const p = localTimeOf(iso, opts.timezone);
    return { date: formatViDate(p), dayMonth: formatViDayMonth(p), time: formatClock(p) };
  };

  // A report holding any ward's row is a hub's: every row then says whose it is.
  const hub = inMonth.some(({ r }) => r.ward !== null);
  const wardOf = (r: AiringRow) => (!hub ? '' : r.ward === null ? opts.ward : wardNames[r.ward] ?? r.ward);
  const airings: ReportAiring[] = inMonth.map(({ r }, i) => {
    const start = clock(r.startedAt ?? r.scheduledAt);
    const seconds = ON_AIR_STATUSES.has(r.status) ? Math.round(r.durationSec ?? 0) : 0;
    return {
      no: i + 1,
      id: r.id,
      date: start.date,
      time: start.time,
      endTime: r.endedAt ? clock(r.endedAt).time : '',
      seconds,
      minutes: toMinutes(seconds),
      campaign: r.campaign?.trim() || NO_CAMPAIGN,
      title: r.title,
      priority: r.priority,
      priorityLabel: PRIORITY_LABELS[r.priority] ?? r.priority,
      channel: names[r.channelId] ?? r.channelId,
      transmitter: r.transmitter ?? '',
      status: r.status,
      statusLabel: AIRING_STATUS_LABELS[r.status] ?? r.status,
      note: [r.reason, r.transmitterNote && `Máy phát: ${r.transmitterNote}`].filter(Boolean).join('; '),
      verified: r.verified,
      ward: wardOf(r),
    };
  });

  interface Acc { campaign: string; title: string; seconds: number; counts: StatusCounts; days: Map<number, string[]>; channels: Set<string>; transmitters: Set<string>; wards: Set<string> }
  const groups = new Map<string, Acc>();
  const totals = { seconds: 0, counts: zeroCounts() };
  for (const a of airings) {
    const k = JSON.stringify([a.campaign, a.title]);
    let g = groups.get(k);
    if (!g) {
      g = { campaign: a.campaign, title: a.title, seconds: 0, counts: zeroCounts(), days: new Map(), channels: new Set(), transmitters: new Set(), wards: new Set() };
      groups.set(k, g);
    }
    g.seconds += a.seconds;
    g.counts[a.status] += 1;
    totals.seconds += a.seconds;
    totals.counts[a.status] += 1;
    const day = Number(a.date.slice(0, 2));
    g.days.set(day, [...(g.days.get(day) ?? []), a.time]);
    g.channels.add(a.channel);
    if (a.transmitter) g.transmitters.add(a.transmitter);
    if (a.ward) g.wards.add(a.ward);
  }
  const aired = (c: StatusCounts) => c.aired + c.partial + c.interrupted + c['on-air'];
  const reportGroups: ReportGroup[] = [...groups.values()]
    .map((g) => ({
      campaign: g.campaign,
      title: g.title,
      airings: aired(g.counts),
      minutes: toMinutes(g.seconds),
      counts: g.counts,
      times: compactTimes(g.days, month),
      channels: [...g.channels],
      transmitters: [...g.transmitters],
      wards: [...g.wards],
    }))
    // Campaigns in Vietnamese alphabetical order, the "no campaign" bucket last.
    .sort((a, b) => Number(a.campaign === NO_CAMPAIGN) - Number(b.campaign === NO_CAMPAIGN) || collator.compare(a.campaign, b.campaign) || collator.compare(a.title, b.title));

  interface WardAcc { id: string | null; ward: string; seconds: number; counts: StatusCounts; bulletins: Set<string> }
  const wards = new Map<string | null, WardAcc>();
  if (hub) {
    for (const [i, { r }] of inMonth.entries()) {
      const a = airings[i];
      let w = wards.get(r.ward);
      if (!w) wards.set(r.ward, (w = { id: r.ward, ward: a.ward, seconds: 0, counts: zeroCounts(), bulletins: new Set() }));
      w.seconds += a.seconds;
      w.counts[a.status] += 1;
      w.bulletins.add(JSON.stringify([a.campaign, a.title]));
    }
  }
  const byWard: ReportWardSummary[] = [...wards.values()]
    .map((w) => ({ id: w.id, ward: w.ward, airings: aired(w.counts), minutes: toMinutes(w.seconds), counts: w.counts, bulletins: w.bulletins.size }))
    .sort((a, b) => Number(a.id !== null) - Number(b.id !== null) || collator.compare(a.ward, b.ward));

  return {
    month: formatMonth({ y: year, m: month }),
    monthLabel: `tháng ${month} năm ${year}`,
    ward: opts.ward,
    place: opts.place,
    timezone: opts.timezone,
    generatedAt: opts.now.toISOString(),
    dateLine: vietnameseDateLine(opts.place, opts.now, opts.timezone),
    complete: opts.now.getTime() >= range.to.getTime(),
    groups: reportGroups,
    airings,
    totals: {
      airings: aired(totals.counts),
      minutes: toMinutes(totals.seconds),
      counts: totals.counts,
      campaigns: new Set(reportGroups.map((g) => g.campaign)).size,
      bulletins: reportGroups.length,
    },
    byWard,
  };
}

/** "Đã phát 12, một phần 1, bỏ lỡ 2": the non-zero status counts, in report wording. */
export function describeCounts(c: StatusCounts): string {
  const order: AiringStatus[] = ['aired', 'partial', 'interrupted', 'missed', 'failed', 'on-air'];
  const parts = order.filter((s) => c[s] > 0).map((s, i) => {
    const label = AIRING_STATUS_LABELS[s];
    return `${i === 0 ? label : label.charAt(0).toLowerCase() + label.slice(1)} ${c[s]}`;
  });
  return parts.join(', ') || '—';
}
