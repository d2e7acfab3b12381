/** The Lịch phát page and its API show where the week breaks the locality's airtime rules. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, ADMIN_PASSWORD, login, makeHarness, type Harness, type Login } from './helpers.js';

describe('airtime rules on the calendar', () => {
  let h: Harness;
  let admin: Login;
  beforeAll(async () => {
    // Hà Nội's urban rule; the clock on Friday 20 November 2026.
    h = await makeHarness(new Date('2026-11-20T01:00:00Z'), { configYaml: 'relay:\n  hosts: ["127.0.0.1:18000"]\nairtime:\n  sessionsPerDay: 2\n  minutesPerSession: 15\n  weekdays: [t2, t3, t4, t5, t6]\n' });
    admin = await login(h.app, 'admin', ADMIN_PASSWORD);
    writeFileSync(join(h.config.schedulesDir, 'huyen.yaml'),
      'campaign: Tiếp âm đài huyện\npriority: thuong\nitems:\n  - relay: http://127.0.0.1:18000/huyen\n    duration: 30m\n    title: Thời sự huyện\nslots:\n  - cron: "0 0 6 * * 6"\n');
    writeFileSync(join(h.config.schedulesDir, 'bao.yaml'),
      'campaign: Bão số 3\npriority: khan-cap\nitems:\n  - relay: http://127.0.0.1:18000/bao\n    duration: 1h\n    title: Tin bão\nslots:\n  - at: 2026-11-19T09:00\n');
  });
  afterAll(() => h.close());

  it('the week view marks the day and names the rule, the day and the overrun; khẩn cấp is exempt', async () => {
    const res = await h.app.inject({ url: '/lich-phat?tuan=2026-11-20', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h2>Vượt quy định thời lượng phát</h2>');
    expect(res.body).toContain('tối đa 2 buổi/ngày, 15 phút/buổi');
    expect(res.body).toContain('Kênh chinh ngày 21/11/2026 (Thứ Bảy) không phải ngày được phát');
    expect(res.body).toContain('buổi 06:00–06:30 dài 30 phút, quy định tối đa 15 phút/buổi: vượt 15 phút');
    expect(res.body).toMatch(/class="day over-airtime" role="cell" data-day="2026-11-21"/);
    // The one-hour khẩn cấp relay on Thursday breaks nothing.
    const section = /<section class="card" id="airtime">[\s\S]*?<\/section>/.exec(res.body)![0];
    expect(section).not.toContain('19/11/2026');
    expect(res.body).toMatch(/class="day" role="cell" data-day="2026-11-19"/);
    expect(res.body).toMatch(/<strong>06:00<\/strong> Thời sự huyện/);
  });

  it('the API gives the same violations, coded', async () => {
    const res = await h.app.inject({ url: '/api/schedules?week=2026-11-20', headers: { cookie: admin.cookie } });
    const v = res.json().airtime as { code: string; rule: string; day: string; overrun: number }[];
    expect(v.map((x) => [x.code, x.day, x.rule, x.overrun])).toEqual([
      ['LP_ERR_AIRTIME_EXCEEDED', '2026-11-21', 'weekdays', 30], ['LP_ERR_AIRTIME_EXCEEDED', '2026-11-21', 'minutes-per-session', 15],
    ]);
  });

  it('a schedule written from the web that breaks the rules is saved and answered with the overruns (the flash says so)', async () => {
    const yaml = 'campaign: Thêm buổi\npriority: thuong\nitems:\n  - relay: http://127.0.0.1:18000/huyen\n    duration: 20m\nslots:\n  - at: 2026-11-23T09:00\n';
    const res = await h.app.inject({ method: 'POST', url: '/api/schedules/files/them.yaml', headers: admin.headers, payload: { content: yaml } });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json().airtime as { day: string; rule: string }[];
    expect(v.map((x) => [x.day, x.rule])).toContainEqual(['2026-11-23', 'minutes-per-session']);
    const form = await h.app.inject({
      method: 'POST', url: '/api/schedules/files/them.yaml', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: admin.csrf, content: yaml }).toString(),
    });
    expect(form.statusCode).toBe(303);
    const flash = decodeURIComponent(form.cookies.find((c) => c.name === 'lp_flash')!.value);
    expect(flash).toMatch(/Đã lưu tệp lịch them\.yaml\. Cảnh báo LP_ERR_AIRTIME_EXCEEDED: 7 ngày tới có \d+ chỗ vượt quy định/);
  });
});

describe('relay URLs from the web', () => {
  let h: Harness;
  let operator: Login;
  beforeAll(async () => {
    h = await makeHarness(new Date('2026-11-20T01:00:00Z'), { configYaml: 'relay:\n  hosts: [dai-huyen.example.vn]\n' });
    await addUser(h, 'van-hanh', 'operator');
    operator = await login(h.app, 'van-hanh', 'van-hanh-mat-khau');
  });
  afterAll(() => h.close());

  const relay = (url: string) => `campaign: Tiếp âm\npriority: thuong\nitems:\n  - relay: ${url}\n    duration: 5m\nslots:\n  - at: 2026-11-23T09:00\n`;

  it.each([
    'http://127.0.0.1:8080/api/status',
    'http://localhost:8000/admin/stats',
    'http://192.168.1.50/relay/0?turn=on',
    'http://dai-huyen.example.vn.evil.example/x',
  ])('an operator cannot point the station at %s (not in relay.hosts): refused, nothing written', async (url) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/schedules/files/ssrf.yaml', headers: operator.headers, payload: { content: relay(url) } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'LP_ERR_RELAY_HOST_NOT_ALLOWED', message: expect.stringContaining('được phép: dai-huyen.example.vn') });
    expect(existsSync(join(h.config.schedulesDir, 'ssrf.yaml'))).toBe(false);
    expect(h.station.reloads).toBe(0);
  });

  it('a relay of the listed upstream is written', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/schedules/files/huyen.yaml', headers: operator.headers, payload: { content: relay('http://dai-huyen.example.vn:8000/thoi-su') } });
    expect(res.statusCode, res.body).toBe(200);
    expect(existsSync(join(h.config.schedulesDir, 'huyen.yaml'))).toBe(true);
  });
});
