/** `loaphuong log` and `loaphuong report`, run in-process against a real SQLite file in a temp data dir. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiringRow } from '../../src/airing/index.js';
import { main } from '../../src/cli/main.js';
import { openStores } from '../../src/station/stores.js';

const root = mkdtempSync(join(tmpdir(), 'lp-cli-report-'));
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  const stores = await openStores({ dataDir });
  const log = stores.airings;
  const air = async (key: string, startedAt: string, seconds: number, title: string, campaign: string | null) => {
    const id = await log.begin({ channelId: 'chinh', key, scheduledAt: new Date(startedAt), startedAt: new Date(startedAt), title, campaign, priority: 'thuong', contentHash: `sha256:${key}`, plannedSeconds: seconds, transmitter: 'none' });
    await log.finish(id, { status: 'aired', endedAt: new Date(Date.parse(startedAt) + seconds * 1000) });
    await log.setVerified(id, true);
  };
  await air('a', '2026-10-31T16:30:00.000Z', 60, 'Tháng mười, sát nửa đêm', null); // 31/10 23:30 local
  await air('b', '2026-10-31T23:30:00.000Z', 95, 'Bản tin Nghị quyết 57', 'Tuyên truyền Nghị quyết 57-NQ/TW'); // 01/11 06:30
  await air('c', '2026-11-01T10:00:00.000Z', 95, 'Bản tin Nghị quyết 57', 'Tuyên truyền Nghị quyết 57-NQ/TW'); // 01/11 17:00
  await air('d', '2026-11-01T23:30:00.000Z', 80, 'An toàn giao thông', 'ATGT'); // 02/11 06:30
  await log.recordMissed({ channelId: 'chinh', key: 'e', scheduledAt: new Date('2026-11-02T10:00:00.000Z'), title: 'Bản tin Nghị quyết 57', campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW', priority: 'thuong', reason: 'Đài không chạy lúc đến giờ phát' });
  await stores.close();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(c.toString()); cb(); } });
  const code = await main({
    argv, env: { LOAPHUONG_DATA_DIR: dataDir, LOAPHUONG_WARD_NAME: 'Phường Gia Viên' }, cwd: root,
    stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)),
  });
  return { code, out, err };
}

describe('loaphuong log', () => {
  it('--json gives the rows of the local days asked, both ends inclusive', async () => {
    const r = await cli('log', '--from', '2026-11-01', '--to', '2026-11-01', '--json');
    expect(r).toMatchObject({ code: 0, err: '' });
    const rows = JSON.parse(r.out) as AiringRow[];
    expect(rows.map((x) => x.key)).toEqual(['b', 'c']);
    expect(rows[0]).toMatchObject({ status: 'aired', durationSec: 95, verified: true, startedAt: '2026-10-31T23:30:00.000Z', campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW' });
    const all = JSON.parse((await cli('log', '--json')).out) as AiringRow[];
    expect(all.map((x) => x.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(JSON.parse((await cli('log', '--json', '--from', '2026-11-02')).out).map((x: AiringRow) => x.key)).toEqual(['d', 'e']);
  });

  it('prints a Vietnamese table in local time by default', async () => {
    const r = await cli('log', '--from', '2026-11-02');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Thời gian');
    expect(r.out).toMatch(/02\/11\/2026 06:30:00 +chinh +An toàn giao thông .*1:20 +Đã phát ✓/);
    expect(r.out).toMatch(/02\/11\/2026 17:00:00 .*Bỏ lỡ +Đài không chạy lúc đến giờ phát/);
    expect(r.out).toContain('2 lượt trong nhật ký');
  });

  it.each([
    [['--from', '2026-02-30'], 'LP_ERR_DATE_INVALID'],
    [['--to', '01/11/2026'], 'LP_ERR_DATE_INVALID'],
    [['--from', '2026-11-05', '--to', '2026-11-01'], 'LP_ERR_DATE_INVALID'],
    [['--since', '2026-11-01'], 'LP_ERR_USAGE'],
  ])('log %j → %s', async (args, code) => {
    const r = await cli('log', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${code} : `));
    expect(r.out).toBe('');
  });
});

describe('reading commands', () => {
  it('log and report open the store read-only: they work while the station holds the write lock, and change no byte', async () => {
    const file = join(dataDir, 'loaphuong.sqlite');
    const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = digest();
    // A writer mid-transaction, as the running station may be: a command that wanted to write
    // would wait for it and fail.
    const station = new Database(file);
    station.exec('BEGIN IMMEDIATE');
    try {
      expect(await cli('log', '--json')).toMatchObject({ code: 0, err: '' });
      expect((await cli('report', '--month', '2026-11', '-o', join(root, 'chi-doc.csv'))).code).toBe(0);
    } finally {
      station.exec('ROLLBACK');
      station.close();
    }
    expect(digest()).toBe(before);
  });
});

describe('loaphuong report', () => {
  it('writes the CSV with the BOM and the airing line, and says where', async () => {
    const r = await cli('report', '--month', '2026-11', '--format', 'csv', '-o', 'thang-11.csv');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`vào ${join(root, 'thang-11.csv')}`);
    expect(r.out).toContain('3 lượt phát');
    const bytes = readFileSync(join(root, 'thang-11.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('1,01/11/2026,06:30,06:31,95,"1,6",Tuyên truyền Nghị quyết 57-NQ/TW,Bản tin Nghị quyết 57,Thông thường,Kênh chính,none,Đã phát,Có,');
    expect(text).toContain('An toàn giao thông');
    expect(text).not.toContain('Tháng mười, sát nửa đêm');
  });

  it('writes the PDF for the configured ward, taking the format from the file name', async () => {
    const r = await cli('report', '--month', '2026-11', '-o', 'bao-cao.pdf');
    expect(r.code).toBe(0);
    const text = execFileSync('pdftotext', [join(root, 'bao-cao.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('UBND PHƯỜNG GIA VIÊN');
    expect(text).toContain('Tổng số lượt phát: 3 lượt');
    expect(text).toContain('Bản tin Nghị quyết 57');
  });

  it('writes the XLSX under its standard name when -o is left out', async () => {
    const r = await cli('report', '--month', '2026-10', '--format', 'xlsx');
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'bao-cao-truyen-thanh-2026-10.xlsx'))).toBe(true);
  });

  it.each([
    [['--month', '2026-13', '--format', 'csv', '-o', 'x.csv'], 'LP_ERR_MONTH_INVALID'],
    [['--month', '11/2026', '--format', 'csv'], 'LP_ERR_MONTH_INVALID'],
    [['--format', 'csv', '-o', 'x.csv'], 'LP_ERR_USAGE'],
    [['--month', '2026-11', '--format', 'docx', '-o', 'x.docx'], 'LP_ERR_REPORT_FORMAT'],
    [['--month', '2026-11', '--format', 'csv', '-o', 'khong-co-thu-muc/x.csv'], 'LP_ERR_REPORT_WRITE'],
  ])('report %j → %s', async (args, code) => {
    const r = await cli('report', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${code} : `));
  });
});
