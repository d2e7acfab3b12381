/**
 * The SQLite file (better-sqlite3, WAL). One connection per process; every repository (airing log,
 * users, bulletins, audit) takes it and creates its own tables if missing, so a module owns its schema.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LpError } from '../errors.js';

export type Db = Database.Database;

export function openDatabase(dataDir: string, fileName = 'loaphuong.sqlite'): Db {
  try {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, fileName));
    db.pragma('journal_mode = WAL');
    // FULL: an airing row written before the audio starts must survive a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (e) {
    throw new LpError('LP_ERR_STORE_FAILED', `${join(dataDir, fileName)}: ${(e as Error).message}`, { cause: e });
  }
}
