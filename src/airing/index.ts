/**
 * The as-run log: the single place an airing row is written. Playout writes the row `on-air`
 * before the first sample reaches the encoder, heartbeats while it plays and completes it when it
 * ends; after a crash `recoverUnfinished` closes what was left on air at its last sign of life. The
 * same code runs on SQLite and PostgreSQL (the `SqlDb` port, src/store/sql.ts); times read back as
 * ISO UTC strings. While the store refuses playout's writes, the running station's journal
 * (`journal.ts`) keeps them and they are replayed in order once it takes writes again.
 */
import { type AiringStatus, type Priority } from '../domain.js';
import { isLpError, LpError, type ErrorCode } from '../errors.js';
import { iso, type SqlDb, type SqlQueryable } from '../store/sql.js';
import { AIRING_JOURNAL_FILE, type AiringJournal, type JournalEntry } from './journal.js';
import type { AiringEnd, AiringMissed, AiringSink, AiringStart } from './port.js';

export type { AiringEnd, AiringMissed, AiringSink, AiringStart } from './port.js';

/** One airing as read back (API, CLI, reports). Times are ISO UTC strings. */
export interface AiringRow {
  readonly id: number;
  readonly channelId: string;
  readonly key: string;
  readonly scheduledAt: string;
  /** The moment the first sample was handed to the encoder; null for `missed`. */
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** Last heartbeat (or start/end); where a crashed airing is closed. */
  readonly lastSeenAt: string | null;
  /** Seconds actually on air. */
  readonly durationSec: number | null;
  /** Length of the audio, seconds. */
  readonly plannedSec: number | null;
  readonly title: string;
  readonly campaign: string | null;
  readonly bulletinId: number | null;
  readonly contentHash: string | null;
  readonly priority: Priority;
  readonly voice: string | null;
  readonly transmitter: string | null;
  readonly transmitterNote: string | null;
  readonly status: AiringStatus;
  readonly reason: string | null;
  /** On-air read-back matched the title; null when not checked. */
  readonly verified: boolean | null;
  /** The ward that reported the row to a hub; null for this station's own airings. */
  readonly ward: string | null;
}

/** An airing a ward reported to its hub, as the hub keeps it: the ward's row, under its own id. */
export interface ReportedAiringRow extends Omit<AiringRow, 'id' | 'ward' | 'bulletinId' | 'lastSeenAt'> {
  /** The row's id in the ward's own log. */
  readonly wardRow: number;
}

export interface AiringQuery {
  /** Rows whose start (or, for missed rows, scheduled time) is at or after this instant. */
  readonly from?: Date;
  /** … and strictly before this instant. */
  readonly to?: Date;
  readonly channelId?: string;
  readonly status?: AiringStatus;
  readonly campaign?: string;
  /** Rows a hub holds for this ward. @default every row */
  readonly ward?: string;
  /** Most rows returned, oldest first. @default no limit (a report must never lose rows silently) */
  readonly limit?: number;
}

/** Where a page ends: pass it as `after` to get the next one. Opaque; stable across restarts. */
export type AiringCursor = string;

export interface AiringPageQuery extends Omit<AiringQuery, 'limit'> {
  /** Rows on the page, 1–5000. */
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly after?: AiringCursor;
  /** `desc`: newest first. @default 'asc' */
  readonly order?: 'asc' | 'desc';
}

export interface AiringPage {
  readonly rows: AiringRow[];
  /** Cursor of the next page; null on the last one. */
  readonly next: AiringCursor | null;
}

/**
 * The airing store: what playout writes (`AiringSink`) and what the log, the reports and the start
 * of the station read. Reading never holds more than a page in memory unless asked to (`list`).
 * Left out: editing or deleting rows (the log is evidence; a row only moves forward from on-air).
 */
export interface AiringStore extends AiringSink {
  /**
   * Run once at start, before playout: every row still `on-air` belongs to a process that died.
   * Each becomes `interrupted`, ended at its last heartbeat (the last moment it was known to play).
   */
  recoverUnfinished(now: Date): Promise<AiringRow[]>;
  /** Every matching row in time order, at once: for bounded ranges (a ward's month, tests). */
  list(q?: AiringQuery): Promise<AiringRow[]>;
  /** One page in time order (keyset on time and id: page 1,000 costs what page 1 does). */
  page(q: AiringPageQuery): Promise<AiringPage>;
  /** Every matching row in time order, read a page at a time: a city's month in bounded memory. */
  stream(q?: Omit<AiringQuery, 'limit'>, opts?: { pageSize?: number }): AsyncIterable<AiringRow>;
  /**
   * Matching rows. With `atMost`, counting stops past it (the answer is then `atMost + 1`): a
   * page can say "more than 10,000" without reading a city's month.
   */
  count(q?: Omit<AiringQuery, 'limit'>, opts?: { atMost?: number }): Promise<number>;
  /** The distinct campaigns of rows in the window, sorted. */
  campaigns(q: { from?: Date; to?: Date }): Promise<string[]>;
  get(id: number): Promise<AiringRow | null>;
  /**
   * The last moment the station is known to have been alive (latest start, heartbeat or end), so
   * that at start it can record as `missed` the slots that fell due while it was down.
   */
  lastActivityAt(): Promise<Date | null>;
  /**
   * A hub: rows one ward reported, each inserted under `ward` or, when that ward's row is already
   * here, brought up to date (a report sent twice changes nothing). A finished row never goes back
   * to `on-air`. Returns the rows that changed. The ward is the caller's to vouch for (its key).
   */
  putReported(ward: string, rows: readonly ReportedAiringRow[]): Promise<number>;
  /** This station's own rows (not its wards') with ids above `afterId`, by id: what a ward reports up. */
  ownAfter(afterId: number, limit: number): Promise<AiringRow[]>;
  /** What the journal holds while the store refuses playout's writes; null when it has caught up. */
  journalState(): JournalState | null;
}

interface DbRow {
  id: number;
  channel_id: string;
  key: string;
  scheduled_at: string;
  started_at: string | null;
  ended_at: string | null;
  last_seen_at: string | null;
  duration_sec: number | null;
  planned_sec: number | null;
  title: string;
  campaign: string | null;
  bulletin_id: number | null;
  content_hash: string | null;
  priority: Priority;
  voice: string | null;
  transmitter: string | null;
  transmitter_note: string | null;
  status: AiringStatus;
  reason: string | null;
  verified: number | null;
  ward: string | null;
}

const COLUMNS =
  'id, channel_id, key, scheduled_at, started_at, ended_at, last_seen_at, duration_sec, planned_sec, title, campaign, ' +
  'bulletin_id, content_hash, priority, voice, transmitter, transmitter_note, status, reason, verified, ward';

function toRow(r: DbRow): AiringRow {
  return {
    id: r.id,
    channelId: r.channel_id,
    key: r.key,
    scheduledAt: r.scheduled_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    lastSeenAt: r.last_seen_at,
    durationSec: r.duration_sec,
    plannedSec: r.planned_sec,
    title: r.title,
    campaign: r.campaign,
    bulletinId: r.bulletin_id,
    contentHash: r.content_hash,
    priority: r.priority,
    voice: r.voice,
    transmitter: r.transmitter,
    transmitterNote: r.transmitter_note,
    status: r.status,
    reason: r.reason,
    verified: r.verified === null ? null : r.verified === 1,
    ward: r.ward,
  };
}

/** Seconds between two ISO instants, never negative, to the millisecond. */
function secondsBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.round(Date.parse(toIso) - Date.parse(fromIso)) / 1000);
}

const encodeCursor = (r: AiringRow): AiringCursor => Buffer.from(`${r.startedAt ?? r.scheduledAt}|${r.id}`).toString('base64url');

function decodeCursor(c: AiringCursor): { at: string; id: number } {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!at || Number.isNaN(Date.parse(at)) || !/^\d+$/.test(id ?? '')) throw new LpError('LP_ERR_BAD_REQUEST', `con trỏ trang "${c}" không hợp lệ`);
  return { at: new Date(at).toISOString(), id: Number(id) };
}

/** WHERE clause and arguments of a query's filters. */
function filters(q: Omit<AiringQuery, 'limit'>): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.from) (where.push('at >= ?'), args.push(iso(q.from, 'from')));
  if (q.to) (where.push('at < ?'), args.push(iso(q.to, 'to')));
  if (q.channelId) (where.push('channel_id = ?'), args.push(q.channelId));
  if (q.status) (where.push('status = ?'), args.push(q.status));
  if (q.campaign) (where.push('campaign = ?'), args.push(q.campaign));
  if (q.ward) (where.push('ward = ?'), args.push(q.ward));
  return { where, args };
}

const whereSql = (where: readonly string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');

const INSERT = `INSERT INTO airings (channel_id, key, scheduled_at, started_at, last_seen_at, planned_sec, title, campaign,
    bulletin_id, content_hash, priority, voice, transmitter, status, reason)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;

/**
 * A reported row, inserted or updated in place by (ward, ward_row). The update is skipped when
 * nothing changed (a report sent again), and a finished row is never set back to on-air.
 */
const REPORTED_COLUMNS = ['channel_id', 'key', 'scheduled_at', 'started_at', 'ended_at', 'last_seen_at', 'duration_sec', 'planned_sec', 'title', 'campaign',
  'content_hash', 'priority', 'voice', 'transmitter', 'transmitter_note', 'status', 'reason', 'verified'];
const REPORTED_UPSERT = `INSERT INTO airings (${REPORTED_COLUMNS.join(', ')}, ward, ward_row)
  VALUES (${REPORTED_COLUMNS.map(() => '?').join(', ')}, ?, ?)
  ON CONFLICT (ward, ward_row) DO UPDATE SET ${REPORTED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE (airings.status = 'on-air' OR excluded.status <> 'on-air')
    AND (${['status', 'ended_at', 'duration_sec', 'verified', 'reason', 'transmitter_note', 'started_at', 'title'].map((c) => `airings.${c} IS DISTINCT FROM excluded.${c}`).join(' OR ')})`;

/** The statements of the sink, on the database or inside the journal's replay transaction. */
async function beginOn(q: SqlQueryable, a: AiringStart, once: boolean): Promise<number> {
  const startedAt = iso(a.startedAt, 'airing: startedAt');
  // A replay that ran before (its commit landed, the journal's clearing did not) finds its row.
  if (once) {
    const had = await q.get<{ id: number }>('SELECT id FROM airings WHERE key = ? AND started_at = ? AND ward IS NULL ORDER BY id LIMIT 1', [a.key, startedAt]);
    if (had) return had.id;
  }
  const r = await q.get<{ id: number }>(INSERT, [
    a.channelId, a.key, iso(a.scheduledAt, 'airing: scheduledAt'), startedAt, startedAt, a.plannedSeconds ?? null, a.title, a.campaign,
    a.bulletinId ?? null, a.contentHash, a.priority, a.voice ?? null, a.transmitter ?? null, 'on-air', null,
  ]);
  return r!.id;
}

async function heartbeatOn(q: SqlQueryable, id: number, at: Date): Promise<void> {
  await q.run(`UPDATE airings SET last_seen_at = ? WHERE id = ? AND status = 'on-air'`, [iso(at, 'airing: heartbeat'), id]);
}

async function finishOn(q: SqlQueryable, id: number, end: AiringEnd): Promise<void> {
  const endedAt = iso(end.endedAt, 'airing: endedAt');
  const realStart = end.startedAt ? iso(end.startedAt, 'airing: startedAt') : null;
  const row = await q.get<{ started_at: string | null; status: AiringStatus }>('SELECT started_at, status FROM airings WHERE id = ?', [id]);
  if (!row) throw new LpError('LP_ERR_NOT_FOUND', `lượt phát #${id}`);
  if (row.status !== 'on-air') return;
  if (end.status === 'missed') {
    // Begun but nothing of it went on air: a missed row like any other (no start, no duration).
    await q.run(
      `UPDATE airings SET status = 'missed', started_at = NULL, ended_at = NULL, duration_sec = NULL, last_seen_at = ?, reason = ? WHERE id = ? AND status = 'on-air'`,
      [endedAt, end.reason ?? null, id],
    );
    return;
  }
  const startedAt = realStart ?? row.started_at ?? endedAt;
  const duration = end.airedSeconds ?? secondsBetween(startedAt, endedAt);
  await q.run(
    `UPDATE airings SET status = ?, started_at = ?, ended_at = ?, last_seen_at = ?, duration_sec = ?, reason = ? WHERE id = ? AND status = 'on-air'`,
    [end.status, startedAt, endedAt, endedAt, duration, end.reason ?? null, id],
  );
}

async function verifiedOn(q: SqlQueryable, id: number, verified: boolean): Promise<void> {
  await q.run('UPDATE airings SET verified = ? WHERE id = ?', [verified ? 1 : 0, id]);
}

async function noteOn(q: SqlQueryable, id: number, note: string): Promise<void> {
  await q.run(
    `UPDATE airings SET transmitter_note = CASE WHEN transmitter_note IS NULL OR transmitter_note = ''
       THEN ? ELSE transmitter_note || '; ' || ? END WHERE id = ?`,
    [note, note, id],
  );
}

async function missedOn(q: SqlQueryable, m: AiringMissed): Promise<number> {
  const scheduledAt = iso(m.scheduledAt, 'airing: scheduledAt');
  const existing = await q.get<{ id: number }>('SELECT id FROM airings WHERE key = ? AND ward IS NULL ORDER BY id LIMIT 1', [m.key]);
  if (existing) return existing.id;
  const r = await q.get<{ id: number }>(INSERT, [
    m.channelId, m.key, scheduledAt, null, null, null, m.title, m.campaign, null, null, m.priority, null, null, 'missed', m.reason,
  ]);
  return r!.id;
}

/** Closes the on-air rows `where` selects as `interrupted` at their last heartbeat. */
async function interruptOn(q: SqlQueryable, now: Date, where: string, args: readonly unknown[]): Promise<AiringRow[]> {
  const reason = `Phần mềm dừng đột ngột khi đang phát; khôi phục lúc ${iso(now, 'now')}, tính đến nhịp cuối cùng`;
  const open = await q.all<DbRow>(`SELECT ${COLUMNS} FROM airings WHERE status = 'on-air' AND (${where}) ORDER BY id`, args);
  const closed: AiringRow[] = [];
  for (const r of open) {
    const endedAt = r.last_seen_at ?? r.started_at ?? r.scheduled_at;
    const durationSec = secondsBetween(r.started_at ?? endedAt, endedAt);
    await q.run(`UPDATE airings SET status = 'interrupted', ended_at = ?, duration_sec = ?, reason = ? WHERE id = ?`, [endedAt, durationSec, reason, r.id]);
    closed.push(toRow({ ...r, status: 'interrupted', ended_at: endedAt, duration_sec: durationSec, reason }));
  }
  return closed;
}

/** What the journal holds while the store refuses playout's writes (the home page shows it). */
export interface JournalState {
  /** Calls kept in the journal, not yet in the database. */
  readonly entries: number;
  /** When the first of them was kept. */
  readonly since: Date;
  /** Why the store refused it: LP_ERR_STORE_DISK_FULL or LP_ERR_STORE_FAILED, with its detail. */
  readonly error: LpError;
}

/** The home page's line for a journal that holds calls (a `StationWarning`). */
export function journalWarning(j: JournalState): { code: ErrorCode; message: string; subject: string } {
  return {
    code: j.error.code,
    message: `Cơ sở dữ liệu không ghi được (${j.error.detail ?? j.error.message}); đài vẫn phát và giữ nhật ký phát trong tệp dự phòng `
      + `(${j.entries} mục từ ${j.since.toISOString()}), sẽ ghi bù khi ghi được`,
    subject: AIRING_JOURNAL_FILE,
  };
}

/** A failure of the database itself (not of the call): the journal takes the call instead. */
const storeRefused = (e: unknown): e is LpError => isLpError(e) && (e.code === 'LP_ERR_STORE_FAILED' || e.code === 'LP_ERR_STORE_DISK_FULL');

/** How often a journal that holds calls is tried against the store when nothing else writes. */
const REPLAY_EVERY_MS = 2000;

/** The as-run log on either engine; the `SqlDb` comes migrated from `openStores` (src/station/stores.ts). */
export class AiringLog implements AiringStore {
  readonly #db: SqlDb;
  /** Sink calls not yet done; a new one waits behind them so rows change in call order. */
  #pending = 0;
  #tail: Promise<unknown> = Promise.resolve();
  readonly #journal: AiringJournal | null;
  /** Provisional ids (below 0, handed out while the store refused) → the rows' real ids. */
  readonly #real = new Map<number, number>();
  #nextProvisional: number;
  /** Rows a previous run began in the journal: closed as interrupted once they reach the store. */
  readonly #orphans = new Set<number>();
  #refused: { since: Date; error: LpError } | null = null;
  #replayTimer: NodeJS.Timeout | null = null;
  /** A previous run's airings the replay closed, for `recoverUnfinished` to report. */
  readonly #recovered: AiringRow[] = [];

  /**
   * `journal`: where playout's writes go while the store refuses them (`openStores` gives one in
   * the data dir); without it such a write fails, as the sink's contract allows.
   */
  constructor(db: SqlDb, opts: { journal?: AiringJournal | null } = {}) {
    this.#db = db;
    this.#journal = opts.journal ?? null;
    const held = this.#journal?.entries() ?? [];
    this.#nextProvisional = Math.min(0, ...held.map((e) => e.id)) - 1;
    for (const e of held) if (e.op === 'begin' && e.id < 0) this.#orphans.add(e.id);
    if (held.length) this.#refused = { since: new Date(), error: new LpError('LP_ERR_STORE_FAILED', 'nhật ký phát còn trong tệp dự phòng từ lần chạy trước') };
  }

  /**
   * Runs sink calls one after the other in the order made. With nothing pending the call starts at
   * once: on SQLite the statement has run before `begin` returns its promise.
   */
  #inOrder<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#pending === 0 ? fn() : this.#tail.then(fn, fn);
    this.#pending++;
    const settled = run.finally(() => void this.#pending--);
    this.#tail = settled.catch(() => {});
    return run;
  }

  /** While the journal holds calls (or replaying it fails), the store has not caught up. */
  journalState(): JournalState | null {
    const n = this.#journal?.entries().length ?? 0;
    return n && this.#refused ? { entries: n, since: this.#refused.since, error: this.#refused.error } : null;
  }

  /** A provisional id as the store knows it, when it has reached the store. */
  #resolve(id: number): number | undefined {
    return id < 0 ? this.#real.get(id) : id;
  }

  /**
   * One sink call: straight to the store when the journal is empty (or once replaying it works),
   * else — or when the store refuses it — kept in the journal, answering `kept()`.
   */
  #write<T>(entry: (id: number) => JournalEntry, provisional: boolean, id: number, direct: (id: number) => Promise<T>, kept: (id: number) => T): Promise<T> {
    return this.#inOrder(async () => {
      if (!this.#journal) return direct(id);
      const real = this.#resolve(id);
      if ((this.#journal.entries().length === 0 || (await this.#replay())) && real !== undefined) {
        try {
          return await direct(real);
        } catch (e) {
          if (!storeRefused(e)) throw e;
          this.#refused ??= { since: new Date(), error: e };
          this.#refused.error = e;
        }
      }
      const at = provisional ? this.#nextProvisional-- : id;
      if (!this.#journal.append(entry(at))) throw this.#refused?.error ?? new LpError('LP_ERR_STORE_FAILED', 'tệp dự phòng nhật ký phát đã đầy');
      this.#scheduleReplay();
      return kept(at);
    });
  }

  #scheduleReplay(): void {
    if (this.#replayTimer || this.#journal?.closed) return;
    this.#replayTimer = setTimeout(() => {
      this.#replayTimer = null;
      void this.#inOrder(() => this.#replay()).then((done) => done || this.#scheduleReplay());
    }, REPLAY_EVERY_MS);
    this.#replayTimer.unref();
  }

  /**
   * Puts the journal's calls into the store, in order, in one transaction; then empties it. True
   * when nothing is left in it. A call the store rejects for itself (an unknown row) is skipped:
   * only the store's own refusal keeps the journal.
   */
  async #replay(): Promise<boolean> {
    const journal = this.#journal;
    const entries = journal?.entries() ?? [];
    if (!journal || entries.length === 0) return true;
    if (journal.closed) return false;
    const learnt = new Map<number, number>();
    const interrupted: AiringRow[] = [];
    const real = (id: number) => (id < 0 ? learnt.get(id) ?? this.#real.get(id) : id);
    try {
      await this.#db.tx(async (q) => {
        for (const e of entries) {
          const id = real(e.id);
          try {
            if (e.op === 'begin') learnt.set(e.id, await beginOn(q, e.a, true));
            else if (e.op === 'missed') learnt.set(e.id, await missedOn(q, e.m));
            else if (id === undefined) continue; // its begin was skipped
            else if (e.op === 'heartbeat') await heartbeatOn(q, id, e.at);
            else if (e.op === 'finish') await finishOn(q, id, e.end);
            else if (e.op === 'verified') await verifiedOn(q, id, e.verified);
            else await noteOn(q, id, e.note);
          } catch (err) {
            if (storeRefused(err)) throw err;
          }
        }
        // What a previous run began here and never finished: closed like any crashed airing.
        const orphans = [...this.#orphans].map((p) => learnt.get(p)).filter((x): x is number => x !== undefined);
        if (orphans.length) interrupted.push(...await interruptOn(q, new Date(), `id IN (${orphans.map(() => '?').join(', ')})`, orphans));
      });
    } catch (e) {
      // Kept for the next try whatever the failure: the journal is the only copy of these calls.
      const err = storeRefused(e) ? e : new LpError('LP_ERR_STORE_FAILED', `ghi bù nhật ký phát: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      this.#refused = { since: this.#refused?.since ?? new Date(), error: err };
      return false;
    }
    for (const [p, r] of learnt) this.#real.set(p, r);
    this.#orphans.clear();
    this.#recovered.push(...interrupted);
    journal.clear();
    this.#refused = null;
    return true;
  }

  begin(a: AiringStart): Promise<number> {
    return this.#write((id) => ({ op: 'begin', id, a }), true, 0, () => beginOn(this.#db, a, false), (id) => id);
  }

  heartbeat(id: number, at: Date): Promise<void> {
    return this.#write((i) => ({ op: 'heartbeat', id: i, at }), false, id, (r) => heartbeatOn(this.#db, r, at), () => undefined);
  }

  /**
   * Completes an on-air row. The first completion wins: a row already closed (for example by
   * `recoverUnfinished`) is left as it is. An unknown id is a programming error → LP_ERR_NOT_FOUND.
   */
  finish(id: number, end: AiringEnd): Promise<void> {
    return this.#write((i) => ({ op: 'finish', id: i, end }), false, id, (r) => finishOn(this.#db, r, end), () => undefined);
  }

  setVerified(id: number, verified: boolean): Promise<void> {
    return this.#write((i) => ({ op: 'verified', id: i, verified }), false, id, (r) => verifiedOn(this.#db, r, verified), () => undefined);
  }

  /** Notes accumulate ("; "), so a pre-roll failure is not hidden by a later post-roll one. */
  noteTransmitter(id: number, note: string): Promise<void> {
    return this.#write((i) => ({ op: 'note', id: i, note }), false, id, (r) => noteOn(this.#db, r, note), () => undefined);
  }

  /**
   * Idempotent per key: a slot already on record (aired, missed before, …) is not recorded again,
   * so a station restarting twice over the same gap does not double its `missed` rows.
   */
  recordMissed(m: AiringMissed): Promise<number> {
    return this.#write((id) => ({ op: 'missed', id, m }), true, 0, () => this.#db.tx((q) => missedOn(q, m)), (id) => id);
  }

  /** The journal counts: a key begun there (and not failed) has aired, whatever the store says yet. */
  hasAired(key: string): Promise<boolean> {
    return this.#inOrder(async () => {
      const held = this.#journal?.entries() ?? [];
      const failed = new Set(held.filter((e) => e.op === 'finish' && e.end.status === 'failed').map((e) => e.id));
      if (held.some((e) => e.op === 'begin' && e.a.key === key && !failed.has(e.id))) return true;
      return (await this.#db.get(`SELECT 1 AS x FROM airings WHERE key = ? AND ward IS NULL AND status NOT IN ('missed', 'failed') LIMIT 1`, [key])) !== undefined;
    });
  }

  /** Replays what a previous run left in the journal first, so its rows are closed here too. */
  async recoverUnfinished(now: Date): Promise<AiringRow[]> {
    if (this.#journal?.entries().length) await this.#inOrder(() => this.#replay());
    const closed = await this.#db.tx((q) => interruptOn(q, now, "status = 'on-air' AND ward IS NULL", []));
    return [...this.#recovered.splice(0), ...closed];
  }

  async list(q: AiringQuery = {}): Promise<AiringRow[]> {
    const { where, args } = filters(q);
    const limit = q.limit === undefined ? '' : ' LIMIT ?';
    if (q.limit !== undefined) args.push(q.limit);
    return (await this.#db.all<DbRow>(`SELECT ${COLUMNS} FROM airings ${whereSql(where)} ORDER BY at, id${limit}`, args)).map(toRow);
  }

  async page(q: AiringPageQuery): Promise<AiringPage> {
    const limit = Math.min(Math.max(Math.trunc(q.limit), 1), 5000);
    const desc = q.order === 'desc';
    const { where, args } = filters(q);
    if (q.after) {
      const c = decodeCursor(q.after);
      where.push(desc ? '(at, id) < (?, ?)' : '(at, id) > (?, ?)');
      args.push(c.at, c.id);
    }
    const dir = desc ? 'DESC' : '';
    // One row more than asked tells whether a next page exists without counting.
    const rows = (await this.#db.all<DbRow>(`SELECT ${COLUMNS} FROM airings ${whereSql(where)} ORDER BY at ${dir}, id ${dir} LIMIT ?`, [...args, limit + 1])).map(toRow);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return { rows, next: more ? encodeCursor(rows[rows.length - 1]) : null };
  }

  async *stream(q: Omit<AiringQuery, 'limit'> = {}, opts: { pageSize?: number } = {}): AsyncIterable<AiringRow> {
    let after: AiringCursor | undefined;
    do {
      const p = await this.page({ ...q, limit: opts.pageSize ?? 5000, after });
      yield* p.rows;
      after = p.next ?? undefined;
    } while (after);
  }

  async count(q: Omit<AiringQuery, 'limit'> = {}, opts: { atMost?: number } = {}): Promise<number> {
    const { where, args } = filters(q);
    const sql = opts.atMost === undefined
      ? `SELECT COUNT(*) AS n FROM airings ${whereSql(where)}`
      : `SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM airings ${whereSql(where)} LIMIT ?) capped`;
    return (await this.#db.get<{ n: number }>(sql, opts.atMost === undefined ? args : [...args, opts.atMost + 1]))!.n;
  }

  /**
   * One index probe per campaign (campaign, at) instead of reading the window's rows: the next
   * campaign after the last one found that has a row in the window, until there is none.
   */
  async campaigns(q: { from?: Date; to?: Date }): Promise<string[]> {
    const { where, args } = filters({ from: q.from, to: q.to });
    const inWindow = where.map((w) => ` AND ${w}`).join('');
    const rows = await this.#db.all<{ campaign: string }>(
      `WITH RECURSIVE c(x) AS (
         SELECT (SELECT MIN(campaign) FROM airings WHERE campaign IS NOT NULL${inWindow})
         UNION ALL
         SELECT (SELECT MIN(campaign) FROM airings WHERE campaign > c.x${inWindow}) FROM c WHERE c.x IS NOT NULL)
       SELECT x AS campaign FROM c WHERE x IS NOT NULL`,
      [...args, ...args],
    );
    return rows.map((r) => r.campaign);
  }

  async get(id: number): Promise<AiringRow | null> {
    const r = await this.#db.get<DbRow>(`SELECT ${COLUMNS} FROM airings WHERE id = ?`, [id]);
    return r ? toRow(r) : null;
  }

  async putReported(ward: string, rows: readonly ReportedAiringRow[]): Promise<number> {
    if (!rows.length) return 0;
    const t = (v: string | null, what: string) => (v === null ? null : iso(new Date(v), what));
    return this.#db.tx(async (q) => {
      let changed = 0;
      for (const r of rows) {
        const res = await q.run(REPORTED_UPSERT, [
          r.channelId, r.key, iso(new Date(r.scheduledAt), 'reported: scheduledAt'), t(r.startedAt, 'reported: startedAt'), t(r.endedAt, 'reported: endedAt'),
          t(r.endedAt ?? r.startedAt, 'reported: lastSeenAt'), r.durationSec, r.plannedSec, r.title, r.campaign, r.contentHash, r.priority, r.voice,
          r.transmitter, r.transmitterNote, r.status, r.reason, r.verified === null ? null : r.verified ? 1 : 0, ward, r.wardRow,
        ]);
        changed += res.changes;
      }
      return changed;
    });
  }

  async ownAfter(afterId: number, limit: number): Promise<AiringRow[]> {
    const rows = await this.#db.all<DbRow>(`SELECT ${COLUMNS} FROM airings WHERE id > ? AND ward IS NULL ORDER BY id LIMIT ?`,
      [afterId, Math.min(Math.max(Math.trunc(limit), 1), 5000)]);
    return rows.map(toRow);
  }

  async lastActivityAt(): Promise<Date | null> {
    if (this.#journal?.entries().length) await this.#inOrder(() => this.#replay());
    const r = await this.#db.get<{ a: string | null; b: string | null; c: string | null }>(
      'SELECT MAX(last_seen_at) AS a, MAX(ended_at) AS b, MAX(started_at) AS c FROM airings WHERE ward IS NULL');
    const latest = [r?.a, r?.b, r?.c].filter((t): t is string => !!t).sort().at(-1);
    return latest ? new Date(latest) : null;
  }
}
