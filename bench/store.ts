/**
 * Store bench, SQLite and PostgreSQL side by side in the same run (PostgreSQL from Debian's
 * package in a temp dir, fsync and synchronous commit on, as SQLite has synchronous=FULL):
 *
 * - `pg_airing_inserts_per_s` beside `sqlite_airing_inserts_per_s`: airings begun one after the
 *   other through the AiringSink port, each awaited, as playout writes them (every one durable).
 * - `log_page_month_1m_rows_ms` (SQLite) and `log_page_month_1m_rows_pg_ms`: the log page
 *   (/nhat-ky, through the real app) for a month holding 1,000,000 airings of 150 channels, with
 *   its total and campaign list: median of the first page, a page deep in the month, a status
 *   filter and the JSON API. Goal ≤ 200 ms.
 * - `airing_stream_1m_rows_seconds` (and `_pg_`): reading that month through `stream()`, what a
 *   report of a city reads, a page at a time; `…_cpu_seconds` is this process's CPU time for it
 *   (the PostgreSQL server's own CPU not included), steadier than wall time on a busy machine.
 *
 * Wall-clock figures on a shared 2-core machine: compare the two engines in one run, not runs.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRenderer } from '../src/audio/render.js';
import { createVoices } from '../src/station/voices.js';
import { loadConfig } from '../src/config/index.js';
import type { StationApi } from '../src/station/api.js';
import { openStores, type Stores } from '../src/station/stores.js';
import type { SqlDb } from '../src/store/sql.js';
import { buildApp } from '../src/web/app.js';
import { startPostgres } from '../tests/support/postgres.js';
import type { Emit } from './run.js';

const INSERTS = 2000;
const MONTH_ROWS = 1_000_000;
const FROM = Date.UTC(2026, 9, 31, 17); // 2026-11-01 00:00 in Hà Nội
const MONTH_MS = 30 * 86400_000;

async function insertsPerSecond(s: Stores): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < INSERTS; i++) {
    const at = new Date(FROM + i * 1000);
    await s.airings.begin({ channelId: 'chinh', key: `bench-${i}`, scheduledAt: at, startedAt: at, title: `Bản tin ${i}`, campaign: 'Bench', priority: 'thuong', contentHash: 'x' });
  }
  return INSERTS / ((performance.now() - t) / 1000);
}

/**
 * A month of a city: one row every 2.6 s across 150 channels, 20 campaigns, 2 % missed and 3 %
 * partial. Generated inside the engine (bench-only SQL): loading it row by row would be the bench.
 */
async function seedMonth(db: SqlDb): Promise<void> {
  const step = MONTH_MS / MONTH_ROWS;
  const cols = `channel_id, key, scheduled_at, started_at, ended_at, last_seen_at, duration_sec, planned_sec, title, campaign, priority, status, reason, verified`;
  if (db.engine === 'postgres') {
    await db.exec(`INSERT INTO airings (${cols})
      SELECT 'kenh-' || (i % 150), 'thang-' || i, s, CASE WHEN i % 50 = 0 THEN NULL ELSE s END, CASE WHEN i % 50 = 0 THEN NULL ELSE s + interval '95 seconds' END,
        CASE WHEN i % 50 = 0 THEN NULL ELSE s + interval '95 seconds' END, CASE WHEN i % 50 = 0 THEN NULL ELSE 95 END, 95, 'Bản tin số ' || (i % 400),
        'Chiến dịch ' || (i % 20), CASE WHEN i % 97 = 0 THEN 'khan-cap' ELSE 'thuong' END,
        CASE WHEN i % 50 = 0 THEN 'missed' WHEN i % 33 = 0 THEN 'partial' ELSE 'aired' END, CASE WHEN i % 50 = 0 THEN 'đài không chạy' ELSE NULL END, 1
      FROM (SELECT i, to_timestamp(${FROM / 1000} + i * ${step / 1000}) AS s FROM generate_series(0, ${MONTH_ROWS - 1}) AS i) g`);
    await db.exec('ANALYZE airings');
    return;
  }
  await db.exec(`WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < ${MONTH_ROWS - 1}),
    t(i, s, e) AS (SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', (${FROM} + i * ${step}) / 1000.0, 'unixepoch'),
      strftime('%Y-%m-%dT%H:%M:%fZ', (${FROM} + i * ${step} + 95000) / 1000.0, 'unixepoch') FROM g)
    INSERT INTO airings (${cols})
    SELECT 'kenh-' || (i % 150), 'thang-' || i, s, CASE WHEN i % 50 = 0 THEN NULL ELSE s END, CASE WHEN i % 50 = 0 THEN NULL ELSE e END,
      CASE WHEN i % 50 = 0 THEN NULL ELSE e END, CASE WHEN i % 50 = 0 THEN NULL ELSE 95 END, 95, 'Bản tin số ' || (i % 400),
      'Chiến dịch ' || (i % 20), CASE WHEN i % 97 = 0 THEN 'khan-cap' ELSE 'thuong' END,
      CASE WHEN i % 50 = 0 THEN 'missed' WHEN i % 33 = 0 THEN 'partial' ELSE 'aired' END, CASE WHEN i % 50 = 0 THEN 'đài không chạy' ELSE NULL END, 1
    FROM t`);
  await db.exec('ANALYZE');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const station: StationApi = {
  status: () => ({ ward: 'bench', now: new Date().toISOString(), channels: [], next: [], warnings: [] }),
  airNow: async () => ({ keys: [], startsAt: new Date().toISOString() }),
  reloadSchedules: async () => [],
};

/** Median milliseconds of the log page's views of the month, through the app. */
async function logPageMs(dir: string, stores: Stores): Promise<{ ms: number; streamSec: number; streamCpuSec: number }> {
  const config = loadConfig({ cwd: dir, env: { LOAPHUONG_DATA_DIR: join(dir, 'data') } });
  const admin = await stores.users.create('bench', 'mat-khau-bench', 'admin', new Date());
  const { token } = await stores.sessions.create(admin.id, new Date());
  const app = await buildApp({ config, stores, station, renderer: createRenderer(config, { voices: createVoices(config) }) });
  const headers = { cookie: `lp_session=${token}`, accept: 'text/html' };
  const get = async (url: string): Promise<{ ms: number; body: string; link?: string }> => {
    const t = performance.now();
    const r = await app.inject({ url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return { ms: performance.now() - t, body: r.body, link: r.headers.link as string | undefined };
  };
  try {
    const month = 'from=2026-11-01&to=2026-11-30';
    const deep = (await stores.airings.page({ from: new Date(FROM + MONTH_MS / 2), limit: 1 })).next!;
    const views = [`/nhat-ky?${month}`, `/nhat-ky?${month}&after=${deep}`, `/nhat-ky?${month}&status=missed`, `/api/airings?${month}&limit=100`];
    await get(views[0]); // warm caches: the figure is the steady state of a station that is running
    const times: number[] = [];
    for (let round = 0; round < 3; round++) for (const v of views) times.push((await get(v)).ms);
    const t = performance.now();
    const cpu = process.cpuUsage();
    let n = 0;
    for await (const _row of stores.airings.stream({ from: new Date(FROM), to: new Date(FROM + MONTH_MS) })) n++;
    if (n !== MONTH_ROWS) throw new Error(`stream read ${n} rows of ${MONTH_ROWS}`);
    const used = process.cpuUsage(cpu);
    return { ms: median(times), streamSec: (performance.now() - t) / 1000, streamCpuSec: (used.user + used.system) / 1e6 };
  } finally {
    await app.close();
  }
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-store-'));
  const pg = await startPostgres({ durable: true });
  try {
    mkdirSync(join(dir, 'sqlite'));
    const sqlite = await openStores({ dataDir: join(dir, 'sqlite') });
    const postgres = await openStores({ dataDir: dir, databaseUrl: await pg.createDatabase('bench_inserts') });
    emit('sqlite_airing_inserts_per_s', await insertsPerSecond(sqlite), 'rows/s');
    emit('pg_airing_inserts_per_s', await insertsPerSecond(postgres), 'rows/s');
    await Promise.all([sqlite.close(), postgres.close()]);

    for (const [suffix, open] of [
      ['', () => openStores({ dataDir: join(dir, 'sqlite-month') })],
      ['_pg', async () => openStores({ dataDir: dir, databaseUrl: await pg.createDatabase('bench_month') })],
    ] as const) {
      const stores = await open();
      try {
        await seedMonth(stores.db);
        const r = await logPageMs(dir, stores);
        emit(`log_page_month_1m_rows${suffix}_ms`, r.ms, 'ms');
        emit(`airing_stream_1m_rows${suffix}_seconds`, r.streamSec, 's');
        emit(`airing_stream_1m_rows${suffix}_cpu_seconds`, r.streamCpuSec, 's');
      } finally {
        await stores.close();
      }
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
