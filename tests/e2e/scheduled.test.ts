/**
 * Issue 5's "done when", driven through the real binary: a one-off slot in a schedule file is heard
 * at the listener within a second of its time and logged aired + verified; kill -9 mid-airing leaves
 * an `interrupted` row after restart, and nothing airs twice.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, onsetAtListener, sandbox, startStation, stopped, vnIso, type Sandbox } from './helpers.js';

const TEXT = 'Loa phường xin thông báo. Tối nay tổ dân phố số ba họp bàn về chuyển đổi số, mời bà con đến đúng giờ.';

type Row = { key: string; title: string; status: string; verified: boolean | null; scheduledAt: string; startedAt: string | null };

function rows(sb: Sandbox): Row[] {
  const r = cli(['log', '--json'], sb);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

async function until<T>(fn: () => T | undefined, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('scheduled airing', () => {
  const procs: Array<ReturnType<typeof spawn>> = [];
  afterAll(async () => {
    for (const p of procs) await stopped(p, 'SIGINT');
  });

  it('a one-off slot is heard within a second of its time, logged aired and verified', async () => {
    const sb = await sandbox();
    // Whatever the hour CI runs at, the slot must not fall in quiet hours.
    writeFileSync(join(sb.dir, 'loaphuong.config.yaml'), 'quietHours: null\n');
    writeFileSync(join(sb.dir, 'hop-to-dan-pho.txt'), TEXT);
    const slot = Math.ceil((Date.now() + 30_000) / 1000) * 1000;
    writeFileSync(join(sb.dir, 'schedules', 'mot-lan.yaml'), [
      'campaign: Họp tổ dân phố',
      'priority: thuong',
      'items:',
      '  - bulletin: hop-to-dan-pho.txt',
      '    title: Họp tổ dân phố số 3',
      'slots:',
      `  - at: ${vnIso(slot)}`,
      '',
    ].join('\n'));
    const station = await startStation(sb);
    procs.push(station.proc);
    const check = cli(['schedule', 'check', '--json'], sb);
    expect(check.code, check.stdout + check.stderr).toBe(0);

    const heardAt = await onsetAtListener(`http://127.0.0.1:${sb.env.LOAPHUONG_ICECAST_PORT}/loaphuong`, (slot - Date.now()) / 1000 + 10);
    expect(heardAt, station.output()).not.toBeNull();
    expect(Math.abs(heardAt! - slot), `heard ${heardAt! - slot} ms from the slot`).toBeLessThan(1000);

    const row = await until(() => rows(sb).find((r) => r.title === 'Họp tổ dân phố số 3' && r.status !== 'on-air' && r.verified !== null), 40_000);
    expect(row, JSON.stringify(rows(sb))).toBeDefined();
    expect(row!.status).toBe('aired');
    expect(row!.verified).toBe(true);
    expect(Date.parse(row!.scheduledAt)).toBe(slot);
  }, 150_000);

  it('kill -9 mid-airing leaves an interrupted row after restart; nothing airs twice', async () => {
    const sb = await sandbox();
    writeFileSync(join(sb.dir, 'loaphuong.config.yaml'), 'quietHours: null\n');
    writeFileSync(join(sb.dir, 'dai.txt'), Array.from({ length: 12 }, () => TEXT).join('\n\n'));
    let station = await startStation(sb);
    const sent = cli(['air-now', 'dai.txt', '--title', 'Bản tin dài'], sb);
    expect(sent.code, sent.stderr).toBe(0);
    const onAir = await until(() => rows(sb).find((r) => r.status === 'on-air'), 30_000);
    expect(onAir, station.output()).toBeDefined();
    await new Promise((r) => setTimeout(r, 2500));
    // A slot that falls while the station is down must be logged missed, not aired late.
    const slot = Date.now() + 2500;
    writeFileSync(join(sb.dir, 'hop-to-dan-pho.txt'), TEXT);
    writeFileSync(join(sb.dir, 'schedules', 'luc-dai-tat.yaml'), [
      'campaign: Họp tổ dân phố', 'priority: thuong', 'items:', '  - bulletin: hop-to-dan-pho.txt', '    title: Lúc đài tắt',
      'slots:', `  - at: ${vnIso(slot)}`, '',
    ].join('\n'));
    await stopped(station.proc, 'SIGKILL');
    await new Promise((r) => setTimeout(r, slot + 6000 - Date.now()));

    station = await startStation(sb);
    procs.push(station.proc);
    const after = rows(sb).filter((r) => r.title === 'Bản tin dài');
    expect(after).toHaveLength(1);
    expect(after[0].status).toBe('interrupted');
    // It stopped at the last heartbeat: after it started, before the restart.
    await new Promise((r) => setTimeout(r, 3000));
    expect(rows(sb).filter((r) => r.title === 'Bản tin dài')).toHaveLength(1);
    const missed = rows(sb).filter((r) => r.title === 'Lúc đài tắt');
    expect(missed.map((r) => r.status)).toEqual(['missed']);
    expect(Date.parse(missed[0].scheduledAt)).toBe(Math.floor(slot / 1000) * 1000);
  }, 150_000);
});
