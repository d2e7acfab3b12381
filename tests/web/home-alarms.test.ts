/**
 * The home page's alarms: a channel's mount taken by a foreign source (or its log not written)
 * comes first, above the channels, announced as an alert — on the page and in the panel it
 * refreshes — while ordinary warnings stay in their card.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login, makeHarness, type Harness } from './helpers.js';

let h: Harness;
let cookie = '';
beforeEach(async () => {
  h = await makeHarness();
  cookie = (await login(h.app, 'admin', ADMIN_PASSWORD)).cookie;
});
afterEach(async () => {
  await h.close();
});

describe('home page alarms', () => {
  it('a mount taken by a foreign source is an alert above the channels; other warnings keep their card', async () => {
    h.station.alarms = [{ code: 'LP_ERR_MOUNT_TAKEN', message: 'Một nguồn lạ đã chiếm /loaphuong lúc 2026-11-20T01:00:00.000Z; đài đã giành lại', subject: '/loaphuong' }];
    for (const url of ['/', '/_/truc-tiep']) {
      const body = (await h.app.inject({ url, headers: { cookie, accept: 'text/html' } })).body;
      const alert = body.indexOf('role="alert"');
      expect(alert, url).toBeGreaterThan(-1);
      expect(body.indexOf('LP_ERR_MOUNT_TAKEN')).toBeGreaterThan(alert);
      expect(body.indexOf('LP_ERR_MOUNT_TAKEN')).toBeLessThan(body.indexOf('data-channel='));
      expect(body.indexOf('LP_ERR_TEXT_SUSPECT')).toBeGreaterThan(body.indexOf('Cảnh báo'));
    }
  });

  it.each([
    ['LP_ERR_DEAD_AIR', 'Kênh chính: "Thời sự huyện": im lặng trên /loaphuong hơn 8 s từ 2026-11-20T00:59:40.000Z', 'Thời sự huyện'],
    ['LP_ERR_RELAY_UPSTREAM', 'Kênh chính: Thời sự huyện (http://dai-huyen.example.vn/thoi-su): nguồn tiếp âm không có tín hiệu suốt 1800.0 s: Connection refused', 'Thời sự huyện'],
    // A full disk under the store, the airing journal holding the log.
    ['LP_ERR_STORE_DISK_FULL', 'Cơ sở dữ liệu không ghi được; đài vẫn phát và giữ nhật ký phát trong tệp dự phòng', 'airing-journal.log'],
  ])('%s is an alarm too', async (code, message, subject) => {
    h.station.alarms = [{ code, message, subject }];
    const body = (await h.app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).body;
    const alert = body.indexOf('role="alert"');
    expect(alert).toBeGreaterThan(-1);
    expect(body.indexOf(code)).toBeGreaterThan(alert);
    expect(body.indexOf(code)).toBeLessThan(body.indexOf('data-channel='));
  });

  it('no alarm, no alert section', async () => {
    const body = (await h.app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).body;
    expect(body).not.toContain('role="alert"');
    expect(body).toContain('LP_ERR_TEXT_SUSPECT');
  });
});
