/**
 * Bulletins and their approval. A bulletin is drafted (text as cleaned, the spoken form, the quality
 * check), then approved by an approver; only approved bulletins may be scheduled. Who drafted and who
 * approved, and when, stay on the row; an approved bulletin's text is frozen.
 */
import { LpError } from '../errors.js';
import type { Db } from './db.js';

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

export class BulletinStore {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS bulletins (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      campaign TEXT,
      text TEXT NOT NULL,
      spoken TEXT NOT NULL,
      quality TEXT NOT NULL,
      estimated_seconds REAL,
      source TEXT,
      status TEXT NOT NULL DEFAULT 'draft',
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      approved_by TEXT,
      approved_at TEXT
    )`);
  }

  create(d: BulletinDraft, by: string, now: Date): Bulletin {
    const info = this.db.prepare(`INSERT INTO bulletins (title, campaign, text, spoken, quality, estimated_seconds, source, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(d.title, d.campaign ?? null, d.text, d.spoken, JSON.stringify(d.quality),
      d.estimatedSeconds ?? null, d.source ?? null, by, now.toISOString());
    return this.get(Number(info.lastInsertRowid));
  }

  find(id: number): Bulletin | null {
    const r = this.db.prepare('SELECT * FROM bulletins WHERE id = ?').get(id) as Row | undefined;
    return r ? toBulletin(r) : null;
  }

  get(id: number): Bulletin {
    const b = this.find(id);
    if (!b) throw new LpError('LP_ERR_NOT_FOUND', `bản tin số ${id}`);
    return b;
  }

  /** Newest first; `offset` skips that many (paging). */
  list(q: { status?: BulletinStatus; limit?: number; offset?: number } = {}): Bulletin[] {
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 2000);
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const rows = q.status
      ? this.db.prepare('SELECT * FROM bulletins WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?').all(q.status, limit, offset)
      : this.db.prepare('SELECT * FROM bulletins ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset);
    return (rows as Row[]).map(toBulletin);
  }

  /** How many bulletins there are (for paging the list). */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM bulletins').get() as { n: number }).n;
  }

  /** Only a draft can be edited: an approved text is what was approved. */
  update(id: number, d: BulletinDraft): Bulletin {
    const b = this.get(id);
    if (b.status !== 'draft') throw new LpError('LP_ERR_BAD_REQUEST', `bản tin số ${id} đã duyệt, không sửa được; hãy tạo bản tin mới`);
    this.db.prepare(`UPDATE bulletins SET title = ?, campaign = ?, text = ?, spoken = ?, quality = ?, estimated_seconds = ?
      WHERE id = ?`).run(d.title, d.campaign ?? null, d.text, d.spoken, JSON.stringify(d.quality), d.estimatedSeconds ?? null, id);
    return this.get(id);
  }

  approve(id: number, by: string, now: Date): Bulletin {
    const b = this.get(id);
    if (b.status === 'approved') return b;
    this.db.prepare("UPDATE bulletins SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?").run(by, now.toISOString(), id);
    return this.get(id);
  }
}
