/**
 * The hub's record of what it sent down: each bulletin once (`hub_bulletins`), and one delivery per
 * ward (`hub_deliveries`) that stays pending until the ward acknowledges it — which it does only
 * after writing its own row, so a delivery lost on the way is simply handed out again.
 */
import type { Priority } from '../domain.js';
import { iso, type SqlDb } from '../store/sql.js';
import type { Delivery, DeliveryState, StateReport } from './protocol.js';

export interface SentBulletin {
  readonly id: number;
  readonly title: string;
  readonly text: string;
  readonly priority: Priority;
  /** ISO; null: no end. */
  readonly until: string | null;
  readonly sentBy: string;
  readonly sentAt: string;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly bulletinId: number;
  readonly ward: string;
  /** When the ward first said it had the delivery; null while pending. */
  readonly ackedAt: string | null;
  readonly state: DeliveryState;
  readonly stateAt: string;
  readonly stateBy: string | null;
  readonly note: string | null;
}

export interface NewBulletin {
  readonly title: string;
  readonly text: string;
  readonly priority: Priority;
  readonly until: Date | null;
}

/** States a later report cannot change: the bulletin's story at that ward is over. */
const FINAL: ReadonlySet<DeliveryState> = new Set(['aired', 'declined', 'expired']);

/**
 * The state a delivery moves to on a ward's report. A repeated acknowledgement (`received`, after
 * a delivery was handed out again) never undoes what the ward said since, and a final state stays.
 */
export function nextDeliveryState(current: DeliveryState, reported: DeliveryState): DeliveryState {
  if (FINAL.has(current)) return current;
  if (reported === 'received' && current !== 'pending') return current;
  return reported;
}

/**
 * The deliveries port. Left out: editing or withdrawing a sent bulletin (send a correction: wards
 * may have aired it already), and deleting anything (it is the record of what was asked of whom).
 */
export interface DeliveryStore {
  /** The bulletin and one pending delivery per ward, in one transaction; ids from `newId`. */
  send(b: NewBulletin, wards: readonly string[], by: string, now: Date, newId: () => string): Promise<{ bulletin: SentBulletin; deliveries: DeliveryRecord[] }>;
  /**
   * What a poll hands to `ward`: not yet acknowledged and still valid at `now`, khẩn cấp first,
   * then ưu tiên, then in the order sent; at most `limit` (1–100, @default 50).
   */
  pending(ward: string, now: Date, from: string, limit?: number): Promise<Delivery[]>;
  /**
   * The ward's report on one of its deliveries (the first one acknowledges it); null when `id`
   * is not a delivery to that ward.
   */
  report(ward: string, id: string, r: { state: DeliveryState; at: Date; by?: string | null; note?: string | null }): Promise<DeliveryRecord | null>;
  /** Newest first, `limit` 1–500 (@default 50), older than id `before` for the next page. */
  bulletins(q?: { limit?: number; before?: number }): Promise<SentBulletin[]>;
  bulletin(id: number): Promise<SentBulletin | null>;
  /** Every delivery of these bulletins, by bulletin then ward. */
  deliveriesOf(bulletinIds: readonly number[]): Promise<DeliveryRecord[]>;
}

interface BulletinRow { id: number; title: string; text: string; priority: Priority; until: string | null; sent_by: string; sent_at: string }
interface DeliveryDbRow { id: string; bulletin_id: number; ward: string; acked_at: string | null; state: DeliveryState; state_at: string; state_by: string | null; note: string | null }

const toBulletin = (r: BulletinRow): SentBulletin => ({ id: r.id, title: r.title, text: r.text, priority: r.priority, until: r.until, sentBy: r.sent_by, sentAt: r.sent_at });
const toDelivery = (r: DeliveryDbRow): DeliveryRecord => ({
  id: r.id, bulletinId: r.bulletin_id, ward: r.ward, ackedAt: r.acked_at, state: r.state, stateAt: r.state_at, stateBy: r.state_by, note: r.note,
});

export class SqlDeliveryStore implements DeliveryStore {
  constructor(private readonly db: SqlDb) {}

  send(b: NewBulletin, wards: readonly string[], by: string, now: Date, newId: () => string) {
    const at = iso(now, 'send: now');
    return this.db.tx(async (q) => {
      const row = await q.get<BulletinRow>('INSERT INTO hub_bulletins (title, text, priority, until, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
        [b.title, b.text, b.priority, b.until ? iso(b.until, 'send: until') : null, by, at]);
      const deliveries: DeliveryRecord[] = [];
      for (const ward of wards) {
        const d = await q.get<DeliveryDbRow>("INSERT INTO hub_deliveries (id, bulletin_id, ward, state, state_at) VALUES (?, ?, ?, 'pending', ?) RETURNING *",
          [newId(), row!.id, ward, at]);
        deliveries.push(toDelivery(d!));
      }
      return { bulletin: toBulletin(row!), deliveries };
    });
  }

  async pending(ward: string, now: Date, from: string, limit = 50): Promise<Delivery[]> {
    const rows = await this.db.all<BulletinRow & { delivery: string }>(
      `SELECT d.id AS delivery, b.* FROM hub_deliveries d JOIN hub_bulletins b ON b.id = d.bulletin_id
       WHERE d.ward = ? AND d.acked_at IS NULL AND (b.until IS NULL OR b.until > ?)
       ORDER BY CASE b.priority WHEN 'khan-cap' THEN 0 WHEN 'uu-tien' THEN 1 ELSE 2 END, b.id LIMIT ?`,
      [ward, iso(now, 'pending: now'), Math.min(Math.max(Math.trunc(limit), 1), 100)]);
    return rows.map((r) => ({
      id: r.delivery, bulletinId: r.id, priority: r.priority, title: r.title, text: r.text, until: r.until, sentAt: r.sent_at, sentBy: r.sent_by, from,
    }));
  }

  report(ward: string, id: string, r: { state: DeliveryState; at: Date; by?: string | null; note?: string | null }): Promise<DeliveryRecord | null> {
    const at = iso(r.at, 'report: at');
    return this.db.tx(async (q) => {
      const cur = await q.get<DeliveryDbRow>('SELECT * FROM hub_deliveries WHERE id = ? AND ward = ?', [id, ward]);
      if (!cur) return null;
      const state = nextDeliveryState(cur.state, r.state);
      const moved = state !== cur.state;
      const row = await q.get<DeliveryDbRow>(
        `UPDATE hub_deliveries SET acked_at = COALESCE(acked_at, ?), state = ?, state_at = ?, state_by = ?, note = ? WHERE id = ? RETURNING *`,
        [at, state, moved ? at : cur.state_at, moved ? (r.by ?? null) : cur.state_by, moved ? (r.note ?? null) : cur.note, id]);
      return toDelivery(row!);
    });
  }

  async bulletins(q: { limit?: number; before?: number } = {}): Promise<SentBulletin[]> {
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 500);
    const rows = q.before === undefined
      ? await this.db.all<BulletinRow>('SELECT * FROM hub_bulletins ORDER BY id DESC LIMIT ?', [limit])
      : await this.db.all<BulletinRow>('SELECT * FROM hub_bulletins WHERE id < ? ORDER BY id DESC LIMIT ?', [q.before, limit]);
    return rows.map(toBulletin);
  }

  async bulletin(id: number): Promise<SentBulletin | null> {
    const r = await this.db.get<BulletinRow>('SELECT * FROM hub_bulletins WHERE id = ?', [id]);
    return r ? toBulletin(r) : null;
  }

  async deliveriesOf(bulletinIds: readonly number[]): Promise<DeliveryRecord[]> {
    if (!bulletinIds.length) return [];
    const rows = await this.db.all<DeliveryDbRow>(
      `SELECT * FROM hub_deliveries WHERE bulletin_id IN (${bulletinIds.map(() => '?').join(', ')}) ORDER BY bulletin_id, ward`, [...bulletinIds]);
    return rows.map(toDelivery);
  }
}
