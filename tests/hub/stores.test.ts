/**
 * The hub's and the ward's store ports on both adapters of the database port: SQLite (a file per
 * test) and PostgreSQL (this file's own server from Debian's package). The airing store's side of
 * it (reported rows) is in the airing conformance suite (tests/store/conformance/airings.ts).
 */
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { postgresEngine, sqliteEngine, type EngineUnderTest } from '../store/engines.js';
import { deliveryStoreConformance } from './conformance/deliveries.js';
import { upstreamStoreConformance } from './conformance/upstream.js';
import { wardDirectoryConformance } from './conformance/wards.js';

let server: TestPostgres | null = null;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const engines = (): EngineUnderTest[] => [sqliteEngine(), postgresEngine(() => server!)];

for (const suite of [deliveryStoreConformance, wardDirectoryConformance, upstreamStoreConformance]) {
  for (const engine of engines()) suite(engine);
}
