/**
 * Login sessions. The cookie holds a random token; the table keeps only its SHA-256, so a copy of
 * the database does not hand out live sessions. Each session has its own CSRF token for forms.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export interface Session {
  readonly userId: number;
  readonly csrf: string;
  readonly expiresAt: string;
}

/** @default 12 hours: one working day, then log in again. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  constructor(private readonly db: Db, private readonly ttlMs = SESSION_TTL_MS) {
    db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`);
  }

  /** Returns the cookie token (shown once, never stored in clear). */
  create(userId: number, now: Date): { token: string; session: Session } {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.ttlMs).toISOString();
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString());
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(digest(token), userId, csrf, now.toISOString(), expiresAt);
    return { token, session: { userId, csrf, expiresAt } };
  }

  get(token: string, now: Date): Session | null {
    const r = this.db.prepare('SELECT user_id, csrf, expires_at FROM sessions WHERE token_hash = ?').get(digest(token)) as
      { user_id: number; csrf: string; expires_at: string } | undefined;
    if (!r || r.expires_at <= now.toISOString()) return null;
    return { userId: r.user_id, csrf: r.csrf, expiresAt: r.expires_at };
  }

  delete(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(digest(token));
  }

  /** Ends every session of a user (locked account, changed password), except `keepToken`'s. */
  deleteForUser(userId: number, keepToken?: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash != ?').run(userId, keepToken ? digest(keepToken) : '');
  }
}
