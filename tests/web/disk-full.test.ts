/**
 * A full disk under the data dir, on a real small tmpfs (root only; skipped otherwise): a write to
 * the store is LP_ERR_STORE_DISK_FULL, and the web answers it as HTTP 507 with that code (login's
 * session write included), not a 500 nobody can act on.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLpError } from '../../src/errors.js';
import { canMountTmpfs, fillDisk, mountTmpfs } from '../support/full-disk.js';
import { ADMIN_PASSWORD, makeHarness, type Harness } from './helpers.js';

describe.skipIf(!canMountTmpfs)('disk full under the data dir (a real tmpfs)', () => {
  let h: Harness;
  let disk: ReturnType<typeof mountTmpfs> = null;
  beforeAll(async () => {
    disk = mountTmpfs(8);
    if (disk) h = await makeHarness(undefined, { env: { LOAPHUONG_DATA_DIR: join(disk.dir, 'data') } });
  });
  afterAll(async () => {
    await h?.close();
    disk?.unmount();
  });

  it('a store write is LP_ERR_STORE_DISK_FULL; login answers 507 with the code, and works again once space is back', async (t) => {
    if (!disk) return t.skip();
    const filler = join(disk.dir, 'filler.bin');
    fillDisk(filler);
    // Enough rows that the WAL must grow past what the file system has left.
    const big = 'x'.repeat(64 * 1024);
    let e: unknown = null;
    for (let i = 0; i < 64 && !e; i++) e = await h.stores.audit.record({ at: h.clock.now, actor: 'admin', action: 'thử', subject: 'đĩa đầy', detail: big }).then(() => null, (x: unknown) => x);
    expect(isLpError(e) && e.code).toBe('LP_ERR_STORE_DISK_FULL');
    expect(isLpError(e) && e.status).toBe(507);
    const res = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.statusCode).toBe(507);
    expect(res.json().code).toBe('LP_ERR_STORE_DISK_FULL');
    rmSync(filler);
    const again = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(again.statusCode).toBe(200);
  });
});
