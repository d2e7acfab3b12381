/**
 * The monthly report of airings, built purely from log rows: what the ward's cultural officer sends
 * upward (per campaign and bulletin: how often, how long, when, with what result, on which channel
 * and transmitter). The writers (CSV, XLSX, PDF) only lay out what this returns.
 */
import type { AiringRow } from '../airing/index.js';
import { deadAirCount } from '../airing/port.js';
import { AIRING_STATUS_LABELS, PRIORITY_LABELS, type AiringStatus, type Priority } from '../domain.js';
import { LpError } from '../errors.js';
import { localTimeOf, monthRange, offsetLookup, pad2, requireMonth } from '../time/index.js';

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
  /** Dead air in the month: silences longer than the station's limit while something was on air. */
  readonly deadAir: number;
}

/** Airings of one loudspeaker channel (a ward's cluster, in a city's report). */
export interface ChannelTotals {
  readonly channel: string;
  readonly airings: number;
  readonly minutes: number;
  readonly counts: StatusCounts;
}

/** Airings of one local day. */
export interface DayTotals {
  /** "DD/MM/YYYY". */
  readonly date: string;
  readonly airings: number;
  readonly minutes: number;
  readonly counts: StatusCounts;
}

/** What a report says before its first line: known from the options alone. */
export interface ReportHeader {
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
  /** A hub's report (`wardNames` given): each line says its ward, and the figures sum per ward. */
  readonly hub: boolean;
}

/** The folded month: every figure, without the lines (bounded, whatever the number of rows). */
export interface MonthlySummary extends ReportHeader {
  readonly groups: readonly ReportGroup[];
  /** Per channel, in the order of their first airing. */
  readonly channels: readonly ChannelTotals[];
  /** Per local day that had rows, in date order. */
  readonly days: readonly DayTotals[];
  readonly totals: ReportTotals;
  /** A hub's report: the summary per ward; empty in a ward's report. */
  readonly byWard: readonly ReportWardSummary[];
}

/** A month with every line in memory: for a ward's month (the web preview, JSON, tests). */
export interface MonthlyReport extends MonthlySummary {
  readonly airings: readonly ReportAiring[];
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
  /**
   * A hub's report (its config lists wards): ward id → name. Given, every line says its ward and the
   * report sums per ward (a ward no longer configured shows its id); absent, a ward's own report.
   */
  readonly wardNames?: Readonly<Record<string, string>>;
}

const ON_AIR_STATUSES: Readonly<Record<AiringStatus, boolean>> = { aired: true, partial: true, interrupted: true, 'on-air': true, missed: false, failed: false };

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

/** More distinct times in a day than this are written as their span and count, not one by one. */
const TIMES_LISTED_MAX = 12;

/**
 * Days (of one month) → their air times, written compactly for a table cell: days with the same
 * times share one entry, consecutive days become a range. A bulletin aired daily at 06:30 and 17:00
 * reads "01/11-30/11: 06:30, 17:00" instead of thirty entries. A bulletin a whole city aired at
 * dozens of times a day reads "01/11-30/11: 05:30-18:45 (40 giờ)": the cell stays a line, not a page.
 */
function compactTimes(days: ReadonlyArray<MinuteBits | undefined>, month: number): string {
  const bySchedule = new Map<string, number[]>();
  for (const [day, bits] of days.entries()) {
    if (!bits) continue;
    // The same slot aired on two channels (loudspeaker clusters) is one time of day.
    const sorted: number[] = [];
    for (let m = 0; m < 1440; m++) if (bits[m >> 5] & (1 << (m & 31))) sorted.push(m);
    const k = sorted.length > TIMES_LISTED_MAX ? `${HH_MM[sorted[0]]}-${HH_MM[sorted[sorted.length - 1]]} (${sorted.length} giờ)` : sorted.map((m) => HH_MM[m]).join(', ');
    bySchedule.set(k, [...(bySchedule.get(k) ?? []), day]);
  }
  const dm = (d: number) => `${pad2(d)}/${pad2(month)}`;
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

/** Rows as the airing log gives them: a list, or a stream of a city's month. */
export type AiringRows = Iterable<AiringRow> | AsyncIterable<AiringRow>;

const aired = (c: StatusCounts) => c.aired + c.partial + c.interrupted + c['on-air'];

interface Tally { seconds: number; counts: StatusCounts }
const tally = (): Tally => ({ seconds: 0, counts: zeroCounts() });
/** A channel's or a transmitter's tally; groups remember them by identity (cheaper than by name, a million times). */
interface Named extends Tally { name: string }
/** Times of day (minutes) a bulletin aired on one day of the month, as a bit set: a million rows set bits, not Set entries. */
type MinuteBits = Uint32Array;
const MINUTE_WORDS = 45; // 1440 minutes / 32
interface GroupAcc extends Tally { campaign: string; title: string; days: Array<MinuteBits | undefined>; channels: Set<Named>; transmitters: Set<Named>; wards: Set<WardAcc> }
/** A ward's tally in a hub's report, with the bulletins it aired. */
interface WardAcc extends Named { id: string | null; bulletins: Set<GroupAcc> }

/**
 * Milliseconds of an instant as the airing log stores it ("2026-11-01T06:30:00.040Z"): rows come in
 * time order, so the hour is parsed once and the rest read digit by digit; any other form goes to
 * Date.parse. (Date.parse costs more than the rest of a row's fold.)
 */
function isoReader(): (s: string) => number {
  let hourKey = NaN;
  let hourMs = NaN;
  return (s) => {
    if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return Date.parse(s);
    const d = (i: number) => s.charCodeAt(i) - 48;
    // YYYYMMDDHH as a number: the same hour as the row before costs no parse.
    const key = ((((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 100 + d(5) * 10 + d(6)) * 10_000 + (d(8) * 10 + d(9)) * 100 + d(11) * 10 + d(12);
    if (key !== hourKey) {
      hourKey = key;
      hourMs = Date.parse(`${s.slice(0, 14)}00:00.000Z`);
    }
    return hourMs + ((d(14) * 10 + d(15)) * 60 + d(17) * 10 + d(18)) * 1000 + d(20) * 100 + d(21) * 10 + d(22);
  };
}

const DAY_MS = 86_400_000;

/** "HH:MM" of each minute of the day, made once. */
const HH_MM = Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);

/**
 * The report builder as a fold: rows go in one at a time (`add` gives the row's line, or null for a
 * row outside the month), the figures come out at the end (`summary`). Memory is bounded by the
 * number of bulletins, channels and days, not of rows, so a city's month of a million rows folds in
 * one pass while its lines stream to a writer. Pure: no clock but `opts.now`, no I/O.
 *
 * Rows must come in the airing log's order (time of the row, then id): the lines are numbered as
 * they come, and a row out of order is a programming error (`LP_ERR_INTERNAL`), not a silent
 * misnumbering.
 */
export class MonthlyFold {
  readonly header: ReportHeader;
  readonly #from: number;
  readonly #to: number;
  readonly #month: number;
  readonly #names: ReadonlyMap<string, string>;
  readonly #offset: (instant: number) => number;
  readonly #startMs = isoReader();
  readonly #endMs = isoReader();
  readonly #groups = new Map<string, Map<string, GroupAcc>>();
  readonly #channels = new Map<string, Named>();
  /** Channel id → its tally (under its shown name): one lookup a row instead of two. */
  readonly #channelOf = new Map<string, Named>();
  readonly #transmitters = new Map<string, Named>();
  /** A hub's report: ward names, and each ward's tally (by ward id; null = the hub's own rows). */
  readonly #wardNames: ReadonlyMap<string, string> | null;
  readonly #wards = new Map<string | null, WardAcc>();
  /** By local day number (days since the epoch, local): its tally, "DD/MM/YYYY" and day of the month. */
  readonly #days = new Map<number, Tally & { date: string; dayOfMonth: number }>();
  readonly #totals = tally();
  #deadAir = 0;
  #lastDayNo = NaN;
  #lastDay: (Tally & { date: string; dayOfMonth: number }) | undefined;
  #no = 0;
  #lastAt = -Infinity;
  #lastId = -Infinity;

  constructor(opts: MonthlyReportOptions) {
    const { y: year, m: month } = requireMonth(opts.month);
    const range = monthRange(opts.month, opts.timezone);
    this.#from = range.from.getTime();
    this.#to = range.to.getTime();
    this.#month = month;
    this.#names = new Map(Object.entries(opts.channelNames ?? {}));
    this.#wardNames = opts.wardNames ? new Map(Object.entries(opts.wardNames)) : null;
    this.#offset = offsetLookup(opts.timezone);
    this.header = {
      month: `${year}-${pad2(month)}`,
      monthLabel: `tháng ${month} năm ${year}`,
      ward: opts.ward,
      place: opts.place,
      timezone: opts.timezone,
      generatedAt: opts.now.toISOString(),
      dateLine: vietnameseDateLine(opts.place, opts.now, opts.timezone),
      complete: opts.now.getTime() >= this.#to,
      hub: opts.wardNames !== undefined,
    };
  }

  /**
   * The row's line in the report (numbered in order), or null when the row is outside the month.
   * With `keep`, asked the status of each row of the month, the line is made only when it says so
   * (a writer that lists few lines of a million skips making the rest); the figures count every row.
   */
  add(r: AiringRow, keep?: (status: AiringStatus) => boolean): ReportAiring | null {
    const at = this.#startMs(r.startedAt ?? r.scheduledAt);
    if (at < this.#lastAt || (at === this.#lastAt && r.id < this.#lastId)) {
      throw new LpError('LP_ERR_INTERNAL', `báo cáo: dòng nhật ký ${r.id} không theo thứ tự thời gian`);
    }
    this.#lastAt = at;
    this.#lastId = r.id;
    if (!(at >= this.#from && at < this.#to)) return null;
    const local = at + this.#offset(at);
    const dayNo = Math.floor(local / DAY_MS);
    // Rows come in time order: mostly the same day as the row before.
    let day = dayNo === this.#lastDayNo ? this.#lastDay : this.#days.get(dayNo);
    if (!day) {
      const d = new Date(dayNo * DAY_MS);
      day = { ...tally(), date: `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`, dayOfMonth: d.getUTCDate() };
      this.#days.set(dayNo, day);
    }
    this.#lastDayNo = dayNo;
    this.#lastDay = day;
    // A small integer (not a heap double): it indexes a bit set on every row.
    const minute = Math.floor((local - dayNo * DAY_MS) / 60_000) | 0;
    const seconds = ON_AIR_STATUSES[r.status] ? Math.round(r.durationSec ?? 0) : 0;
    const campaign = r.campaign?.trim() || NO_CAMPAIGN;
    const ch = this.#channelOf.get(r.channelId) ?? this.#channel(r.channelId);
    const channel = ch.name;
    const transmitter = r.transmitter ?? '';
    const ward = this.#wardNames ? this.#ward(r.ward) : null;
    const no = ++this.#no;
    const line = !keep || keep(r.status) ? this.#line(r, no, day.date, minute, seconds, campaign, channel, transmitter, ward) : null;

    let titles = this.#groups.get(campaign);
    if (!titles) this.#groups.set(campaign, (titles = new Map()));
    let g = titles.get(r.title);
    if (!g) titles.set(r.title, (g = { campaign, title: r.title, ...tally(), days: [], channels: new Set(), transmitters: new Set(), wards: new Set() }));
    const total = this.#totals;
    g.seconds += seconds;
    ch.seconds += seconds;
    day.seconds += seconds;
    total.seconds += seconds;
    g.counts[r.status]++;
    ch.counts[r.status]++;
    day.counts[r.status]++;
    total.counts[r.status]++;
    this.#deadAir += deadAirCount(r.transmitterNote);
    const bits = (g.days[day.dayOfMonth] ??= new Uint32Array(MINUTE_WORDS));
    bits[minute >> 5] |= 1 << (minute & 31);
    g.channels.add(ch);
    if (transmitter) {
      let tx = this.#transmitters.get(transmitter);
      if (!tx) this.#transmitters.set(transmitter, (tx = { ...tally(), name: transmitter }));
      g.transmitters.add(tx);
    }
    if (ward) {
      ward.seconds += seconds;
      ward.counts[r.status]++;
      ward.bulletins.add(g);
      g.wards.add(ward);
    }
    return line;
  }

  /** The line of a row `add` has placed in its day and minute. */
  #line(r: AiringRow, no: number, date: string, minute: number, seconds: number, campaign: string, channel: string, transmitter: string, ward: WardAcc | null): ReportAiring {
    let endTime = '';
    if (r.endedAt) {
      const end = this.#endMs(r.endedAt);
      const endLocal = end + this.#offset(end);
      endTime = HH_MM[Math.floor((endLocal - Math.floor(endLocal / DAY_MS) * DAY_MS) / 60_000)] ?? '';
    }
    return {
      no,
      id: r.id,
      date,
      time: HH_MM[minute],
      endTime,
      seconds,
      minutes: toMinutes(seconds),
      campaign,
      title: r.title,
      priority: r.priority,
      priorityLabel: PRIORITY_LABELS[r.priority] ?? r.priority,
      channel,
      transmitter,
      status: r.status,
      statusLabel: AIRING_STATUS_LABELS[r.status] ?? r.status,
      note: r.reason && r.transmitterNote ? `${r.reason}; Máy phát: ${r.transmitterNote}` : r.reason || (r.transmitterNote ? `Máy phát: ${r.transmitterNote}` : ''),
      verified: r.verified,
      ward: ward?.name ?? '',
    };
  }

  /** The tally of a channel seen for the first time (two ids shown under one name share it). */
  #channel(id: string): Named {
    const name = this.#names.get(id) ?? id;
    let ch = this.#channels.get(name);
    if (!ch) this.#channels.set(name, (ch = { ...tally(), name }));
    this.#channelOf.set(id, ch);
    return ch;
  }

  /** A hub's tally of one ward (null: the hub's own rows, under its own name). */
  #ward(id: string | null): WardAcc {
    let w = this.#wards.get(id);
    if (!w) {
      const name = id === null ? this.header.ward : this.#wardNames?.get(id) ?? id;
      this.#wards.set(id, (w = { ...tally(), id, name, bulletins: new Set() }));
    }
    return w;
  }

  /** The figures of everything added so far. */
  summary(): MonthlySummary {
    const groups: ReportGroup[] = [...this.#groups.values()]
      .flatMap((titles) => [...titles.values()])
      .map((g) => ({
        campaign: g.campaign,
        title: g.title,
        airings: aired(g.counts),
        minutes: toMinutes(g.seconds),
        counts: g.counts,
        times: compactTimes(g.days, this.#month),
        channels: [...g.channels].map((c) => c.name),
        transmitters: [...g.transmitters].map((t) => t.name),
        wards: [...g.wards].map((w) => w.name),
      }))
      // Campaigns in Vietnamese alphabetical order, the "no campaign" bucket last.
      .sort((a, b) => Number(a.campaign === NO_CAMPAIGN) - Number(b.campaign === NO_CAMPAIGN) || collator.compare(a.campaign, b.campaign) || collator.compare(a.title, b.title));
    return {
      ...this.header,
      groups,
      channels: [...this.#channels.values()].map((t) => ({ channel: t.name, airings: aired(t.counts), minutes: toMinutes(t.seconds), counts: t.counts })),
      days: [...this.#days].sort((a, b) => a[0] - b[0]).map(([, t]) => ({ date: t.date, airings: aired(t.counts), minutes: toMinutes(t.seconds), counts: t.counts })),
      totals: {
        airings: aired(this.#totals.counts),
        minutes: toMinutes(this.#totals.seconds),
        counts: this.#totals.counts,
        campaigns: new Set(groups.map((g) => g.campaign)).size,
        bulletins: groups.length,
        deadAir: this.#deadAir,
      },
      // The hub's own rows first, then its wards by name.
      byWard: [...this.#wards.values()]
        .map((w) => ({ id: w.id, ward: w.name, airings: aired(w.counts), minutes: toMinutes(w.seconds), counts: w.counts, bulletins: w.bulletins.size }))
        .sort((a, b) => Number(a.id !== null) - Number(b.id !== null) || collator.compare(a.ward, b.ward)),
    };
  }
}

/** The order of the airing log: time of the row, then id. */
const byTime = (a: AiringRow, b: AiringRow) => Date.parse(a.startedAt ?? a.scheduledAt) - Date.parse(b.startedAt ?? b.scheduledAt) || a.id - b.id;

/** A month with every line in memory, from rows in any order (a ward's month: hundreds of rows). */
export function buildMonthlyReport(rows: readonly AiringRow[], opts: MonthlyReportOptions): MonthlyReport {
  const fold = new MonthlyFold(opts);
  const airings: ReportAiring[] = [];
  for (const r of [...rows].sort(byTime)) {
    const line = fold.add(r);
    if (line) airings.push(line);
  }
  return { ...fold.summary(), airings };
}

/** The figures of a month from rows in the log's order, keeping no line (the web preview of a city). */
export async function summarizeMonth(rows: AiringRows, opts: MonthlyReportOptions): Promise<MonthlySummary> {
  const fold = new MonthlyFold(opts);
  for await (const r of rows) fold.add(r, () => false);
  return fold.summary();
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
