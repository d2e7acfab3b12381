/** The Lịch phát page and its API show where the week breaks the locality's airtime rules. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login, makeHarness, type Harness, type Login } from './helpers.js';

describe('airtime rules on the calendar', () => {
  let h: Harness;
  let admin: Login;
  beforeAll(async () => {
    // Hà Nội's urban rule; the clock on Friday 20 November 2026.
    h = await makeHarness(new Date('2026-11-20T01:00:00Z'), { configYaml: 'airtime:\n  sessionsPerDay: 2\n  minutesPerSession: 15\n  weekdays: [t2, t3, t4, t5, t6]\n' });
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
});
