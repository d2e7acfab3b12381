/**
 * The as-run log: the single place an airing row is written. Playout writes the row `on-air`
 * synchronously before the first sample reaches the encoder, heartbeats while it plays and completes
 * it when it ends; after a crash `recoverUnfinished` closes what was left on air at its last sign of
 * life. Times are stored as ISO UTC strings (`Date#toISOString`), which sort as text.
 */
import type { Statement } from 'better-sqlite3';
import { AIRING_STATUSES, type AiringStatus, type Priority } from '../domain.js';
import { LpError } from '../errors.js';
import type { Db } from '../store/db.js';
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
}

export interface AiringQuery {
  /** Rows whose start (or, for missed rows, scheduled time) is at or after this instant. */
  readonly from?: Date;
  /** … and strictly before this instant. */
  readonly to?: Date;
  readonly channelId?: string;
  readonly status?: AiringStatus;
  readonly campaign?: string;
  /** Most rows returned, oldest first. @default no limit (a report must never lose rows silently) */
  readonly limit?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS airings (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id       TEXT    NOT NULL,
  key              TEXT    NOT NULL,
  scheduled_at     TEXT    NOT NULL,
  started_at       TEXT,
  ended_at         TEXT,
  last_seen_at     TEXT,
  duration_sec     REAL,
  planned_sec      REAL,
  title            TEXT    NOT NULL,
  campaign         TEXT,
  bulletin_id      INTEGER,
  content_hash     TEXT,
  priority         TEXT    NOT NULL,
  voice            TEXT,
  transmitter      TEXT,
  transmitter_note TEXT,
  status           TEXT    NOT NULL CHECK (status IN (${AIRING_STATUSES.map((s) => `'${s}'`).join(', ')})),
  reason           TEXT,
  verified         INTEGER,
  -- When the row happened: the start, or the scheduled time of a row that never started.
  at               TEXT    GENERATED ALWAYS AS (COALESCE(started_at, scheduled_at)) VIRTUAL
);
CREATE INDEX IF NOT EXISTS airings_key ON airings (key);
CREATE INDEX IF NOT EXISTS airings_at ON airings (at);
CREATE INDEX IF NOT EXISTS airings_status ON airings (status);
`;

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
}

const COLUMNS =
  'id, channel_id, key, scheduled_at, started_at, ended_at, last_seen_at, duration_sec, planned_sec, title, campaign, ' +
  'bulletin_id, content_hash, priority, voice, transmitter, transmitter_note, status, reason, verified';

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
  };
}

function iso(d: Date, what: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new LpError('LP_ERR_INTERNAL', `airing: ${what} không phải thời điểm hợp lệ`);
  return d.toISOString();
}

/** Seconds between two ISO instants, never negative, to the millisecond. */
function secondsBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.round(Date.parse(toIso) - Date.parse(fromIso)) / 1000);
}

/** Store failures (disk full, locked file) surface as one coded error naming the operation. */
function guarded<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LpError) throw e;
    throw new LpError('LP_ERR_STORE_FAILED', `nhật ký phát, ${op}: ${(e as Error).message}`, { cause: e });
  }
}

export class AiringLog implements AiringSink {
  readonly #db: Db;
  readonly #insert: Statement;
  readonly #byId: Statement<[number]>;

  /** Creates the `airings` table if missing; the Db comes from `openDatabase(dataDir)`. */
  constructor(db: Db) {
    this.#db = db;
    guarded('tạo bảng', () => db.exec(SCHEMA));
    this.#insert = db.prepare(
      `INSERT INTO airings (channel_id, key, scheduled_at, started_at, last_seen_at, planned_sec, title, campaign,
         bulletin_id, content_hash, priority, voice, transmitter, status, reason)
       VALUES (@channelId, @key, @scheduledAt, @startedAt, @startedAt, @plannedSec, @title, @campaign,
         @bulletinId, @contentHash, @priority, @voice, @transmitter, @status, @reason)`,
    );
    this.#byId = db.prepare(`SELECT ${COLUMNS} FROM airings WHERE id = ?`);
  }

  async begin(a: AiringStart): Promise<number> {
    const startedAt = iso(a.startedAt, 'startedAt');
    return guarded('ghi bắt đầu phát', () =>
      Number(
        this.#insert.run({
          channelId: a.channelId,
          key: a.key,
          scheduledAt: iso(a.scheduledAt, 'scheduledAt'),
          startedAt,
          plannedSec: a.plannedSeconds ?? null,
          title: a.title,
          campaign: a.campaign,
          bulletinId: a.bulletinId ?? null,
          contentHash: a.contentHash,
          priority: a.priority,
          voice: a.voice ?? null,
          transmitter: a.transmitter ?? null,
          status: 'on-air',
          reason: null,
        }).lastInsertRowid,
      ),
    );
  }

  async heartbeat(id: number, at: Date): Promise<void> {
    const t = iso(at, 'heartbeat');
    guarded('ghi nhịp', () =>
      this.#db.prepare(`UPDATE airings SET last_seen_at = ? WHERE id = ? AND status = 'on-air'`).run(t, id),
    );
  }

  /**
   * Completes an on-air row. The first completion wins: a row already closed (for example by
   * `recoverUnfinished`) is left as it is. An unknown id is a programming error → LP_ERR_NOT_FOUND.
   */
  async finish(id: number, end: AiringEnd): Promise<void> {
    const endedAt = iso(end.endedAt, 'endedAt');
    guarded('ghi kết thúc phát', () => {
      const row = this.#byId.get(id) as DbRow | undefined;
      if (!row) throw new LpError('LP_ERR_NOT_FOUND', `lượt phát #${id}`);
      if (row.status !== 'on-air') return;
      this.#db
        .prepare(
          `UPDATE airings SET status = ?, ended_at = ?, last_seen_at = ?, duration_sec = ?, reason = ?
           WHERE id = ? AND status = 'on-air'`,
        )
        .run(end.status, endedAt, endedAt, secondsBetween(row.started_at ?? endedAt, endedAt), end.reason ?? null, id);
    });
  }

  async setVerified(id: number, verified: boolean): Promise<void> {
    guarded('ghi xác nhận trên sóng', () =>
      this.#db.prepare('UPDATE airings SET verified = ? WHERE id = ?').run(verified ? 1 : 0, id),
    );
  }

  /** Notes accumulate ("; "), so a pre-roll failure is not hidden by a later post-roll one. */
  async noteTransmitter(id: number, note: string): Promise<void> {
    guarded('ghi ghi chú máy phát', () =>
      this.#db
        .prepare(
          `UPDATE airings SET transmitter_note = CASE WHEN transmitter_note IS NULL OR transmitter_note = ''
             THEN ? ELSE transmitter_note || '; ' || ? END WHERE id = ?`,
        )
        .run(note, note, id),
    );
  }

  /**
   * Idempotent per key: a slot already on record (aired, missed before, …) is not recorded again,
   * so a station restarting twice over the same gap does not double its `missed` rows.
   */
  async recordMissed(m: AiringMissed): Promise<number> {
    return guarded('ghi lượt bỏ lỡ', () =>
      this.#db.transaction(() => {
        const existing = this.#db.prepare('SELECT id FROM airings WHERE key = ? ORDER BY id LIMIT 1').get(m.key) as
          | { id: number }
          | undefined;
        if (existing) return existing.id;
        return Number(
          this.#insert.run({
            channelId: m.channelId,
            key: m.key,
            scheduledAt: iso(m.scheduledAt, 'scheduledAt'),
            startedAt: null,
            plannedSec: null,
            title: m.title,
            campaign: m.campaign,
            bulletinId: null,
            contentHash: null,
            priority: m.priority,
            voice: null,
            transmitter: null,
            status: 'missed',
            reason: m.reason,
          }).lastInsertRowid,
        );
      }).immediate(),
    );
  }

  async hasAired(key: string): Promise<boolean> {
    return guarded('đọc nhật ký', () =>
      this.#db.prepare(`SELECT 1 FROM airings WHERE key = ? AND status NOT IN ('missed', 'failed') LIMIT 1`).get(key) !==
      undefined,
    );
  }

  /**
   * Run once at start, before playout: every row still `on-air` belongs to a process that died.
   * Each becomes `interrupted`, ended at its last heartbeat (the last moment it was known to play).
   */
  recoverUnfinished(now: Date): AiringRow[] {
    const reason = `Phần mềm dừng đột ngột khi đang phát; khôi phục lúc ${iso(now, 'now')}, tính đến nhịp cuối cùng`;
    return guarded('khôi phục lượt phát dở', () =>
      this.#db.transaction(() => {
        const open = this.#db.prepare(`SELECT ${COLUMNS} FROM airings WHERE status = 'on-air' ORDER BY id`).all() as DbRow[];
        const close = this.#db.prepare(
          `UPDATE airings SET status = 'interrupted', ended_at = ?, duration_sec = ?, reason = ? WHERE id = ?`,
        );
        for (const r of open) {
          const endedAt = r.last_seen_at ?? r.started_at ?? r.scheduled_at;
          close.run(endedAt, secondsBetween(r.started_at ?? endedAt, endedAt), reason, r.id);
        }
        return open.map((r) => toRow(this.#byId.get(r.id) as DbRow));
      }).immediate(),
    );
  }

  /** Rows in time order (start, or scheduled time for rows that never started). */
  list(q: AiringQuery = {}): AiringRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.from) (where.push('at >= ?'), args.push(iso(q.from, 'from')));
    if (q.to) (where.push('at < ?'), args.push(iso(q.to, 'to')));
    if (q.channelId) (where.push('channel_id = ?'), args.push(q.channelId));
    if (q.status) (where.push('status = ?'), args.push(q.status));
    if (q.campaign) (where.push('campaign = ?'), args.push(q.campaign));
    const sql =
      `SELECT ${COLUMNS} FROM airings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
      'ORDER BY at, id LIMIT ?';
    // SQLite reads a negative LIMIT as none.
    return guarded('đọc nhật ký', () =>
      (this.#db.prepare(sql).all(...args, q.limit ?? -1) as DbRow[]).map(toRow),
    );
  }

  get(id: number): AiringRow | null {
    return guarded('đọc nhật ký', () => {
      const r = this.#byId.get(id) as DbRow | undefined;
      return r ? toRow(r) : null;
    });
  }

  /**
   * The last moment the station is known to have been alive (latest start, heartbeat or end), so
   * that at start it can record as `missed` the slots that fell due while it was down.
   */
  lastActivityAt(): Date | null {
    return guarded('đọc nhật ký', () => {
      const r = this.#db
        .prepare('SELECT MAX(MAX(COALESCE(last_seen_at, \'\'), COALESCE(ended_at, \'\'), COALESCE(started_at, \'\'))) AS t FROM airings')
        .get() as { t: string | null };
      return r.t ? new Date(r.t) : null;
    });
  }
}
