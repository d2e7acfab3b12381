/**
 * Login sessions. The cookie holds a random token; the table keeps only its SHA-256, so a copy of
 * the database does not hand out live sessions. Each session has its own CSRF token for forms.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlDb } from './sql.js';

export interface Session {
  readonly userId: number;
  readonly csrf: string;
  readonly expiresAt: string;
}

/** @default 12 hours: one working day, then log in again. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The sessions port. Left out: listing sessions and sliding expiry (a session lasts its TTL from
 * login, then the user logs in again); expired rows are swept when a new session is made.
 */
export interface SessionStore {
  /** Returns the cookie token (shown once, never stored in clear). */
  create(userId: number, now: Date): Promise<{ token: string; session: Session }>;
  /** The live session of a token; null when unknown or expired at `now`. */
  get(token: string, now: Date): Promise<Session | null>;
  delete(token: string): Promise<void>;
  /** Ends every session of a user (locked account, changed password), except `keepToken`'s. */
  deleteForUser(userId: number, keepToken?: string): Promise<void>;
}

export class SqlSessionStore implements SessionStore {
  constructor(private readonly db: SqlDb, private readonly ttlMs = SESSION_TTL_MS) {}

  async create(userId: number, now: Date): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.ttlMs).toISOString();
    await this.db.run('DELETE FROM sessions WHERE expires_at <= ?', [now.toISOString()]);
    await this.db.run('INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [digest(token), userId, csrf, now.toISOString(), expiresAt]);
    return { token, session: { userId, csrf, expiresAt } };
  }

  async get(token: string, now: Date): Promise<Session | null> {
    const r = await this.db.get<{ user_id: number; csrf: string; expires_at: string }>(
      'SELECT user_id, csrf, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?', [digest(token), now.toISOString()]);
    return r ? { userId: r.user_id, csrf: r.csrf, expiresAt: r.expires_at } : null;
  }

  async delete(token: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [digest(token)]);
  }

  async deleteForUser(userId: number, keepToken?: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?', [userId, keepToken ? digest(keepToken) : '']);
  }
}
