/**
 * The hub's directory of its wards (`hub_wards`): who they are (from the config, keys as hashes
 * only), when each last called, when it last reported, and the channel state it reported last.
 */
import { iso, type SqlDb } from '../store/sql.js';
import type { StatusReport } from './protocol.js';

export interface WardRecord {
  readonly id: string;
  readonly name: string;
  /** `sha256:<hex>` of the ward's key; the key itself is never stored. */
  readonly keyHash: string;
  /** Last call of any kind (a long-poll keeps it fresh). */
  readonly lastSeenAt: string | null;
  /** Last report of airings or channel state. */
  readonly lastReportAt: string | null;
  /** The channel state it reported last. */
  readonly status: StatusReport | null;
}

/**
 * The ward directory port. Left out: removing a ward (its rows stay on record; a ward dropped from
 * the config is no longer listed or let in, and comes back with its history if it is added again).
 */
export interface WardDirectory {
  /** Makes the directory hold the configured wards: added, or renamed and re-keyed. */
  sync(wards: ReadonlyArray<{ readonly id: string; readonly name: string; readonly keyHash: string }>): Promise<void>;
  /** Every ward ever configured, by id. */
  list(): Promise<WardRecord[]>;
  /** The ward called at `at`. */
  seen(id: string, at: Date): Promise<void>;
  /** The ward reported at `at`; with `status`, its channels' state as of then. */
  reported(id: string, at: Date, status?: StatusReport): Promise<void>;
}

interface Row { id: string; name: string; key_hash: string; last_seen_at: string | null; last_report_at: string | null; status: string | null }

export class SqlWardDirectory implements WardDirectory {
  constructor(private readonly db: SqlDb) {}

  async sync(wards: ReadonlyArray<{ readonly id: string; readonly name: string; readonly keyHash: string }>): Promise<void> {
    await this.db.tx(async (q) => {
      for (const w of wards) {
        await q.run('INSERT INTO hub_wards (id, name, key_hash) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, key_hash = excluded.key_hash',
          [w.id, w.name, w.keyHash]);
      }
    });
  }

  async list(): Promise<WardRecord[]> {
    const rows = await this.db.all<Row>('SELECT * FROM hub_wards ORDER BY id');
    return rows.map((r) => ({
      id: r.id, name: r.name, keyHash: r.key_hash, lastSeenAt: r.last_seen_at, lastReportAt: r.last_report_at,
      status: r.status ? (JSON.parse(r.status) as StatusReport) : null,
    }));
  }

  async seen(id: string, at: Date): Promise<void> {
    await this.db.run('UPDATE hub_wards SET last_seen_at = ? WHERE id = ?', [iso(at, 'seen: at'), id]);
  }

  async reported(id: string, at: Date, status?: StatusReport): Promise<void> {
    const t = iso(at, 'reported: at');
    if (status) await this.db.run('UPDATE hub_wards SET last_seen_at = ?, last_report_at = ?, status = ? WHERE id = ?', [t, t, JSON.stringify(status), id]);
    else await this.db.run('UPDATE hub_wards SET last_seen_at = ?, last_report_at = ? WHERE id = ?', [t, t, id]);
  }
}
