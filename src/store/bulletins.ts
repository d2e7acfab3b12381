/**
 * Bulletins and their approval. A bulletin is drafted (text as cleaned, the spoken form, the quality
 * check), then approved by an approver; only approved bulletins may be scheduled. Who drafted and who
 * approved, and when, stay on the row; an approved bulletin's text is frozen.
 */
import { LpError } from '../errors.js';
import type { SqlDb } from './sql.js';

export type BulletinStatus = 'draft' | 'approved';

export const BULLETIN_STATUS_LABELS: Record<BulletinStatus, string> = { draft: 'Bản nháp', approved: 'Đã duyệt' };

export interface BulletinQuality {
  readonly suspect: boolean;
  readonly score: number;
  readonly warnings: readonly string[];
}

export interface Bulletin {
  readonly id: number;
  readonly title: string;
  readonly campaign: string | null;
  /** Cleaned text: what is saved for the schedule and read by the station. */
  readonly text: string;
  /** Spoken form: what the voice reads. */
  readonly spoken: string;
  readonly quality: BulletinQuality;
  readonly estimatedSeconds: number | null;
  /** Where it came from: an uploaded file name or "dán" (pasted). */
  readonly source: string | null;
  readonly status: BulletinStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
}

export interface BulletinDraft {
  readonly title: string;
  readonly campaign?: string | null;
  readonly text: string;
  readonly spoken: string;
  readonly quality: BulletinQuality;
  readonly estimatedSeconds?: number | null;
  readonly source?: string | null;
}

interface Row {
  id: number; title: string; campaign: string | null; text: string; spoken: string; quality: string;
  estimated_seconds: number | null; source: string | null; status: BulletinStatus;
  created_by: string; created_at: string; approved_by: string | null; approved_at: string | null;
}

const toBulletin = (r: Row): Bulletin => ({
  id: r.id, title: r.title, campaign: r.campaign, text: r.text, spoken: r.spoken,
  quality: JSON.parse(r.quality) as BulletinQuality, estimatedSeconds: r.estimated_seconds, source: r.source,
  status: r.status, createdBy: r.created_by, createdAt: r.created_at, approvedBy: r.approved_by, approvedAt: r.approved_at,
});

/** A page of the bulletin list, newest first. */
export interface BulletinListQuery {
  readonly status?: BulletinStatus;
  /** Page size, 1–2000. @default 200 */
  readonly limit?: number;
  /** Only bulletins older than this id: pass the last id of the previous page to get the next one. */
  readonly before?: number;
  /** Skip this many (numbered pages on the Bản tin screen). @default 0 */
  readonly offset?: number;
}

/**
 * The bulletins port: drafts, edits of drafts, approval. Left out: deleting (an approved bulletin
 * may be on record in the airing log) and un-approving (draft a new one instead).
 */
export interface BulletinStore {
  create(d: BulletinDraft, by: string, now: Date): Promise<Bulletin>;
  find(id: number): Promise<Bulletin | null>;
  /** Like `find`, LP_ERR_NOT_FOUND when missing. */
  get(id: number): Promise<Bulletin>;
  /** Newest first, one page (keyset on id, so a page costs the same however far back it is). */
  list(q?: BulletinListQuery): Promise<Bulletin[]>;
  count(q?: { status?: BulletinStatus }): Promise<number>;
  /** Only a draft can be edited: an approved text is what was approved (LP_ERR_BAD_REQUEST). */
  update(id: number, d: BulletinDraft): Promise<Bulletin>;
  /** Idempotent: approving an approved bulletin returns it unchanged. */
  approve(id: number, by: string, now: Date): Promise<Bulletin>;
}

export class SqlBulletinStore implements BulletinStore {
  constructor(private readonly db: SqlDb) {}

  async create(d: BulletinDraft, by: string, now: Date): Promise<Bulletin> {
    const r = await this.db.get<Row>(`INSERT INTO bulletins (title, campaign, text, spoken, quality, estimated_seconds, source, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`, [d.title, d.campaign ?? null, d.text, d.spoken, JSON.stringify(d.quality),
      d.estimatedSeconds ?? null, d.source ?? null, by, now.toISOString()]);
    return toBulletin(r!);
  }

  async find(id: number): Promise<Bulletin | null> {
    const r = await this.db.get<Row>('SELECT * FROM bulletins WHERE id = ?', [id]);
    return r ? toBulletin(r) : null;
  }

  async get(id: number): Promise<Bulletin> {
    const b = await this.find(id);
    if (!b) throw new LpError('LP_ERR_NOT_FOUND', `bản tin số ${id}`);
    return b;
  }

  async list(q: BulletinListQuery = {}): Promise<Bulletin[]> {
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 2000);
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status) (where.push('status = ?'), args.push(q.status));
    if (q.before !== undefined) (where.push('id < ?'), args.push(q.before));
    const rows = await this.db.all<Row>(`SELECT * FROM bulletins ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ? OFFSET ?`, [...args, limit, offset]);
    return rows.map(toBulletin);
  }

  async count(q: { status?: BulletinStatus } = {}): Promise<number> {
    const r = q.status
      ? await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM bulletins WHERE status = ?', [q.status])
      : await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM bulletins');
    return r!.n;
  }

  async update(id: number, d: BulletinDraft): Promise<Bulletin> {
    const r = await this.db.get<Row>(`UPDATE bulletins SET title = ?, campaign = ?, text = ?, spoken = ?, quality = ?, estimated_seconds = ?
      WHERE id = ? AND status = 'draft' RETURNING *`, [d.title, d.campaign ?? null, d.text, d.spoken, JSON.stringify(d.quality), d.estimatedSeconds ?? null, id]);
    if (r) return toBulletin(r);
    await this.get(id);
    throw new LpError('LP_ERR_BAD_REQUEST', `bản tin số ${id} đã duyệt, không sửa được; hãy tạo bản tin mới`);
  }

  async approve(id: number, by: string, now: Date): Promise<Bulletin> {
    const r = await this.db.get<Row>("UPDATE bulletins SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ? AND status = 'draft' RETURNING *",
      [by, now.toISOString(), id]);
    return r ? toBulletin(r) : this.get(id);
  }
}
