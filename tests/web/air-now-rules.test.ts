/**
 * The rule of the air for air-now, at the web door that knows who asks: khẩn cấp airs any text for
 * an operator (one confirmation away); below khẩn cấp an operator airs only an approved bulletin,
 * an approver anything. Scenario table: who, what, which priority → aired or the code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Role } from '../../src/store/users.js';
import { ensureCliToken } from '../../src/web/auth.js';
import { addUser, ADMIN_PASSWORD, login, makeHarness, type Harness, type Login } from './helpers.js';

let h: Harness;
const logins = new Map<string, Login>();
let approvedId = 0;
let draftId = 0;
const APPROVED_TEXT = 'Loa phường xin thông báo: sáng mai tổ dân phố số hai tổng vệ sinh đường làng.';
const quality = { suspect: false, score: 1, warnings: [] };

beforeAll(async () => {
  h = await makeHarness();
  await addUser(h, 'van-hanh', 'operator');
  await addUser(h, 'duyet', 'approver');
  logins.set('operator', await login(h.app, 'van-hanh', 'van-hanh-mat-khau'));
  logins.set('approver', await login(h.app, 'duyet', 'duyet-mat-khau'));
  logins.set('admin', await login(h.app, 'admin', ADMIN_PASSWORD));
  const ok = await h.stores.bulletins.create({ title: 'Tổng vệ sinh', text: APPROVED_TEXT, spoken: APPROVED_TEXT, quality }, 'van-hanh', h.clock.now);
  await h.stores.bulletins.approve(ok.id, 'duyet', h.clock.now);
  approvedId = ok.id;
  draftId = (await h.stores.bulletins.create({ title: 'Nháp', text: 'Bản nháp chưa duyệt.', spoken: 'Bản nháp chưa duyệt.', quality }, 'van-hanh', h.clock.now)).id;
});
afterAll(() => h.close());
beforeEach(() => {
  h.station.airNowCalls.length = 0;
});

const FREE = 'Tối nay mất điện từ hai mươi hai giờ.';

interface Case {
  who: Extract<Role, 'operator' | 'approver' | 'admin'>;
  priority: 'thuong' | 'uu-tien' | 'khan-cap';
  what: 'free text' | 'approved bulletin' | 'draft bulletin';
  /** null: it airs. */
  code: string | null;
}

const cases: Case[] = [
  { who: 'operator', priority: 'khan-cap', what: 'free text', code: null },
  { who: 'operator', priority: 'thuong', what: 'free text', code: 'LP_ERR_AIR_NOW_NOT_APPROVED' },
  { who: 'operator', priority: 'uu-tien', what: 'free text', code: 'LP_ERR_AIR_NOW_NOT_APPROVED' },
  { who: 'operator', priority: 'thuong', what: 'approved bulletin', code: null },
  { who: 'operator', priority: 'uu-tien', what: 'draft bulletin', code: 'LP_ERR_BULLETIN_NOT_APPROVED' },
  { who: 'approver', priority: 'thuong', what: 'free text', code: null },
  { who: 'admin', priority: 'uu-tien', what: 'free text', code: null },
];

describe('air-now: who may air what', () => {
  test.each(cases)('$who, $priority, $what → $code', async (c) => {
    const payload = c.what === 'free text' ? { text: FREE, priority: c.priority }
      : { bulletinId: c.what === 'approved bulletin' ? approvedId : draftId, text: 'gõ thêm, không được phát', priority: c.priority };
    const res = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: logins.get(c.who)!.headers, payload });
    if (c.code) {
      expect(res.json().code, res.body).toBe(c.code);
      expect(h.station.airNowCalls).toEqual([]);
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(h.station.airNowCalls).toHaveLength(1);
    // An approved bulletin airs as approved: its own text and title, not what was typed beside it.
    const call = h.station.airNowCalls[0];
    expect(call.text).toBe(c.what === 'approved bulletin' ? APPROVED_TEXT : FREE);
    if (c.what === 'approved bulletin') expect(call.title).toBe('Tổng vệ sinh');
  });

  test('the confirmation page refuses before asking: an operator\'s thông thường free text never gets a confirm button', async () => {
    const op = logins.get('operator')!;
    const res = await h.app.inject({
      method: 'POST', url: '/phat-khan-cap/xac-nhan', headers: { cookie: op.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: op.csrf, text: FREE, priority: 'thuong', repeat: '1' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('LP_ERR_AIR_NOW_NOT_APPROVED');
    expect(res.body).not.toContain('Xác nhận phát ngay');
    // The same text at khẩn cấp: one confirmation away.
    const urgent = await h.app.inject({
      method: 'POST', url: '/phat-khan-cap/xac-nhan', headers: { cookie: op.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: op.csrf, text: FREE, priority: 'khan-cap', repeat: '1' }).toString(),
    });
    expect(urgent.statusCode).toBe(200);
    expect(urgent.body).toContain('Xác nhận phát ngay');
  });

  test('the CLI (whoever holds the data dir\'s token) airs any text at any priority', async () => {
    const token = ensureCliToken(h.config.dataDir);
    const res = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: { authorization: `Bearer ${token}` }, payload: { text: FREE, priority: 'thuong' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(h.station.airNowCalls[0]).toMatchObject({ requestedBy: 'cli', priority: 'thuong' });
  });
});
