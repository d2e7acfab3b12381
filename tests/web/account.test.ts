/** Own password change and locked accounts, through `inject`. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, addUser, login, makeHarness, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const actions = async (): Promise<string[]> => (await h.stores.audit.list()).map((e) => `${e.actor} ${e.action}${e.subject ? ` ${e.subject}` : ''}`);

describe('changing one\'s own password', () => {
  it('needs the current password, checks the new one, ends the user\'s other sessions and is audited', async () => {
    const old = await addUser(h, 'lan', 'operator');
    const here = await login(h.app, 'lan', old);
    const elsewhere = await login(h.app, 'lan', old);
    const post = (payload: object, l = here) => h.app.inject({ method: 'POST', url: '/api/account/password', headers: l.headers, payload });

    const wrong = await post({ current: 'khong-phai', password: 'mat-khau-moi-2026' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('mật khẩu hiện tại không đúng');
    const short = await post({ current: old, password: 'ngan' });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain('ít nhất 8 ký tự');
    const mismatch = await post({ current: old, password: 'mat-khau-moi-2026', confirm: 'mat-khau-moi-2025' });
    expect(mismatch.statusCode).toBe(400);
    // No CSRF token: refused before anything is checked.
    const noCsrf = await h.app.inject({ method: 'POST', url: '/api/account/password', headers: { cookie: here.cookie }, payload: { current: old, password: 'mat-khau-moi-2026' } });
    expect(noCsrf.json().code).toBe('LP_ERR_CSRF');

    const ok = await post({ current: old, password: 'mat-khau-moi-2026', confirm: 'mat-khau-moi-2026' });
    expect(ok.statusCode).toBe(200);
    // This session lives on; the other one is over.
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: here.cookie } })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'lan', password: old } })).statusCode).toBe(401);
    await login(h.app, 'lan', 'mat-khau-moi-2026');
    expect(await actions()).toEqual(expect.arrayContaining(['lan password.failed lan', 'lan password.change lan']));
    // The audit trail never holds a password.
    expect(JSON.stringify(await h.stores.audit.list())).not.toContain('mat-khau-moi-2026');
  });

  it('limits guessing the current password from an open session', async () => {
    const pw = await addUser(h, 'tuan', 'viewer');
    const l = await login(h.app, 'tuan', pw);
    for (let i = 0; i < 5; i++) {
      const r = await h.app.inject({ method: 'POST', url: '/api/account/password', headers: l.headers, payload: { current: `doan-${i}`, password: 'mat-khau-moi-2026' } });
      expect(r.statusCode).toBe(400);
    }
    const blocked = await h.app.inject({ method: 'POST', url: '/api/account/password', headers: l.headers, payload: { current: pw, password: 'mat-khau-moi-2026' } });
    expect(blocked.statusCode).toBe(429);
  });

  it('works from the form: a wrong current password comes back as a flash on the same page', async () => {
    const pw = await addUser(h, 'hoa', 'viewer');
    const l = await login(h.app, 'hoa', pw);
    const pageRes = await h.app.inject({ url: '/tai-khoan', headers: { cookie: l.cookie, accept: 'text/html' } });
    expect(pageRes.body).toContain('Mật khẩu hiện tại');
    const form = (current: string) => h.app.inject({
      method: 'POST', url: '/api/account/password', headers: { cookie: l.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: l.csrf, current, password: 'mat-khau-moi-2026', confirm: 'mat-khau-moi-2026' }).toString(),
    });
    const bad = await form('sai');
    expect(bad.statusCode).toBe(303);
    expect(bad.headers.location).toBe('/tai-khoan');
    expect(bad.cookies.find((c) => c.name === 'lp_flash')?.value).toContain('error:');
    const good = await form(pw);
    expect(good.statusCode).toBe(303);
    expect(decodeURIComponent(good.cookies.find((c) => c.name === 'lp_flash')!.value)).toBe('ok:Đã đổi mật khẩu');
  });
});

describe('locking an account', () => {
  it('an admin locks a user: their sessions end, login is refused with LP_ERR_AUTH_DISABLED; unlocking lets them back', async () => {
    const pw = await addUser(h, 'minh', 'approver');
    const minh = await login(h.app, 'minh', pw);
    const admin = await login(h.app, 'admin', ADMIN_PASSWORD);

    // Only an admin may lock.
    const byMinh = await h.app.inject({ method: 'POST', url: '/api/users/admin/khoa', headers: minh.headers });
    expect(byMinh.statusCode).toBe(403);

    const lock = await h.app.inject({ method: 'POST', url: '/api/users/minh/khoa', headers: admin.headers });
    expect(lock.statusCode).toBe(200);
    expect(lock.json().disabledAt).toBe(h.clock.now.toISOString());
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: minh.cookie } })).statusCode).toBe(401);
    const again = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'minh', password: pw } });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('LP_ERR_AUTH_DISABLED');
    // A wrong password on a locked account says nothing about the lock.
    expect((await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'minh', password: 'sai-mat-khau' } })).json().code).toBe('LP_ERR_AUTH_INVALID');

    const users = (await h.app.inject({ url: '/nguoi-dung', headers: { cookie: admin.cookie, accept: 'text/html' } })).body;
    expect(users).toContain('Đã khóa');
    expect(users).toContain('action="/api/users/minh/mo-khoa"');

    const unlock = await h.app.inject({ method: 'POST', url: '/api/users/minh/mo-khoa', headers: admin.headers });
    expect(unlock.json().disabledAt).toBeNull();
    await login(h.app, 'minh', pw);
    expect(await actions()).toEqual(expect.arrayContaining(['admin user.disable minh', 'minh login.disabled', 'admin user.enable minh']));
  });

  it('an admin cannot lock themselves, and an unknown user is 404', async () => {
    const admin = await login(h.app, 'admin', ADMIN_PASSWORD);
    const self = await h.app.inject({ method: 'POST', url: '/api/users/admin/khoa', headers: admin.headers });
    expect(self.statusCode).toBe(400);
    expect(self.json().message).toContain('không thể tự khóa');
    expect((await h.app.inject({ method: 'POST', url: '/api/users/khong-co/khoa', headers: admin.headers })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });
});
