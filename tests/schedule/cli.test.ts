/** `loaphuong schedule check` run in-process against real files in a temp directory. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return Object.assign(w, { text: () => chunks.join('') });
}

async function check(root: string, argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main({
    argv: ['schedule', ...argv],
    env: { LOAPHUONG_SCHEDULES_DIR: join(root, 'schedules'), LOAPHUONG_CONTENT_DIR: root, LOAPHUONG_DATA_DIR: join(root, 'data'), ...env },
    cwd: root, stdout, stderr,
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

const GOOD = `campaign: Chuyển đổi số
priority: thuong
from: 2026-03-01
rotate: true
items:
  - bulletin: ban-tin/a.txt
    title: Bản tin A
  - bulletin: ban-tin/b.txt
    title: Bản tin B
slots:
  - cron: "0 30 6 * * *"
  - cron: "0 0 17 * * *"
`;

describe('loaphuong schedule check', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lp-schedule-cli-'));
    mkdirSync(join(root, 'schedules'));
    mkdirSync(join(root, 'ban-tin'));
    for (const n of ['a', 'b']) writeFileSync(join(root, 'ban-tin', `${n}.txt`), 'Kính thưa bà con nhân dân! '.repeat(50));
    writeFileSync(join(root, 'schedules', 'cds.yaml'), GOOD);
    writeFileSync(join(root, 'loaphuong.config.yaml'), 'channels:\n  - { id: chinh, name: Kênh chính, mount: /loaphuong }\n  - { id: cum-2, name: Cụm 2, mount: /cum-2 }\n');
  });

  test('valid files: exit 0, the upcoming airings in local time, rotated', async () => {
    const r = await check(root, ['check', '--days', '2', '--from', '2026-03-05']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Sắp phát trong 2 ngày tới (giờ Asia/Ho_Chi_Minh): 8 lượt');
    // 1 March 06:30 = A, so 5 March 06:30 is the 9th occurrence = A, 17:00 = B.
    expect(r.out).toMatch(/2026-03-05 06:30:00 {2}\[chinh\] {2}Thông thường {2}cds .*\n {6}- Bản tin A/);
    expect(r.out).toMatch(/2026-03-05 17:00:00 {2}\[cum-2\] {2}Thông thường {2}cds .*\n {6}- Bản tin B/);
  });

  test('--json gives problems, conflicts, skipped and airings', async () => {
    const r = await check(root, ['check', '--days', '1', '--from', '2026-03-05T00:00', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ valid: true, timezone: 'Asia/Ho_Chi_Minh', days: 1, problems: [], conflicts: [] });
    expect(j.airings.map((a: { startLocal: string; channelId: string }) => `${a.startLocal} ${a.channelId}`)).toEqual([
      '2026-03-05 06:30:00 chinh', '2026-03-05 06:30:00 cum-2', '2026-03-05 17:00:00 chinh', '2026-03-05 17:00:00 cum-2',
    ]);
    expect(j.airings[0].items[0].path).toBe(join(root, 'ban-tin', 'a.txt'));
    expect(j.trace).toContain('2026-03-05 06:30:00 cds: luân phiên lượt 9 → mục 1/2 "Bản tin A"');
  });

  test('--trace prints each planner decision in words', async () => {
    const r = await check(root, ['check', '--days', '1', '--from', '2026-03-05', '--trace']);
    expect(r.out).toContain('Diễn giải của bộ lập lịch:\n  2026-03-05 06:30:00 cds: luân phiên lượt 9 → mục 1/2 "Bản tin A"');
  });

  test('an invalid file: exit 4, names file:line:column and the fix; the valid file is still planned', async () => {
    const bad = join(root, 'schedules', 'hong.yaml');
    writeFileSync(bad, GOOD.replace('ban-tin/b.txt', 'ban-tin/khong-co.txt').replace('"0 0 17 * * *"', '"0 0 17 * * 8"'));
    try {
      const r = await check(root, ['check', '--days', '1', '--from', '2026-03-05']);
      expect(r.code).toBe(4);
      expect(r.out).toContain(`${bad}:8:15  không tìm thấy tệp "ban-tin/khong-co.txt"`);
      expect(r.out).toContain(`${bad}:12:11  biểu thức cron "0 0 17 * * 8" không hợp lệ`);
      expect(r.out).toContain('→ Sửa đường dẫn');
      expect(r.out).toContain('Sắp phát trong 1 ngày tới (giờ Asia/Ho_Chi_Minh): 4 lượt');
      expect(r.err).toBe(`LP_ERR_SCHEDULE_INVALID : Tệp lịch phát không hợp lệ. Sửa dòng được nêu; các lịch khác vẫn phát bình thường (${bad}:8:15)\n`);
      const j = JSON.parse((await check(root, ['check', '--from', '2026-03-05', '--json'])).out);
      expect(j.valid).toBe(false);
      expect(j.problems.map((p: { line: number }) => p.line)).toEqual([8, 12]);
    } finally {
      rmSync(bad);
    }
  });

  test('conflicts are listed with their resolution', async () => {
    const other = join(root, 'schedules', 'canh-bao.yaml');
    writeFileSync(other, 'campaign: Cảnh báo\npriority: uu-tien\nchannels: [chinh]\nitems:\n  - bulletin: ban-tin/a.txt\nslots:\n  - at: 2026-03-05T06:30\n');
    try {
      const r = await check(root, ['check', '--days', '1', '--from', '2026-03-05']);
      expect(r.out).toContain('Xung đột (1):');
      expect(r.out).toMatch(/\[overlap\] "canh-bao" \(Ưu tiên, chinh\) và "cds" \(Thông thường, chinh\) cùng phát lúc 2026-03-05 06:30:00\n {4}→ "canh-bao" \(Ưu tiên, chinh\) phát trước vì ưu tiên cao hơn; "cds" \(Thông thường, chinh\) dời sang 2026-03-05 06:3\d:\d\d/);
      expect(r.out).toMatch(/dời từ 2026-03-05 06:30:00/);
    } finally {
      rmSync(other);
    }
  });

  test('bad flags are usage errors', async () => {
    expect((await check(root, ['check', '--days', '0'])).err).toMatch(/^LP_ERR_USAGE : /);
    expect((await check(root, ['kiem-tra'])).err).toMatch(/^LP_ERR_USAGE : /);
    expect((await check(root, ['check', '--from', '2026-02-30'])).err).toMatch(/^LP_ERR_DATE_INVALID : /);
    // An hour past the clock is refused, not rolled over into the next day.
    expect((await check(root, ['check', '--from', '2026-03-05T25:00'])).err).toMatch(/^LP_ERR_DATE_INVALID : /);
  });

  test('the repository sample schedules check clean', async () => {
    const repo = join(import.meta.dirname, '..', '..');
    // An empty working directory: default config (one channel), the repository's schedules and content.
    const cwd = mkdtempSync(join(tmpdir(), 'lp-schedule-repo-'));
    const r = await check(cwd, ['check', '--from', '2026-06-01'], { LOAPHUONG_SCHEDULES_DIR: join(repo, 'schedules'), LOAPHUONG_CONTENT_DIR: repo });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('nq57-gia-vien');
    expect(r.out).toContain('14 lượt');
  });
});

describe('loaphuong schedule check with the locality\'s airtime rules', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lp-schedule-airtime-'));
    mkdirSync(join(root, 'schedules'));
    mkdirSync(join(root, 'ban-tin'));
    writeFileSync(join(root, 'ban-tin', 'a.txt'), 'Kính thưa bà con nhân dân! '.repeat(50));
    // Hà Nội's urban rule, as docs/SCHEDULES.md writes it.
    // The district's server is an allowed upstream (relay.hosts), as a relay needs.
    writeFileSync(join(root, 'loaphuong.config.yaml'), 'relay:\n  hosts: ["127.0.0.1:18000"]\nairtime:\n  sessionsPerDay: 2\n  minutesPerSession: 15\n  weekdays: [t2, t3, t4, t5, t6]\n');
    writeFileSync(join(root, 'schedules', 'huyen.yaml'),
      'campaign: Tiếp âm đài huyện\npriority: thuong\nitems:\n  - relay: http://127.0.0.1:18000/huyen\n    duration: 30m\n    title: Thời sự huyện\nslots:\n  - cron: "0 0 6 * * *"\n');
    writeFileSync(join(root, 'schedules', 'nq57.yaml'),
      'campaign: NQ57\npriority: thuong\nitems:\n  - bulletin: ban-tin/a.txt\nslots:\n  - cron: "0 0 11 * * *"\n  - cron: "0 0 17 * * *"\n');
  });

  test('text: each overrun with its rule, day and amount; whole days count, even hours before --from', async () => {
    const r = await check(root, ['check', '--from', '2026-03-05T12:00', '--days', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Vượt quy định thời lượng phát (4; quy định: tối đa 2 buổi/ngày, 15 phút/buổi, chỉ Thứ Hai, Thứ Ba, Thứ Tư, Thứ Năm, Thứ Sáu (khẩn cấp không tính)):');
    expect(r.out).toContain('[sessions-per-day] Kênh chinh ngày 05/03/2026 (Thứ Năm) có 3 buổi phát, quy định tối đa 2 buổi/ngày: vượt 1 buổi (17:00–17:');
    expect(r.out).toContain('[minutes-per-session] Kênh chinh ngày 05/03/2026 (Thứ Năm): buổi 06:00–06:30 dài 30 phút, quy định tối đa 15 phút/buổi: vượt 15 phút');
    expect(r.out).toContain('[sessions-per-day] Kênh chinh ngày 06/03/2026 (Thứ Sáu)');
  });

  test('--json: the rules as configured and each violation', async () => {
    const r = await check(root, ['check', '--from', '2026-03-07', '--days', '1', '--json']);
    const j = JSON.parse(r.out);
    expect(j.airtime.rules).toEqual({ sessionsPerDay: 2, minutesPerSession: 15, weekdays: [1, 2, 3, 4, 5], sessionGapMinutes: 30 });
    expect(j.airtime.violations.map((v: { day: string; rule: string; overrun: number }) => [v.day, v.rule, v.overrun])).toEqual([
      ['2026-03-07', 'weekdays', expect.any(Number)], ['2026-03-07', 'sessions-per-day', 1], ['2026-03-07', 'minutes-per-session', 15],
    ]);
    expect(j.airtime.violations[0]).toMatchObject({ code: 'LP_ERR_AIRTIME_EXCEEDED', channelId: 'chinh', message: expect.stringContaining('07/03/2026 (Thứ Bảy) không phải ngày được phát') });
  });

  test('a relay on a server not in relay.hosts is a problem at its line (exit 4)', async () => {
    writeFileSync(join(root, 'khong-nguon.yaml'), 'ward: { name: Phường Gia Viên }\n');
    const r = await check(root, ['check', '--from', '2026-03-07', '--days', '1'], { LOAPHUONG_CONFIG: join(root, 'khong-nguon.yaml') });
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/huyen\.yaml:4:\d+ {2}máy chủ "127\.0\.0\.1:18000" không thuộc các máy chủ tiếp âm được phép \(LP_ERR_RELAY_HOST_NOT_ALLOWED; được phép: chưa khai báo máy chủ nào\)/);
    expect(r.out).toContain('relay.hosts trong loaphuong.config.yaml');
    // The same server named in the environment is allowed.
    expect((await check(root, ['check', '--from', '2026-03-07', '--days', '1'], { LOAPHUONG_CONFIG: join(root, 'khong-nguon.yaml'), LOAPHUONG_RELAY_HOSTS: '127.0.0.1:18000' })).code).toBe(0);
  });

  test('without rules nothing is said about airtime', async () => {
    writeFileSync(join(root, 'khong-quy-dinh.yaml'), 'ward: { name: Phường Gia Viên }\nrelay:\n  hosts: ["127.0.0.1:18000"]\n');
    const env = { LOAPHUONG_CONFIG: join(root, 'khong-quy-dinh.yaml') };
    const r = await check(root, ['check', '--from', '2026-03-07', '--days', '1'], env);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('thời lượng phát');
    expect(JSON.parse((await check(root, ['check', '--from', '2026-03-07', '--days', '1', '--json'], env)).out).airtime).toBeNull();
  });
});
