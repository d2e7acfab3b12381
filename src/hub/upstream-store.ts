/**
 * What a ward keeps of its hub: the inbox of deliveries it took (`ward_inbox`, keyed by the hub's
 * delivery id, so a delivery handed out twice is taken once), what became of each and whether the
 * hub has been told, and how far its airings have been reported up (`upstream_state`).
 */
import { LpError } from '../errors.js';
import type { Priority } from '../domain.js';
import { iso, type SqlDb } from '../store/sql.js';
import type { Delivery, WardState } from './protocol.js';

export interface InboxItem {
  /** The hub's delivery id. */
  readonly id: string;
  /** The hub's bulletin id (its numbering, not this ward's). */
  readonly bulletinId: number;
  readonly priority: Priority;
  readonly title: string;
  readonly text: string;
  readonly until: string | null;
  readonly sentAt: string;
  readonly sentBy: string;
  /** Who sent it ("offered by …"). */
  readonly from: string;
  readonly receivedAt: string;
  readonly state: WardState;
  readonly stateAt: string;
  /** The ward user who accepted or declined. */
  readonly stateBy: string | null;
  readonly note: string | null;
  /** Airing keys it was handed to playout under (one per channel). */
  readonly airKeys: readonly string[];
  /** This ward's bulletins made from it when accepted. */
  readonly bulletins: readonly number[];
  /** The state the hub was last told; null: not yet told anything. */
  readonly reportedState: WardState | null;
}

export interface InboxChange {
  readonly state: WardState;
  readonly at: Date;
  readonly by?: string | null;
  readonly note?: string | null;
  readonly airKeys?: readonly string[];
  readonly bulletins?: readonly number[];
}

/**
 * The ward's upstream port. Left out: deleting an item (the inbox is the ward's record of what
 * it was asked to air) and any state machine: the ward's rules (src/hub/decide.ts) say what moves.
 */
export interface UpstreamStore {
  /** Writes a delivery as `received`, once; one already here comes back unchanged (`fresh: false`). */
  receive(d: Delivery, now: Date): Promise<{ item: InboxItem; fresh: boolean }>;
  find(id: string): Promise<InboxItem | null>;
  /** Like `find`; LP_ERR_NOT_FOUND when missing. */
  get(id: string): Promise<InboxItem>;
  /**
   * Moves an item on. With `from`, only when it is still in one of those states (null otherwise):
   * two approvers deciding at once cannot both win. LP_ERR_NOT_FOUND when there is no such item.
   */
  change(id: string, c: InboxChange, from?: readonly WardState[]): Promise<InboxItem | null>;
  /** Items in these states, oldest first (at most 500). */
  inStates(states: readonly WardState[]): Promise<InboxItem[]>;
  /** Newest first, one page (1–200, @default 50; `offset` for numbered pages). */
  list(q?: { limit?: number; offset?: number; state?: WardState }): Promise<InboxItem[]>;
  count(q?: { state?: WardState }): Promise<number>;
  /** Items whose state the hub has not been told yet, oldest first (at most `limit`, @default 100). */
  unreported(limit?: number): Promise<InboxItem[]>;
  /** The hub has been told `state`; a no-op when the item moved on meanwhile (it is told again). */
  markReported(id: string, state: WardState): Promise<void>;
  /** Airing rows with ids below this have been reported up in their final form. @default 0 */
  reportedBelow(): Promise<number>;
  setReportedBelow(id: number): Promise<void>;
}

interface Row {
  id: string; bulletin_id: number; priority: Priority; title: string; text: string; until: string | null; sent_at: string; sent_by: string;
  origin: string; received_at: string; state: WardState; state_at: string; state_by: string | null; note: string | null;
  air_keys: string | null; bulletins: string | null; reported_state: WardState | null;
}

const toItem = (r: Row): InboxItem => ({
  id: r.id, bulletinId: r.bulletin_id, priority: r.priority, title: r.title, text: r.text, until: r.until, sentAt: r.sent_at, sentBy: r.sent_by,
  from: r.origin, receivedAt: r.received_at, state: r.state, stateAt: r.state_at, stateBy: r.state_by, note: r.note,
  airKeys: r.air_keys ? (JSON.parse(r.air_keys) as string[]) : [], bulletins: r.bulletins ? (JSON.parse(r.bulletins) as number[]) : [],
  reportedState: r.reported_state,
});

const REPORT_CURSOR = 'airings.reported-below';

export class SqlUpstreamStore implements UpstreamStore {
  constructor(private readonly db: SqlDb) {}

  async receive(d: Delivery, now: Date): Promise<{ item: InboxItem; fresh: boolean }> {
    const at = iso(now, 'receive: now');
    const r = await this.db.get<Row>(
      `INSERT INTO ward_inbox (id, bulletin_id, priority, title, text, until, sent_at, sent_by, origin, received_at, state, state_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [d.id, d.bulletinId, d.priority, d.title, d.text, d.until === null ? null : iso(new Date(d.until), 'until'), iso(new Date(d.sentAt), 'sentAt'), d.sentBy, d.from, at, at]);
    if (r) return { item: toItem(r), fresh: true };
    return { item: await this.get(d.id), fresh: false };
  }

  async find(id: string): Promise<InboxItem | null> {
    const r = await this.db.get<Row>('SELECT * FROM ward_inbox WHERE id = ?', [id]);
    return r ? toItem(r) : null;
  }

  async get(id: string): Promise<InboxItem> {
    const item = await this.find(id);
    if (!item) throw new LpError('LP_ERR_NOT_FOUND', `bản tin cấp trên ${id}`);
    return item;
  }

  async change(id: string, c: InboxChange, from?: readonly WardState[]): Promise<InboxItem | null> {
    const sets = ['state = ?', 'state_at = ?', 'state_by = ?', 'note = ?'];
    const args: unknown[] = [c.state, iso(c.at, 'change: at'), c.by ?? null, c.note ?? null];
    if (c.airKeys) (sets.push('air_keys = ?'), args.push(JSON.stringify(c.airKeys)));
    if (c.bulletins) (sets.push('bulletins = ?'), args.push(JSON.stringify(c.bulletins)));
    const guard = from?.length ? ` AND state IN (${from.map(() => '?').join(', ')})` : '';
    const r = await this.db.get<Row>(`UPDATE ward_inbox SET ${sets.join(', ')} WHERE id = ?${guard} RETURNING *`, [...args, id, ...(from ?? [])]);
    if (r) return toItem(r);
    // Missing is an error either way; present but in another state is the guard doing its job.
    await this.get(id);
    return null;
  }

  async inStates(states: readonly WardState[]): Promise<InboxItem[]> {
    if (!states.length) return [];
    const rows = await this.db.all<Row>(`SELECT * FROM ward_inbox WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY received_at, id LIMIT 500`, [...states]);
    return rows.map(toItem);
  }

  async list(q: { limit?: number; offset?: number; state?: WardState } = {}): Promise<InboxItem[]> {
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 200);
    const offset = Math.max(0, Math.trunc(q.offset ?? 0));
    const rows = q.state
      ? await this.db.all<Row>('SELECT * FROM ward_inbox WHERE state = ? ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?', [q.state, limit, offset])
      : await this.db.all<Row>('SELECT * FROM ward_inbox ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?', [limit, offset]);
    return rows.map(toItem);
  }

  async count(q: { state?: WardState } = {}): Promise<number> {
    const r = q.state
      ? await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ward_inbox WHERE state = ?', [q.state])
      : await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ward_inbox');
    return r!.n;
  }

  async unreported(limit = 100): Promise<InboxItem[]> {
    const rows = await this.db.all<Row>(
      'SELECT * FROM ward_inbox WHERE reported_state IS NULL OR reported_state <> state ORDER BY state_at, id LIMIT ?', [Math.min(Math.max(Math.trunc(limit), 1), 500)]);
    return rows.map(toItem);
  }

  async markReported(id: string, state: WardState): Promise<void> {
    await this.db.run('UPDATE ward_inbox SET reported_state = ? WHERE id = ? AND state = ?', [state, id, state]);
  }

  async reportedBelow(): Promise<number> {
    const r = await this.db.get<{ value: string }>('SELECT value FROM upstream_state WHERE name = ?', [REPORT_CURSOR]);
    return r ? Number(r.value) : 0;
  }

  async setReportedBelow(id: number): Promise<void> {
    await this.db.run('INSERT INTO upstream_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [REPORT_CURSOR, String(id)]);
  }
}
