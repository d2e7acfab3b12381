/**
 * A full disk under the data dir, on a real small tmpfs (root only; skipped otherwise): a write to
 * the store is LP_ERR_STORE_DISK_FULL, and the web answers it as HTTP 507 with that code (login's
 * session write included), not a 500 nobody can act on.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLpError } from '../../src/errors.js';
import { ADMIN_PASSWORD, makeHarness, type Harness } from './helpers.js';

const root = process.getuid?.() === 0;
let mnt = '';
let mounted = false;

/** Writes zeros until the file system says ENOSPC. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 1 << 10, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw e;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

beforeAll(() => {
  if (!root) return;
  mnt = mkdtempSync(join(tmpdir(), 'lp-full-'));
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0755', 'tmpfs', mnt]).status === 0;
});
afterAll(() => {
  if (!mnt) return;
  if (mounted) spawnSync('umount', ['-l', mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

describe.skipIf(!root)('disk full under the data dir (a real tmpfs)', () => {
  let h: Harness;
  beforeAll(async () => {
    if (!mounted) return;
    h = await makeHarness(undefined, { env: { LOAPHUONG_DATA_DIR: join(mnt, 'data') } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a store write is LP_ERR_STORE_DISK_FULL; login answers 507 with the code, and works again once space is back', async (t) => {
    if (!mounted) return t.skip();
    const filler = join(mnt, 'filler.bin');
    fill(filler);
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
