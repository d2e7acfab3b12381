/**
 * The hub ↔ ward protocol end to end in one process: the hub's real web app on loopback, real ward
 * links calling it with their keys, real stores on both sides (SQLite). What each ward asks of its
 * station is recorded by our own playout port (tests/hub/helpers.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubAiringKey } from '../../src/hub/ward.js';
import { login } from '../web/helpers.js';
import { ADMIN_PASSWORD } from '../web/helpers.js';
import { startTestHub, startTestWard, TestClock, until, WARD_KEYS, type TestHub, type TestWard } from './helpers.js';

let clock: TestClock;
let hub: TestHub;
const wards: TestWard[] = [];

beforeEach(async () => {
  clock = new TestClock();
  hub = await startTestHub(clock);
});
afterEach(async () => {
  while (wards.length) await wards.pop()!.close();
  await hub.close();
});

async function ward(id: keyof typeof WARD_KEYS, opts: { start?: boolean } = {}): Promise<TestWard> {
  const w = await startTestWard(hub.url, WARD_KEYS[id], clock, opts);
  wards.push(w);
  return w;
}

async function send(body: Record<string, unknown>) {
  const admin = await login(hub.app, 'admin', ADMIN_PASSWORD);
  const res = await hub.app.inject({ method: 'POST', url: '/api/hub/send', headers: admin.headers, payload: body });
  if (res.statusCode !== 200) throw new Error(`send: ${res.statusCode} ${res.body}`);
  return res.json() as { bulletin: { id: number }; deliveries: Array<{ id: string; ward: string }> };
}

const stateAtHub = async (bulletinId: number, wardId: string) =>
  (await hub.hub.sent()).find((b) => b.id === bulletinId)?.deliveries.find((d) => d.ward === wardId)?.shown;

describe('hub ↔ ward', () => {
  it('a khẩn cấp reaches a waiting ward inside its open long-poll, airs once under keys from its delivery, and the hub sees it aired', async () => {
    const gv = await ward('gia-vien');
    await until('the ward waiting in a long-poll', () => hub.hub.waitingCount(), (n) => n === 1);
    const polls = hub.wardCalls.get('/hub/v1/deliveries')!;
    const sent = await send({ text: 'Bão số 3 đổ bộ. Bà con chằng chống nhà cửa.', title: 'Bão số 3', priority: 'khan-cap', to: ['gia-vien'] });
    const [d] = sent.deliveries;
    await until('the ward to air it', () => gv.playout.airNowCalls.length, (n) => n === 1);
    // Taken by the poll that was already open: pushed, not found by a later poll.
    expect(gv.playout.airNowCalls[0]).toEqual({ key: `hub:${d.id}`, title: 'Bão số 3', text: 'Bão số 3 đổ bộ. Bà con chằng chống nhà cửa.' });
    expect(hub.wardCalls.get('/hub/v1/deliveries')! - polls).toBeLessThanOrEqual(1);
    await until('the hub to see it aired', () => stateAtHub(sent.bulletin.id, 'gia-vien'), (s) => s === 'aired');
    // The ward marks it reported once the hub has answered, a moment after the hub knows.
    await until('the ward to mark its report made', async () => (await gv.stores.upstream.get(d.id))?.reportedState, (s) => s === 'aired');
    expect(await gv.stores.upstream.get(d.id)).toMatchObject({ state: 'aired', airKeys: [hubAiringKey(d.id, 'chinh')], reportedState: 'aired' });

    // The acknowledgement is lost (the hub hands it out again): taken again, never aired again.
    await hub.stores.db.run('UPDATE hub_deliveries SET acked_at = NULL');
    await send({ text: 'Tin thứ hai', title: 'Tin 2', priority: 'thuong', to: ['gia-vien'] }); // wakes the poll
    await until('the lost acknowledgement made good', () => hub.stores.db.all<{ acked_at: string | null }>('SELECT acked_at FROM hub_deliveries'), (rows) => rows.every((r) => r.acked_at !== null));
    expect(gv.playout.airNowCalls).toHaveLength(1);

    const actions = (await hub.stores.audit.list()).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toContain('admin hub.send');
    expect(actions).toContain('phường gia-vien hub.delivery.queued');
  });

  it("airings and channel state are reported up under the ward's own id, once per change; the hub's log and wards page show them", async () => {
    const gv = await ward('gia-vien');
    const an = await ward('an-bien');
    const sent = await send({ text: 'Cháy rừng ở khu vực đồi thông.', title: 'Cháy rừng', priority: 'khan-cap' });
    await until('both wards to air it', () => gv.playout.airNowCalls.length + an.playout.airNowCalls.length, (n) => n === 2);
    const rows = await until('the rows at the hub', () => hub.stores.airings.list(), (r) => r.length === 2 && r.every((x) => x.status === 'aired' && x.verified === true));
    expect(rows.map((r) => [r.ward, r.key, r.channelId, r.durationSec]).sort()).toEqual([
      ['an-bien', hubAiringKey(sent.deliveries.find((d) => d.ward === 'an-bien')!.id, 'chinh'), 'chinh', 12],
      ['gia-vien', hubAiringKey(sent.deliveries.find((d) => d.ward === 'gia-vien')!.id, 'chinh'), 'chinh', 12],
    ]);
    // Settled rows move the cursor past them: not sent again.
    await until('the cursor past the settled row', () => gv.stores.upstream.reportedBelow(), (n) => n > 1);
    const overview = await until('both wards reported', () => hub.hub.overview(), (o) => o.every((w) => w.online && w.status !== null));
    expect(overview.map((w) => [w.id, w.status!.channels.map((c) => c.mount)])).toEqual([['gia-vien', ['/chinh']], ['an-bien', ['/chinh']]]);
    const admin = await login(hub.app, 'admin', ADMIN_PASSWORD);
    const page = await hub.app.inject({ url: '/nhat-ky', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('<th>Phường/xã</th>');
    expect(page.body).toContain('Phường An Biên');
    const onlyAn = await hub.app.inject({ url: '/api/airings?ward=an-bien', headers: { cookie: admin.cookie } });
    expect(onlyAn.json().map((r: { ward: string }) => r.ward)).toEqual(['an-bien']);
    const home = await hub.app.inject({ url: '/', headers: { cookie: admin.cookie } });
    expect(home.body).toContain('Phường/xã: 2/2 trực tuyến');
    const report = await hub.app.inject({ url: `/api/reports/monthly?month=${new Date(clock.now() + 7 * 3600_000).toISOString().slice(0, 7)}`, headers: { cookie: admin.cookie } });
    expect(report.json().byWard.map((w: { ward: string; airings: number }) => [w.ward, w.airings])).toEqual([['Phường An Biên', 1], ['Phường Gia Viên', 1]]);
  });

  it('a ward offline at send time gets what is still valid when it comes back, never what expired', async () => {
    const gv = await ward('gia-vien', { start: false });
    const valid = await send({ text: 'Mất điện từ 8 giờ đến 11 giờ.', title: 'Lịch cắt điện', priority: 'khan-cap', until: new Date(clock.now() + 3600_000).toISOString() });
    const short = await send({ text: 'Nước lên nhanh.', title: 'Nước lên', priority: 'khan-cap', until: new Date(clock.now() + 60_000).toISOString() });
    expect(await stateAtHub(short.bulletin.id, 'gia-vien')).toBe('pending');
    clock.advance(61_000);
    expect(await stateAtHub(short.bulletin.id, 'gia-vien')).toBe('expired');
    gv.link.start();
    await until('the valid one aired', () => gv.playout.airNowCalls.map((c) => c.title), (t) => t.includes('Lịch cắt điện'));
    await until('the hub told', () => stateAtHub(valid.bulletin.id, 'gia-vien'), (s) => s === 'aired');
    expect(gv.playout.airNowCalls.map((c) => c.title)).toEqual(['Lịch cắt điện']);
    expect(await gv.stores.upstream.find(short.deliveries[0].id)).toBeNull();
  });

  it('a delivery taken but not yet handed to playout when the ward stopped is aired after the restart, once', async () => {
    const gv = await ward('gia-vien');
    gv.playout.failWith = new Error('renderer not up yet');
    // The failure is the station's: the delivery is marked failed and the hub told (not retried, not aired).
    const s1 = await send({ text: 'Kiểm tra hệ thống', title: 'Thử', priority: 'khan-cap', to: ['gia-vien'] });
    await until('the hub told it failed', () => stateAtHub(s1.bulletin.id, 'gia-vien'), (s) => s === 'failed');
    gv.playout.failWith = null;
    // Received and written, then the process died before playout: left `received` in the store.
    const s2 = await send({ text: 'Sơ tán khỏi vùng trũng', title: 'Sơ tán', priority: 'khan-cap', to: ['gia-vien'] });
    await until('aired', () => gv.playout.airNowCalls.length, (n) => n === 1);
    await gv.stores.upstream.change(s2.deliveries[0].id, { state: 'received', at: new Date(clock.now()) });
    await gv.stores.db.run('DELETE FROM airings');
    gv.playout.airNowCalls.length = 0;
    await gv.restart();
    await until('aired after the restart', () => gv.playout.airNowCalls.length, (n) => n === 1);
    await gv.restart();
    await until('settled', () => gv.stores.upstream.get(s2.deliveries[0].id), (i) => i.state === 'aired');
    expect(gv.playout.airNowCalls.map((c) => c.title)).toEqual(['Sơ tán']);
  });

  it('thông thường waits in the inbox "offered by" the hub until an approver accepts it (it becomes an approved bulletin of the ward) or declines it', async () => {
    const gv = await ward('gia-vien');
    const a = await send({ text: 'Ngày hội đại đoàn kết toàn dân tộc được tổ chức vào sáng Chủ nhật.', title: 'Ngày hội đại đoàn kết', priority: 'thuong' });
    const b = await send({ text: 'Tuyên truyền phòng chống sốt xuất huyết.', title: 'Sốt xuất huyết', priority: 'thuong' });
    await until('offered at the hub', async () => [await stateAtHub(a.bulletin.id, 'gia-vien'), await stateAtHub(b.bulletin.id, 'gia-vien')], (s) => s.every((x) => x === 'offered'));
    expect(gv.playout.airNowCalls).toHaveLength(0);
    const admin = await login(gv.app, 'admin', ADMIN_PASSWORD);
    const list = await gv.app.inject({ url: '/ban-tin', headers: { cookie: admin.cookie } });
    expect(list.body).toContain('Bản tin từ cấp trên');
    expect(list.body).toContain('do UBND thành phố Hải Phòng gửi');
    expect(list.body).toContain('Chờ duyệt');

    const accepted = await gv.app.inject({ method: 'POST', url: `/api/inbox/${a.deliveries.find((d) => d.ward === 'gia-vien')!.id}/accept`, headers: admin.headers });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const made = accepted.json().bulletins as Array<{ id: number; status: string; approvedBy: string; text: string }>;
    expect(made.map((m) => [m.status, m.approvedBy])).toEqual([['approved', 'admin']]);
    expect(made[0].text).toContain('đại đoàn kết');
    const again = await gv.app.inject({ method: 'POST', url: `/api/inbox/${a.deliveries.find((d) => d.ward === 'gia-vien')!.id}/accept`, headers: admin.headers });
    expect(again.json().code).toBe('LP_ERR_BAD_REQUEST');
    const declined = await gv.app.inject({ method: 'POST', url: `/api/inbox/${b.deliveries.find((d) => d.ward === 'gia-vien')!.id}/decline`, headers: admin.headers, payload: { note: 'đã phát tuần trước' } });
    expect(declined.statusCode, declined.body).toBe(200);
    await until('the hub told both', async () => [await stateAtHub(a.bulletin.id, 'gia-vien'), await stateAtHub(b.bulletin.id, 'gia-vien')], (s) => s[0] === 'accepted' && s[1] === 'declined');
    const sent = await hub.hub.sent();
    expect(sent.find((x) => x.id === b.bulletin.id)!.deliveries.find((d) => d.ward === 'gia-vien')).toMatchObject({ stateBy: 'admin', note: 'đã phát tuần trước' });
    expect(gv.playout.airNowCalls).toHaveLength(0);
    expect((await gv.stores.audit.list()).map((e) => e.action)).toEqual(expect.arrayContaining(['inbox.accept', 'inbox.decline', 'bulletin.approve']));
  });

  it('ưu tiên goes ahead of the next session of each channel, and waits while no session is planned', async () => {
    const gv = await ward('gia-vien');
    const s = await send({ text: 'Lịch tiêm phòng dại cho chó mèo.', title: 'Tiêm phòng dại', priority: 'uu-tien', to: ['gia-vien'] });
    await until('received and waiting', () => stateAtHub(s.bulletin.id, 'gia-vien'), (x) => x === 'received');
    expect(gv.playout.airAtCalls).toEqual([]);
    const session = clock.now() + 30 * 60_000;
    gv.playout.planned = [{ channelId: 'chinh', startAt: session }, { channelId: 'chinh', startAt: session + 3600_000 }];
    await until('queued ahead of the session', () => stateAtHub(s.bulletin.id, 'gia-vien'), (x) => x === 'queued');
    expect(gv.playout.airAtCalls).toEqual([{ key: `hub:${s.deliveries[0].id}`, title: 'Tiêm phòng dại', channelId: 'chinh', startAt: session }]);
  });

  it('a wrong key is refused (401, audited once a minute per address); a ward reports only for itself', async () => {
    const res = await fetch(`${hub.url}/hub/v1/deliveries?wait=0`, { headers: { authorization: 'Bearer khoa-sai-khoa-sai-khoa-sai-123' } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('LP_ERR_HUB_KEY_INVALID');
    await fetch(`${hub.url}/hub/v1/deliveries?wait=0`);
    // The hash of a key is not the key.
    const hashed = (await hub.stores.wardDirectory.list()).find((w) => w.id === 'an-bien')!.keyHash;
    expect((await fetch(`${hub.url}/hub/v1/deliveries?wait=0`, { headers: { authorization: `Bearer ${hashed}` } })).status).toBe(401);
    expect((await hub.stores.audit.list({ action: 'hub.key-refused' }))).toHaveLength(1);

    const sent = await send({ text: 'Chỉ cho Gia Viên', title: 'Riêng', priority: 'thuong', to: ['gia-vien'] });
    const asAnBien = { authorization: `Bearer ${WARD_KEYS['an-bien']}`, 'content-type': 'application/json' };
    const poll = await (await fetch(`${hub.url}/hub/v1/deliveries?wait=0`, { headers: asAnBien })).json();
    expect(poll).toEqual({ ward: { id: 'an-bien', name: 'Phường An Biên' }, deliveries: [] });
    const steal = await fetch(`${hub.url}/hub/v1/deliveries/${sent.deliveries[0].id}/state`, {
      method: 'POST', headers: asAnBien, body: JSON.stringify({ state: 'declined', at: new Date().toISOString() }),
    });
    expect(steal.status).toBe(404);
    expect(await stateAtHub(sent.bulletin.id, 'gia-vien')).toBe('pending');
    // A body naming another ward is not believed: rows land under the key's ward.
    const row = { id: 5, channelId: 'chinh', key: 'k', scheduledAt: new Date().toISOString(), startedAt: null, endedAt: null, durationSec: null, plannedSec: null,
      title: 't', campaign: null, contentHash: null, priority: 'thuong', voice: null, transmitter: null, transmitterNote: null, status: 'missed', reason: 'x', verified: null, ward: 'gia-vien' };
    const put = await fetch(`${hub.url}/hub/v1/airings`, { method: 'POST', headers: asAnBien, body: JSON.stringify({ airings: [row] }) });
    expect(put.status).toBe(200);
    expect((await hub.stores.airings.list()).map((r) => r.ward)).toEqual(['an-bien']);
    const bad = await fetch(`${hub.url}/hub/v1/airings`, { method: 'POST', headers: asAnBien, body: JSON.stringify({ airings: [{ ...row, status: 'đã phát' }] }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('LP_ERR_BAD_REQUEST');
  });

  it('a ward whose key the hub refuses, or whose hub is down, says so on its home page once it has lasted a minute', async () => {
    const wrong = await startTestWard(hub.url, 'khoa-khong-ai-biet-0123456789abcdef', clock);
    wards.push(wrong);
    await until('a refused call', () => hub.stores.audit.list({ action: 'hub.key-refused' }), (a) => a.length === 1);
    expect(wrong.link.warnings()).toEqual([]);
    clock.advance(61_000);
    expect(wrong.link.warnings()).toEqual([expect.objectContaining({ code: 'LP_ERR_HUB_KEY_INVALID', subject: 'trạm trung tâm' })]);
    expect(wrong.link.state()).toMatchObject({ connected: false, lastContactAt: null, ward: null });
    const down = await startTestWard('http://127.0.0.1:9', WARD_KEYS['gia-vien'], clock);
    wards.push(down);
    clock.advance(61_000);
    await until('unreachable', () => down.link.warnings(), (w) => w.length === 1);
    expect(down.link.warnings()[0]).toMatchObject({ code: 'LP_ERR_HUB_UNREACHABLE', message: expect.stringContaining('chưa liên lạc được lần nào') });
  });

  it('send refuses an unknown ward, an until already past, and an empty text', async () => {
    const admin = await login(hub.app, 'admin', ADMIN_PASSWORD);
    const post = (payload: Record<string, unknown>) => hub.app.inject({ method: 'POST', url: '/api/hub/send', headers: admin.headers, payload });
    expect((await post({ text: 'x', priority: 'thuong', to: ['khong-co'] })).json().code).toBe('LP_ERR_HUB_WARD_UNKNOWN');
    expect((await post({ text: 'x', priority: 'thuong', until: '2020-01-01T00:00' })).json().code).toBe('LP_ERR_HUB_EXPIRED');
    expect((await post({ text: '  ', priority: 'thuong' })).json().code).toBe('LP_ERR_INPUT_EMPTY');
    expect((await post({ text: 'x', priority: 'rat-gap' })).json().code).toBe('LP_ERR_BAD_REQUEST');
    expect(await hub.hub.sent()).toEqual([]);
  });

  it("the hub's pages: the send form (a browser post), the sent list with each ward's state, the wards page; menus only on a hub", async () => {
    const gv = await ward('gia-vien');
    await until('online', () => hub.hub.overview(), (o) => o.find((w) => w.id === 'gia-vien')!.online);
    const admin = await login(hub.app, 'admin', ADMIN_PASSWORD);
    const form = await hub.app.inject({ url: '/gui-ban-tin', headers: { cookie: admin.cookie } });
    expect(form.body).toContain('name="to" value="an-bien"');
    expect(form.body).toContain('href="/phuong-xa"');
    const local = new Date(clock.now() + 7 * 3600_000 + 3600_000).toISOString().slice(0, 16);
    const posted = await hub.app.inject({
      method: 'POST', url: '/api/hub/send', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', admin.csrf], ['title', 'Họp khẩn'], ['priority', 'uu-tien'], ['to', 'gia-vien'], ['until', local], ['text', 'Mời các tổ trưởng họp.']]).toString(),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/gui-ban-tin');
    const [sent] = await hub.hub.sent();
    expect(sent).toMatchObject({ title: 'Họp khẩn', priority: 'uu-tien', sentBy: 'admin', until: new Date(Date.parse(`${local}:00+07:00`)).toISOString() });
    expect(sent.deliveries.map((d) => d.ward)).toEqual(['gia-vien']);
    await until('received', () => stateAtHub(sent.id, 'gia-vien'), (s) => s === 'received');
    const list = await hub.app.inject({ url: '/gui-ban-tin', headers: { cookie: admin.cookie } });
    expect(list.body).toContain('Phường Gia Viên: <strong class="st-received">Phường đã nhận</strong>');
    const wardsPage = await hub.app.inject({ url: '/phuong-xa', headers: { cookie: admin.cookie } });
    expect(wardsPage.body).toContain('Phường Gia Viên <span class="muted">(gia-vien)</span> · <strong class="st-up">Trực tuyến</strong>');
    expect(wardsPage.body).toContain('Phường An Biên <span class="muted">(an-bien)</span> · <strong class="st-down">Mất liên lạc</strong>');
    // A ward's own web UI has no hub menu, and its hub pages say it is not a hub.
    const wardAdmin = await login(gv.app, 'admin', ADMIN_PASSWORD);
    expect((await gv.app.inject({ url: '/', headers: { cookie: wardAdmin.cookie } })).body).not.toContain('href="/phuong-xa"');
    const notHub = await gv.app.inject({ url: '/api/hub/wards', headers: { cookie: wardAdmin.cookie } });
    expect(notHub.json().code).toBe('LP_ERR_HUB_NOT_CONFIGURED');
  });
});
