import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScheduleText } from '../../src/schedule/index.js';
import { ADMIN_PASSWORD, addUser, login, makeHarness, type Harness, type Login } from './helpers.js';

const PLAN = readFileSync('/work/shared/campaigns/gia-vien-ward-plan-2026.txt', 'utf8');
const SHORT = 'Thông báo về việc tiêm vắc xin\n\nNgày 25 tháng 11, trạm y tế phường tổ chức tiêm vắc xin sởi cho trẻ em từ 1 đến 5 tuổi. Đề nghị các gia đình đưa trẻ đến đúng giờ.';

let h: Harness;
let operator: Login;
let approver: Login;
beforeEach(async () => {
  h = await makeHarness();
  await addUser(h, 'bientap', 'operator');
  await addUser(h, 'lanhdao', 'approver');
  operator = await login(h.app, 'bientap', 'bientap-mat-khau');
  approver = await login(h.app, 'lanhdao', 'lanhdao-mat-khau');
});
afterEach(async () => {
  await h.close();
});

async function draft(text = SHORT, extra: Record<string, string> = {}): Promise<{ id: number; title: string; spoken: string; status: string }[]> {
  const r = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: operator.headers, payload: { text, campaign: 'Tiêm chủng mở rộng', ...extra } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().bulletins;
}

describe('bulletins and approval', () => {
  it('splits a pasted plan into draft bulletins with a spoken form and records who drafted', async () => {
    const list = await draft(PLAN);
    expect(list.length).toBeGreaterThan(1);
    expect(list.every((b) => b.status === 'draft')).toBe(true);
    // The spoken form reads numbers as words: the voice never sees digits.
    expect(list[0].spoken).not.toMatch(/\d/);
    expect(list[0].spoken).toContain('năm mươi bảy');
    const page = await h.app.inject({ url: `/ban-tin/${list[0].id}`, headers: { cookie: operator.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="spoken"');
    expect(page.body).toContain('Soạn: bientap');
    expect(page.body).not.toContain('Duyệt bản tin</button>'); // an operator cannot approve
  });

  it('accepts an uploaded .md file and refuses a binary one with its own code', async () => {
    const boundary = '----lp';
    const body = (name: string, content: Buffer): Buffer => Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${operator.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/markdown\r\n\r\n`),
      content, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers = { cookie: operator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'application/json' };
    const ok = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers, payload: body('tin.md', Buffer.from(`# Thông báo\n\n${SHORT}`)) });
    expect(ok.statusCode).toBe(303); // a form post: redirected to the new bulletin
    expect(ok.headers.location).toMatch(/^\/ban-tin\/\d+$/);
    const bin = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers, payload: body('anh.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])) });
    expect(bin.statusCode).toBe(400);
  });

  it('an edited draft gets a new spoken form and length, keeps its source, and the edit is audited', async () => {
    const [b] = await draft();
    const text = 'Ngày 30 tháng 11, phường tổ chức tổng vệ sinh môi trường. Mỗi hộ cử một người tham gia, mang theo dụng cụ. Tập trung lúc 7 giờ tại nhà văn hóa.';
    const r = await h.app.inject({ method: 'POST', url: `/api/bulletins/${b.id}`, headers: operator.headers, payload: { title: 'Tổng vệ sinh', text } });
    expect(r.statusCode, r.body).toBe(200);
    const edited = r.json();
    expect(edited).toMatchObject({ id: b.id, title: 'Tổng vệ sinh', status: 'draft', source: 'dán', campaign: null });
    expect(edited.spoken).toContain('ba mươi tháng mười một');
    expect(edited.spoken).not.toMatch(/\d/);
    expect(edited.estimatedSeconds).toBeGreaterThan(5);
    expect((await h.stores.audit.list({ action: 'bulletin.edit' }))[0]).toMatchObject({ actor: 'bientap', subject: `bản tin ${b.id}` });
  });

  it('only an approver approves; the approved text is saved for schedules and the approval is audited', async () => {
    const [b] = await draft();
    const byOperator = await h.app.inject({ method: 'POST', url: `/api/bulletins/${b.id}/approve`, headers: operator.headers });
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json().code).toBe('LP_ERR_AUTH_FORBIDDEN');
    const ok = await h.app.inject({ method: 'POST', url: `/api/bulletins/${b.id}/approve`, headers: approver.headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', approvedBy: 'lanhdao', createdBy: 'bientap' });
    const file = join(h.config.contentDir, 'scripts-audio/bulletins', `${b.id}.txt`);
    expect(readFileSync(file, 'utf8')).toContain('tiêm vắc xin sởi');
    // An approved text is frozen.
    const edit = await h.app.inject({ method: 'POST', url: `/api/bulletins/${b.id}`, headers: operator.headers, payload: { title: 'x', text: 'khác' } });
    expect(edit.statusCode).toBe(400);
    const audit = (await h.stores.audit.list({ action: 'bulletin.approve' }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'lanhdao', subject: `bản tin ${b.id}` });
  });
});

describe('audio preview', () => {
  it('renders the bulletin with the real voice and serves the file', async () => {
    const [b] = await draft('Thông báo\n\nSáng mai phường ra quân dọn vệ sinh.');
    const r = await h.app.inject({ url: `/api/bulletins/${b.id}/audio`, headers: { cookie: operator.cookie } });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toMatch(/^audio\//);
    expect(r.rawPayload.length).toBeGreaterThan(5000);
    const missing = await h.app.inject({ url: '/api/bulletins/999/audio', headers: { cookie: operator.cookie } });
    expect(missing.json().code).toBe('LP_ERR_NOT_FOUND');
  }, 60_000);
});

describe('schedule write-back', () => {
  it('refuses to schedule a draft with LP_ERR_BULLETIN_NOT_APPROVED and writes nothing', async () => {
    const [b] = await draft();
    const r = await h.app.inject({ method: 'POST', url: '/api/schedules', headers: operator.headers, payload: { bulletinId: b.id, times: '06:30' } });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('LP_ERR_BULLETIN_NOT_APPROVED');
    expect(readdirSync(h.config.schedulesDir)).toEqual([]);
    // Naming the draft's path in a hand-written file is refused the same way.
    const yaml = `campaign: Thử\npriority: thuong\nitems:\n  - bulletin: scripts-audio/bulletins/${b.id}.txt\nslots:\n  - cron: "0 30 6 * * *"\n`;
    const raw = await h.app.inject({ method: 'POST', url: '/api/schedules/files/thu.yaml', headers: operator.headers, payload: { content: yaml } });
    expect(raw.json().code).toBe('LP_ERR_BULLETIN_NOT_APPROVED');
    expect(h.station.reloads).toBe(0);
  });

  it('writes a valid schedule file for an approved bulletin, reloads the station and shows it on the calendar', async () => {
    const [b] = await draft();
    await h.app.inject({ method: 'POST', url: `/api/bulletins/${b.id}/approve`, headers: approver.headers });
    const r = await h.app.inject({
      method: 'POST', url: '/api/schedules', headers: operator.headers,
      payload: { bulletinId: b.id, priority: 'uu-tien', times: '06:30, 17:00', at: '2026-11-21T09:15' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(h.station.reloads).toBe(1);
    const file = join(h.config.schedulesDir, `ban-tin-${b.id}.yaml`);
    const text = readFileSync(file, 'utf8');
    // The file is what the station's own parser accepts.
    const parsed = parseScheduleText(text, file, { contentDir: h.config.contentDir, channels: ['chinh'] });
    expect(parsed.problems).toEqual([]);
    expect(parsed.schedule).toMatchObject({ priority: 'uu-tien', campaign: 'Tiêm chủng mở rộng' });
    expect(parseYaml(text).slots).toEqual([{ cron: '0 30 6 * * *' }, { cron: '0 0 17 * * *' }, { at: '2026-11-21T09:15:00+07:00' }]);
    // A second slot is appended to the same file.
    await h.app.inject({ method: 'POST', url: '/api/schedules', headers: operator.headers, payload: { bulletinId: b.id, priority: 'uu-tien', times: '11:00' } });
    expect(parseYaml(readFileSync(file, 'utf8')).slots).toHaveLength(4);
    expect((await h.stores.audit.list({ action: 'schedule.add-slot' }))[0]).toMatchObject({ actor: 'bientap', subject: `ban-tin-${b.id}.yaml` });

    const plan = await h.app.inject({ url: '/api/schedules?week=2026-11-20', headers: { cookie: operator.cookie } });
    const blocks = plan.json().blocks as { startAt: string; priority: string }[];
    expect(blocks.some((x) => x.startAt === '2026-11-21T02:15:00.000Z' && x.priority === 'uu-tien')).toBe(true);
    expect(blocks.filter((x) => x.startAt.endsWith('T10:00:00.000Z'))).toHaveLength(7); // 17:00 every day of the week
    const cal = await h.app.inject({ url: '/lich-phat?tuan=2026-11-20', headers: { cookie: operator.cookie } });
    expect(cal.body).toContain('data-day="2026-11-21"');
    expect(cal.body).toMatch(/<strong>09:15<\/strong> Thông báo về việc tiêm vắc xin/);
  });

  it('adding a slot to a file broken by hand is LP_ERR_SCHEDULE_INVALID, and the file is left as it was', async () => {
    const [b] = await draft();
    await h.app.inject({ method: 'POST', url: `/api/bulletins/${b.id}/approve`, headers: approver.headers });
    const file = join(h.config.schedulesDir, `ban-tin-${b.id}.yaml`);
    const broken = 'campaign: Tiêm chủng\nslots: [unclosed\n';
    writeFileSync(file, broken);
    const r = await h.app.inject({ method: 'POST', url: '/api/schedules', headers: operator.headers, payload: { bulletinId: b.id, times: '06:30' } });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().code).toBe('LP_ERR_SCHEDULE_INVALID');
    expect(r.json().message).toContain(`ban-tin-${b.id}.yaml`);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(h.station.reloads).toBe(0);
  });

  it('a schedule written from the browser names only texts and sounds of the content dir, never the data dir', async () => {
    writeFileSync(join(h.config.contentDir, 'a.mp3'), 'x');
    writeFileSync(join(h.config.contentDir, 'ghi-chu.yaml'), 'adminPassword: bi-mat\n');
    const file = (item: string) => `campaign: Thử\npriority: thuong\nitems:\n  ${item}\nslots:\n  - cron: "0 30 6 * * *"\n`;
    for (const item of [
      '- bulletin: ../data/cli-token',
      `- bulletin: ${h.config.contentDir}/../data/cli-token`,
      '- bulletin: /etc/hostname',
      '- bulletin: ghi-chu.yaml',
      '- audio: ../data/loaphuong.sqlite',
      '- {bulletin: scripts-audio/bulletins/1.txt, intro: ../../x.mp3}',
    ]) {
      const r = await h.app.inject({ method: 'POST', url: '/api/schedules/files/thu.yaml', headers: operator.headers, payload: { content: file(item) } });
      expect(r.statusCode, item).toBe(422);
      expect(r.json().code, item).toBe('LP_ERR_SCHEDULE_INVALID');
      expect(r.json().message, item).toContain('thu.yaml (dòng 4)');
    }
    expect(readdirSync(h.config.schedulesDir)).toEqual([]);
    expect(h.station.reloads).toBe(0);
    const ok = await h.app.inject({ method: 'POST', url: '/api/schedules/files/thu.yaml', headers: operator.headers, payload: { content: file('- audio: a.mp3') } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('rejects an invalid file with line-precise LP_ERR_SCHEDULE_INVALID and leaves the old file whole', async () => {
    const file = join(h.config.schedulesDir, 'nq57.yaml');
    const good = 'campaign: Nghị quyết 57\npriority: thuong\nitems:\n  - audio: a.mp3\nslots:\n  - cron: "0 30 6 * * *"\n';
    writeFileSync(join(h.config.contentDir, 'a.mp3'), 'x');
    writeFileSync(file, good);
    const bad = 'campaign: Nghị quyết 57\npriority: rat-cao\nitems:\n  - audio: a.mp3\nslots:\n  - cron: "0 30 6 * * *"\n';
    const r = await h.app.inject({ method: 'POST', url: '/api/schedules/files/nq57.yaml', headers: operator.headers, payload: { content: bad } });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('LP_ERR_SCHEDULE_INVALID');
    expect(r.json().message).toContain('nq57.yaml:2:');
    expect(readFileSync(file, 'utf8')).toBe(good);
    expect(readdirSync(h.config.schedulesDir)).toEqual(['nq57.yaml']); // no temp file left behind
    expect(h.station.reloads).toBe(0);
    const name = await h.app.inject({ method: 'POST', url: '/api/schedules/files/..%2Fx.yaml', headers: operator.headers, payload: { content: good } });
    expect(name.statusCode).toBe(400);
    const ok = await h.app.inject({ method: 'POST', url: '/api/schedules/files/nq57.yaml', headers: operator.headers, payload: { content: good.replace('06:30', '').replace('0 30 6', '0 0 7') } });
    expect(ok.statusCode).toBe(200);
    expect(readFileSync(file, 'utf8')).toContain('0 0 7');
    expect(h.station.reloads).toBe(1);
  });
});

describe('airing log and report', () => {
  async function seed(): Promise<void> {
    const log = h.stores.airings;
    const base = { channelId: 'chinh', campaign: 'Tiêm chủng mở rộng', priority: 'thuong' as const, contentHash: 'abc', transmitter: 'none' };
    const a = await log.begin({ ...base, key: 'k1', scheduledAt: new Date('2026-11-03T23:30:00Z'), startedAt: new Date('2026-11-03T23:30:01Z'), title: 'Tiêm vắc xin sởi' });
    await log.finish(a, { status: 'aired', endedAt: new Date('2026-11-03T23:32:01Z') });
    await log.recordMissed({ ...base, key: 'k2', scheduledAt: new Date('2026-11-04T10:00:00Z'), title: 'Tiêm vắc xin sởi', reason: 'máy tắt' });
    const c = await log.begin({ ...base, key: 'k3', campaign: null, priority: 'khan-cap', scheduledAt: new Date('2026-11-10T02:00:00Z'), startedAt: new Date('2026-11-10T02:00:00Z'), title: 'Bão số 3' });
    await log.finish(c, { status: 'aired', endedAt: new Date('2026-11-10T02:01:00Z') });
  }

  it('filters the log by date, status and campaign, and exports CSV with a BOM', async () => {
    await seed();
    const all = await h.app.inject({ url: '/api/airings?from=2026-11-01&to=2026-11-30', headers: { cookie: operator.cookie } });
    expect(all.json()).toHaveLength(3);
    const missed = await h.app.inject({ url: '/api/airings?from=2026-11-01&to=2026-11-30&status=missed', headers: { cookie: operator.cookie } });
    expect(missed.json().map((r: { key: string }) => r.key)).toEqual(['k2']);
    // "to" is a whole local day: 2026-11-04 17:00 (+07) is inside "to=2026-11-04".
    const day = await h.app.inject({ url: '/api/airings?from=2026-11-04&to=2026-11-04&campaign=Tiêm chủng mở rộng', headers: { cookie: operator.cookie } });
    expect(day.json().map((r: { key: string }) => r.key)).toEqual(['k1', 'k2']);
    const csv = await h.app.inject({ url: '/api/airings?from=2026-11-01&to=2026-11-30&format=csv', headers: { cookie: operator.cookie } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('04/11/2026 06:30');
    expect(csv.body).toContain('Bỏ lỡ');
    const page = await h.app.inject({ url: '/nhat-ky?from=2026-11-01&to=2026-11-30&status=aired', headers: { cookie: operator.cookie } });
    expect(page.body).toContain('Bão số 3');
    expect(page.body).not.toContain('máy tắt');
  });

  it('serves the monthly report as JSON, CSV, XLSX and PDF attachments; bad month and format are coded', async () => {
    await seed();
    const json = await h.app.inject({ url: '/api/reports/monthly?month=2026-11', headers: { cookie: operator.cookie } });
    expect(json.json().totals).toMatchObject({ airings: 2 });
    for (const [format, type] of [['csv', 'text/csv'], ['xlsx', 'spreadsheetml'], ['pdf', 'application/pdf']]) {
      const r = await h.app.inject({ url: `/api/reports/monthly?month=2026-11&format=${format}`, headers: { cookie: operator.cookie } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain(type);
      expect(r.headers['content-disposition']).toBe(`attachment; filename="bao-cao-truyen-thanh-2026-11.${format}"`);
      if (format === 'pdf') expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
        expect(wb.worksheets.length).toBeGreaterThan(0);
      }
    }
    const month = await h.app.inject({ url: '/api/reports/monthly?month=2026-13&format=pdf', headers: { cookie: operator.cookie } });
    expect(month.json().code).toBe('LP_ERR_MONTH_INVALID');
    const fmt = await h.app.inject({ url: '/api/reports/monthly?month=2026-11&format=doc', headers: { cookie: operator.cookie } });
    expect(fmt.json().code).toBe('LP_ERR_REPORT_FORMAT');
    const page = await h.app.inject({ url: '/bao-cao?month=2026-11', headers: { cookie: operator.cookie } });
    expect(page.body).toContain('tháng 11 năm 2026');
    expect(page.body).toContain('Tiêm vắc xin sởi');
  });
});

describe('pages', () => {
  it('every page is Vietnamese, escapes user text and carries the CSRF token in its forms', async () => {
    await draft('<script>alert(1)</script> Thông báo của phường về việc thu gom rác thải sinh hoạt đúng giờ.', { title: '<b>Tiêu đề</b>' });
    const admin = await login(h.app, 'admin', ADMIN_PASSWORD);
    for (const url of ['/', '/ban-tin', '/ban-tin/1', '/lich-phat', '/lich-phat/them', '/phat-khan-cap', '/nhat-ky', '/bao-cao', '/nguoi-dung', '/lich-phat/tep/moi.yaml']) {
      const r = await h.app.inject({ url, headers: { cookie: admin.cookie, accept: 'text/html' } });
      expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
      expect(r.body).toContain('<html lang="vi">');
      expect(r.body).not.toContain('<script>alert');
      expect(r.body).not.toContain('<b>Tiêu đề</b>');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      if (r.body.includes('method="post"')) expect(r.body).toContain(`name="_csrf" value="${admin.csrf}"`);
    }
    const home = await h.app.inject({ url: '/', headers: { cookie: admin.cookie } });
    expect(home.body).toContain('Nghe thử');
    expect(home.body).toContain('src="http://127.0.0.1:8000/loaphuong"');
    expect(home.body).toContain('LP_ERR_TEXT_SUSPECT');
    expect(existsSync(join(h.config.dataDir, 'cli-token'))).toBe(true);
  });
});
