/** The audit trail: who scheduled, approved, aired or changed what, and when. Append-only. */
import type { Db } from './db.js';

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  /** Dotted verb, e.g. `bulletin.approve`, `schedule.write`, `air-now`, `login`. */
  readonly action: string;
  /** What it was done to: a bulletin id, a schedule file, a user name. */
  readonly subject: string | null;
  readonly detail: string | null;
}

export class AuditTrail {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS audit (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT,
      detail TEXT
    )`);
  }

  record(e: { at: Date; actor: string; action: string; subject?: string | null; detail?: unknown }): void {
    const detail = e.detail === undefined ? null : typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail);
    this.db.prepare('INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)')
      .run(e.at.toISOString(), e.actor, e.action, e.subject ?? null, detail);
  }

  /** Newest first. */
  list(q: { limit?: number; action?: string } = {}): AuditEntry[] {
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 5000);
    const rows = q.action
      ? this.db.prepare('SELECT * FROM audit WHERE action = ? ORDER BY id DESC LIMIT ?').all(q.action, limit)
      : this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit);
    return rows as AuditEntry[];
  }
}
