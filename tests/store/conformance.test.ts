/**
 * Every store port's conformance suite, on both adapters of the database port: SQLite (a file per
 * test) and PostgreSQL (this file's own server from Debian's package, a database per suite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiringLog } from '../../src/airing/index.js';
import { migrate, schemaVersion, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openPostgres } from '../../src/store/postgres.js';
import { airingSinkConformance } from '../airing/sink-conformance.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { airingStoreConformance } from './conformance/airings.js';
import { auditTrailConformance } from './conformance/audit.js';
import { bulletinStoreConformance } from './conformance/bulletins.js';
import { repeatPlanStoreConformance } from './conformance/repeat-plans.js';
import { sessionStoreConformance } from './conformance/sessions.js';
import { sqlDbConformance } from './conformance/sql.js';
import { userStoreConformance } from './conformance/users.js';
import { postgresEngine, sqliteEngine, type EngineUnderTest } from './engines.js';

let server: TestPostgres | null = null;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const engines = (): EngineUnderTest[] => [sqliteEngine(), postgresEngine(() => server!)];

for (const suite of [sqlDbConformance, userStoreConformance, sessionStoreConformance, bulletinStoreConformance, auditTrailConformance, airingStoreConformance, repeatPlanStoreConformance]) {
  for (const engine of engines()) suite(engine);
}

for (const engine of engines()) {
  airingSinkConformance(`AiringLog (${engine.name})`, async () => {
    const log = new AiringLog(await engine.open());
    return { sink: log, read: (id) => log.get(id), close: () => engine.cleanup() };
  });
}

describe('migrations on PostgreSQL', () => {
  it('two stations starting at once on an empty database apply each version once', async () => {
    const url = await server!.createDatabase();
    const [a, b] = await Promise.all([openPostgres(url), openPostgres(url)]);
    try {
      const applied = await Promise.all([migrate(a), migrate(b)]);
      expect(applied.flat().sort()).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      expect(await schemaVersion(a)).toBe(SCHEMA_VERSION);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
