/**
 * The stores of a station, built in one place: the engine chosen by the config (PostgreSQL when
 * `databaseUrl` is set, else the SQLite file in the data dir), the schema migrated, then every
 * store on that one database. `start`, the web tests and the CLI's reading commands all open them
 * here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AiringLog, type AiringStore } from '../airing/index.js';
import { AIRING_JOURNAL_FILE, AiringJournal } from '../airing/journal.js';
import type { Config } from '../config/index.js';
import { SqlAuditTrail, type AuditTrail } from '../store/audit.js';
import { SqlBulletinStore, type BulletinStore } from '../store/bulletins.js';
import { migrate, schemaVersion, SCHEMA_VERSION } from '../store/migrations.js';
import { openPostgres } from '../store/postgres.js';
import { SqlRepeatPlanStore } from '../store/repeat-plans.js';
import type { RepeatPlanStore } from '../playout/repeats.js';
import { SqlSessionStore, type SessionStore } from '../store/sessions.js';
import type { SqlDb } from '../store/sql.js';
import { openSqlite, SQLITE_FILE } from '../store/sqlite.js';
import { SqlUserStore, type ScryptParams, type UserStore } from '../store/users.js';
import { SqlDeliveryStore, type DeliveryStore } from '../hub/deliveries.js';
import { SqlUpstreamStore, type UpstreamStore } from '../hub/upstream-store.js';
import { SqlWardDirectory, type WardDirectory } from '../hub/wards.js';

export interface Stores {
  readonly db: SqlDb;
  readonly airings: AiringStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly bulletins: BulletinStore;
  readonly audit: AuditTrail;
  /** A hub's: what it sent down, to whom, and what each ward said of it. */
  readonly deliveries: DeliveryStore;
  /** A hub's: its wards, when each last called and reported. */
  readonly wardDirectory: WardDirectory;
  /** A ward's: what its hub sent it, and how far its airings are reported up. */
  readonly upstream: UpstreamStore;
  /** Air-now repeats still to come, carried across a restart. */
  readonly repeatPlans: RepeatPlanStore;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Reading commands (log, report): the handle cannot write. @default false */
  readonly readOnly?: boolean;
  /** Password hashing cost for users created through these stores. @default DEFAULT_SCRYPT */
  readonly scrypt?: ScryptParams;
  /**
   * The running station's: playout's writes the store refuses go to the airing journal in the data
   * dir (src/airing/journal.ts). Only one process may hold it. @default false
   */
  readonly airingJournal?: boolean;
}

/** Every store on a database that is already open and migrated. */
export function storesOn(db: SqlDb, opts: Pick<StoreOptions, 'scrypt'> & { journal?: AiringJournal | null } = {}): Stores {
  return {
    db,
    airings: new AiringLog(db, { journal: opts.journal }),
    users: new SqlUserStore(db, opts.scrypt),
    sessions: new SqlSessionStore(db),
    bulletins: new SqlBulletinStore(db),
    audit: new SqlAuditTrail(db),
    deliveries: new SqlDeliveryStore(db),
    wardDirectory: new SqlWardDirectory(db),
    upstream: new SqlUpstreamStore(db),
    repeatPlans: new SqlRepeatPlanStore(db),
    close: async () => {
      await db.close();
      opts.journal?.close();
    },
  };
}

/** Where the stores live: the data dir (SQLite), unless a PostgreSQL URL is given. */
export type StoreLocation = Pick<Config, 'dataDir' | 'databaseUrl'>;

function openEngine(config: StoreLocation, readOnly: boolean): Promise<SqlDb> | SqlDb {
  return config.databaseUrl ? openPostgres(config.databaseUrl, { readOnly }) : openSqlite(join(config.dataDir, SQLITE_FILE), { readOnly });
}

/**
 * Opens the configured database and brings its schema up to date. A read-only open of a database
 * that is missing or older than this code first upgrades it through a writable handle (that is the
 * only write a reading command ever makes), then reopens it read-only.
 */
export async function openStores(config: StoreLocation, opts: StoreOptions = {}): Promise<Stores> {
  if (opts.readOnly) {
    const missing = !config.databaseUrl && !existsSync(join(config.dataDir, SQLITE_FILE));
    if (!missing) {
      const db = await openEngine(config, true);
      if (await closingOnError(db, async () => (await schemaVersion(db)) >= SCHEMA_VERSION)) return storesOn(db, opts);
      await db.close();
    }
    const rw = await openEngine(config, false);
    await closingOnError(rw, () => migrate(rw));
    await rw.close();
    return storesOn(await openEngine(config, true), opts);
  }
  const db = await openEngine(config, false);
  await closingOnError(db, () => migrate(db));
  return storesOn(db, { ...opts, journal: opts.airingJournal ? openJournal(config.dataDir) : null });
}

/**
 * The airing journal, or none when it cannot be made (a disk already full at start): the station
 * still starts, and a refused write fails as it would without one.
 */
function openJournal(dataDir: string): AiringJournal | null {
  try {
    return AiringJournal.open(join(dataDir, AIRING_JOURNAL_FILE));
  } catch {
    return null;
  }
}

/** Runs `fn` on a fresh handle; a failure closes the handle before it propagates. */
async function closingOnError<T>(db: SqlDb, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}
