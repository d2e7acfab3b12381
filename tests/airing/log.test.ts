/**
 * The as-run log under a real crash (SQLite, the embedded default): kill -9 mid-airing, and the next
 * start finds the row. Everything else the log promises is in the conformance suites
 * (tests/store/conformance.test.ts), on both engines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../src/station/stores.js';

const dirs: string[] = [];
const open: Stores[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('AiringLog on SQLite', () => {
  it('survives kill -9 mid-airing: the next start finds the row and marks it interrupted at the last heartbeat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-airing-'));
    dirs.push(dir);
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/crash-child.mjs', import.meta.url)), dir, 'crash-key'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last: { id: number; beats: number; at: string } | null = null;
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the child never heartbeat 5 times')), 20_000);
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) last = JSON.parse(l);
        if (last && last.beats >= 5) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve();
        }
      });
    });
    const exited = new Promise((r) => child.on('exit', (_c, sig) => r(sig)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The heartbeat printed last may be followed by one more written before the kill landed.
    const stores = await openStores({ dataDir: dir });
    open.push(stores);
    const log = stores.airings;
    const before = (await log.get(last!.id))!;
    expect(before.status).toBe('on-air');
    expect(Date.parse(before.lastSeenAt!)).toBeGreaterThanOrEqual(Date.parse(last!.at));
    const recovered = await log.recoverUnfinished(new Date());
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ id: last!.id, key: 'crash-key', status: 'interrupted', endedAt: before.lastSeenAt, priority: 'khan-cap' });
    expect(recovered[0].durationSec).toBeCloseTo((Date.parse(before.lastSeenAt!) - Date.parse(before.startedAt!)) / 1000, 3);
    expect(recovered[0].durationSec).toBeGreaterThan(0.15);
    expect(await log.hasAired('crash-key')).toBe(true);
  });
});
