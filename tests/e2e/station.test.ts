/**
 * The walking skeleton, end to end, as a new user drives it: `loaphuong start` on free loopback
 * ports, `air-now` a short text, a listener on the mount hears speech, the airing is in the log and
 * in the monthly CSV, Ctrl-C leaves no Icecast behind.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, listen, processRunning, sandbox, startStation, stopped, type Sandbox } from './helpers.js';

const BULLETIN = `THÔNG BÁO

Ủy ban nhân dân phường Gia Viên thông báo: ngày 30/4 và 1/5 năm 2026, phường tổ chức ra quân
tuyên truyền Nghị quyết số 57-NQ/TW về chuyển đổi số. Đề nghị bà con tham gia đầy đủ.
`;

describe('station end to end', () => {
  let sb: Sandbox;
  let station: Awaited<ReturnType<typeof startStation>>;

  beforeAll(async () => {
    sb = await sandbox();
    writeFileSync(join(sb.dir, 'thong-bao.txt'), BULLETIN);
    station = await startStation(sb);
  }, 90_000);

  afterAll(async () => {
    if (station) await stopped(station.proc, 'SIGKILL');
  });

  it('airs a text sent with air-now: heard on the mount, logged, reported', async () => {
    const mount = `http://127.0.0.1:${sb.env.LOAPHUONG_ICECAST_PORT}/loaphuong`;
    const hearing = listen(mount, 25);
    // Let the listener connect and swallow the burst before the bulletin starts.
    await new Promise((r) => setTimeout(r, 1500));
    const sent = cli(['air-now', 'thong-bao.txt', '--title', 'Thông báo ra quân'], sb);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);

    const rms = await hearing;
    const loud = rms.filter((v) => v > 0.02).length;
    // At least 3 s of sound among the 25 s heard (the bulletin is ~15 s with jingles), and silence before it.
    expect(loud, `loud windows: ${loud} of ${rms.length}\n${station.output()}`).toBeGreaterThan(30);
    expect(rms.slice(0, 5).every((v) => v < 0.02)).toBe(true);

    // The row is completed when the item ends; give the channel a moment after the listener stops.
    let rows: Array<{ title: string; status: string; startedAt: string; contentHash: string }> = [];
    for (let i = 0; i < 40; i++) {
      const log = cli(['log', '--json'], sb);
      expect(log.code, log.stderr).toBe(0);
      rows = JSON.parse(log.stdout);
      if (rows.some((r) => r.status === 'aired')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const row = rows.find((r) => r.title === 'Thông báo ra quân');
    expect(row, JSON.stringify(rows)).toBeDefined();
    expect(row!.status).toBe('aired');
    expect(row!.contentHash).toMatch(/^[0-9a-f]{16,}$/);

    const month = row!.startedAt.slice(0, 7);
    const out = join(sb.dir, 'bao-cao.csv');
    const rep = cli(['report', '--month', month, '--format', 'csv', '-o', out], sb);
    expect(rep.code, rep.stderr).toBe(0);
    const csv = readFileSync(out);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('Thông báo ra quân');
  }, 120_000);

  it('the page answers in Vietnamese: login first, then on air and the last airings', async () => {
    const base = `http://127.0.0.1:${sb.env.LOAPHUONG_HTTP_PORT}`;
    const anon = await fetch(`${base}/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(anon.status).toBe(303);
    const login = await fetch(`${base}${anon.headers.get('location')}`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('lang="vi"');

    const res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'admin', password: sb.env.LOAPHUONG_ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const home = await (await fetch(`${base}/`, { headers: { cookie } })).text();
    expect(home).toContain('Lượt phát gần đây');
    expect(home).toContain('Thông báo ra quân');
  });

  it('bad input gets its own code and does not hurt the running station', async () => {
    writeFileSync(join(sb.dir, 'rong.txt'), '');
    const empty = cli(['air-now', 'rong.txt'], sb);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^LP_ERR_INPUT_EMPTY : /);
    const dir = cli(['air-now', '.'], sb);
    expect(dir.stderr).toMatch(/^LP_ERR_INPUT_IS_DIRECTORY : /);
    const res = await fetch(`http://127.0.0.1:${sb.env.LOAPHUONG_HTTP_PORT}/api/status`);
    expect(res.status).toBeLessThan(500);
  });

  it('a long khẩn cấp airs in parts: answered with the parts, each part its own row, the next starting a sentence pause after the one before', async () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Đoạn ${i + 1}: đề nghị bà con khẩn trương di chuyển người và tài sản đến nơi an toàn trước khi bão đổ bộ.`);
    writeFileSync(join(sb.dir, 'bao-dai.txt'), paragraphs.join('\n\n'));
    const sent = cli(['air-now', 'bao-dai.txt', '--priority', 'khan-cap', '--title', 'Bão dài'], sb);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/phát thành 2 phần nối tiếp/);
    type Row = { title: string; status: string; startedAt: string; endedAt: string | null };
    let rows: Row[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && rows.filter((r) => r.title.startsWith('Bão dài') && r.status !== 'on-air').length < 2) {
      await new Promise((r) => setTimeout(r, 500));
      rows = JSON.parse(cli(['log', '--json'], sb).stdout);
    }
    const mine = rows.filter((r) => r.title.startsWith('Bão dài')).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const trace = `${JSON.stringify(mine)}\n${station.output()}`;
    expect(mine.map((r) => [r.title, r.status]), trace).toEqual([['Bão dài (phần 1/2)', 'aired'], ['Bão dài (phần 2/2)', 'aired']]);
    // The join is the planned 400 ms pause: the second part was rendered while the first aired.
    const join2 = Date.parse(mine[1].startedAt) - Date.parse(mine[0].endedAt!);
    expect(join2, trace).toBeGreaterThanOrEqual(300);
    expect(join2, trace).toBeLessThan(1000);
  }, 180_000);

  it('Ctrl-C stops everything it started, Icecast included', async () => {
    const cfg = join(sb.env.LOAPHUONG_DATA_DIR, 'icecast');
    expect(processRunning(cfg)).toBe(true);
    const code = await stopped(station.proc, 'SIGINT');
    expect(code).toBe(0);
    for (let i = 0; i < 20 && processRunning(cfg); i++) await new Promise((r) => setTimeout(r, 250));
    expect(processRunning(cfg)).toBe(false);
  }, 30_000);
});

describe('quiet hours hold for air-now', () => {
  let station: Awaited<ReturnType<typeof startStation>> | undefined;
  afterAll(async () => {
    if (station) await stopped(station.proc, 'SIGINT');
  });

  it('below khẩn cấp inside quiet hours: LP_ERR_QUIET_HOURS from the API, a non-zero exit, nothing aired; khẩn cấp airs', async () => {
    const sb = await sandbox();
    // Quiet hours around "now" in Hà Nội, whatever hour the suite runs at.
    const local = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);
    writeFileSync(join(sb.dir, 'loaphuong.config.yaml'), `quietHours: { from: "${local(Date.now() - 3600_000)}", to: "${local(Date.now() + 3600_000)}" }\n`);
    writeFileSync(join(sb.dir, 'dem.txt'), 'Loa phường xin thông báo: sáng mai tổng vệ sinh đường làng.');
    station = await startStation(sb);
    for (const p of ['thuong', 'uu-tien']) {
      const r = cli(['air-now', 'dem.txt', '--priority', p, '--title', `Đêm ${p}`], sb);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^LP_ERR_QUIET_HOURS : /);
    }
    const urgent = cli(['air-now', 'dem.txt', '--priority', 'khan-cap', '--title', 'Đêm khẩn cấp'], sb);
    expect(urgent.code, urgent.stderr).toBe(0);
    let rows: Array<{ title: string; status: string }> = [];
    for (let i = 0; i < 60 && !rows.some((r) => r.title === 'Đêm khẩn cấp' && r.status === 'aired'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      rows = JSON.parse(cli(['log', '--json'], sb).stdout);
    }
    expect(rows.map((r) => [r.title, r.status]), station.output()).toEqual([['Đêm khẩn cấp', 'aired']]);
  }, 90_000);
});

describe('start refuses clearly', () => {
  it('a port in use is LP_ERR_PORT_IN_USE, not a stack trace', async () => {
    const sb = await sandbox();
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(Number(sb.env.LOAPHUONG_HTTP_PORT), '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const r = cli(['start'], sb);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^LP_ERR_PORT_IN_USE : /m);
    } finally {
      blocker.close();
    }
  });

  it('a bad port or a missing schedules directory is LP_ERR_CONFIG_INVALID', async () => {
    const sb = await sandbox();
    const bad = cli(['start'], { ...sb, env: { ...sb.env, LOAPHUONG_HTTP_PORT: 'tám nghìn' } });
    expect(bad.stderr).toMatch(/^LP_ERR_CONFIG_INVALID : .*LOAPHUONG_HTTP_PORT/m);
    const missing = cli(['start'], { ...sb, env: { ...sb.env, LOAPHUONG_SCHEDULES_DIR: join(sb.dir, 'khong-co') } });
    expect(missing.stderr).toMatch(/^LP_ERR_CONFIG_INVALID : .*LOAPHUONG_SCHEDULES_DIR/m);
  });
});
