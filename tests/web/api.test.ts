import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/audio/render.js';
import { createVoices } from '../../src/station/voices.js';
import { openStores } from '../../src/station/stores.js';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../../src/store/users.js';
import { ensureAdmin, ensureCliToken } from '../../src/web/auth.js';
import { ADMIN_PASSWORD, addUser, login, makeHarness, TEST_SCRYPT, type Harness } from './helpers.js';
import { loadConfig } from '../../src/config/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const AIR = { text: 'Thông báo khẩn: bão số 3 sắp đổ bộ. Bà con neo đậu tàu thuyền.', title: 'Bão số 3', priority: 'khan-cap', repeat: 2, intervalMinutes: 5 };

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

describe('authentication', () => {
  it('refuses anonymous calls with 401 LP_ERR_AUTH_REQUIRED and sends browsers to the login page', async () => {
    const api = await h.app.inject({ url: '/api/status' });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toEqual({ code: 'LP_ERR_AUTH_REQUIRED', message: expect.any(String) });
    const air = await h.app.inject({ method: 'POST', url: '/api/air-now', payload: AIR });
    expect(air.statusCode).toBe(401);
    expect(h.station.airNowCalls).toHaveLength(0);
    const page = await h.app.inject({ url: '/nhat-ky', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/dang-nhap?next=%2Fnhat-ky');
  });

  it('logs in with a session cookie that is HttpOnly, SameSite=Strict, and Secure on loopback or HTTPS', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: 'sai-mat-khau' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('LP_ERR_AUTH_INVALID');
    const res = await h.app.inject({ method: 'POST', url: '/api/login', headers: { host: '127.0.0.1:8080' }, payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({ username: 'admin', role: 'admin' });
    const c = res.cookies.find((x) => x.name === 'lp_session')!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/' });
    // Plain http on the LAN: a browser would drop a Secure cookie there.
    const lan = await h.app.inject({ method: 'POST', url: '/api/login', headers: { host: '192.168.1.20:8080' }, payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(lan.cookies.find((x) => x.name === 'lp_session')?.secure).toBeFalsy();
    // Behind a TLS proxy on the same machine, once it is configured as trusted; not before.
    const viaProxy = { method: 'POST' as const, url: '/api/login', headers: { host: '192.168.1.20', 'x-forwarded-proto': 'https' }, payload: { username: 'admin', password: ADMIN_PASSWORD } };
    expect((await h.app.inject(viaProxy)).cookies.find((x) => x.name === 'lp_session')?.secure).toBeFalsy();
    const proxied = await makeHarness(undefined, { env: { LOAPHUONG_TRUSTED_PROXIES: '127.0.0.1' } });
    try {
      const tls = await proxied.app.inject(viaProxy);
      expect(tls.cookies.find((x) => x.name === 'lp_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true });
    } finally {
      await proxied.close();
    }
    const status = await h.app.inject({ url: '/api/status', headers: { cookie: `lp_session=${c.value}` } });
    expect(status.statusCode).toBe(200);
    expect(status.json().ward).toBe('Phường Gia Viên');
    // The session table holds a digest, never the cookie value.
    const row = (await h.stores.db.get<{ token_hash: string }>('SELECT token_hash FROM sessions'))!;
    expect(row.token_hash).not.toBe(c.value);
  });

  it('rate-limits failed logins per user and address, then lets the user in after the window', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: `doan-sai-${i}` } });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('LP_ERR_AUTH_RATE_LIMITED');
    expect(blocked.headers['retry-after']).toBeDefined();
    h.clock.now = new Date(h.clock.now.getTime() + 16 * 60_000);
    const ok = await h.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a login form posted from another site', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/api/login', headers: { origin: 'http://evil.example', host: '127.0.0.1:8080' }, payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('LP_ERR_CSRF');
  });

  it('a login link never sends the user to another site, however the address is dressed up', async () => {
    const form = (next: string) => h.app.inject({
      method: 'POST', url: '/api/login', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD, next }).toString(),
    });
    for (const next of ['//evil.example/', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/.//evil.example', '/a/..//evil.example', 'https://evil.example/']) {
      const r = await form(next);
      expect(r.statusCode, JSON.stringify(next)).toBe(303);
      expect(r.headers.location, JSON.stringify(next)).toBe('/');
    }
    expect((await form('/nhat-ky?from=2026-11-01')).headers.location).toBe('/nhat-ky?from=2026-11-01');
    const page = await h.app.inject({ url: `/dang-nhap?next=${encodeURIComponent('/\t/evil.example')}` });
    expect(page.body).toContain('name="next" value="/"');
  });

  it('ends the session a browser held before it logged in (no session fixation)', async () => {
    const before = await login(h.app, 'admin', ADMIN_PASSWORD);
    const again = await h.app.inject({ method: 'POST', url: '/api/login', headers: { cookie: before.cookie }, payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(again.statusCode).toBe(200);
    const fresh = again.cookies.find((x) => x.name === 'lp_session')!.value;
    expect(`lp_session=${fresh}`).not.toBe(before.cookie);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: before.cookie } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/me', headers: { cookie: `lp_session=${fresh}` } })).statusCode).toBe(200);
  });

  it('logs out: the session no longer works', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    expect((await h.app.inject({ method: 'POST', url: '/api/logout', headers: s.headers })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/status', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });
});

describe('CSRF and roles', () => {
  it('needs the session CSRF token on anything that changes state', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    const none = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: { cookie: s.cookie }, payload: AIR });
    expect(none.statusCode).toBe(403);
    expect(none.json().code).toBe('LP_ERR_CSRF');
    const wrong = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) }, payload: AIR });
    expect(wrong.json().code).toBe('LP_ERR_CSRF');
    // A form carries it as a field.
    const form = await h.app.inject({
      method: 'POST', url: '/api/air-now', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: s.csrf, text: AIR.text, priority: 'khan-cap', repeat: '1', confirmed: '1' }).toString(),
    });
    expect(form.statusCode).toBe(303);
    expect(h.station.airNowCalls).toHaveLength(1);
  });

  it('answers 403 LP_ERR_AUTH_FORBIDDEN when the role is too low', async () => {
    await addUser(h, 'xem', 'viewer');
    await addUser(h, 'vanhanh', 'operator');
    const viewer = await login(h.app, 'xem', 'xem-mat-khau');
    const operator = await login(h.app, 'vanhanh', 'vanhanh-mat-khau');
    expect((await h.app.inject({ url: '/api/status', headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
    const air = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: viewer.headers, payload: AIR });
    expect(air.statusCode).toBe(403);
    expect(air.json().code).toBe('LP_ERR_AUTH_FORBIDDEN');
    const users = await h.app.inject({ method: 'POST', url: '/api/users', headers: operator.headers, payload: { username: 'moi', password: '12345678', role: 'admin' } });
    expect(users.json().code).toBe('LP_ERR_AUTH_FORBIDDEN');
    expect(h.station.airNowCalls).toHaveLength(0);
  });

  it('reads no body for a caller without the right: anonymous and too-low roles are refused first', async () => {
    await addUser(h, 'xem', 'viewer');
    const viewer = await login(h.app, 'xem', 'xem-mat-khau');
    // A body that would fail to parse: the answer is about the caller, so it was never parsed.
    const anonymous = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: { 'content-type': 'application/json' }, payload: '{"text":' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('LP_ERR_AUTH_REQUIRED');
    const upload = await h.app.inject({
      method: 'POST', url: '/api/bulletins', headers: { ...viewer.headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nbroken',
    });
    // A multipart post is a browser form: the refusal is an error page.
    expect(upload.statusCode).toBe(403);
    expect(upload.body).toContain('LP_ERR_AUTH_FORBIDDEN');
  });

  it('two requests creating the same new user: one succeeds, the other is LP_ERR_BAD_REQUEST, never a 500', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    const create = () => h.app.inject({ method: 'POST', url: '/api/users', headers: s.headers, payload: { username: 'trung', password: 'trung-mat-khau', role: 'viewer' } });
    const codes = (await Promise.all([create(), create()])).map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 400]);
  });

  it('refuses to build when a route does not say who may call it', async () => {
    const { buildApp } = await import('../../src/web/app.js');
    const app = await buildApp({ config: h.config, stores: h.stores, station: h.station, renderer: createRenderer(h.config, { voices: createVoices(h.config) }) });
    expect(() => app.get('/bi-mat', async () => 'x')).toThrow(/config.access/);
    await app.close();
  });
});

describe('air-now', () => {
  it('reaches the station with the caller name and is audited', async () => {
    await addUser(h, 'vanhanh', 'operator');
    const s = await login(h.app, 'vanhanh', 'vanhanh-mat-khau');
    const r = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: s.headers, payload: AIR });
    expect(r.statusCode).toBe(200);
    expect(r.json().keys).toHaveLength(2);
    expect(h.station.airNowCalls[0]).toMatchObject({ text: AIR.text, title: 'Bão số 3', priority: 'khan-cap', repeat: 2, intervalMinutes: 5, force: false, requestedBy: 'vanhanh' });
    const audit = await h.stores.audit.list({ action: 'air-now' });
    expect(audit[0]).toMatchObject({ actor: 'vanhanh', subject: 'Bão số 3' });
  });

  it('validates the body: bad priority or empty text is LP_ERR_BAD_REQUEST, unknown channel LP_ERR_CHANNEL_UNKNOWN', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    const bad = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: s.headers, payload: { ...AIR, priority: 'rat-gap' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('LP_ERR_BAD_REQUEST');
    expect(bad.json().message).toContain('priority');
    const empty = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: s.headers, payload: { ...AIR, text: '   ' } });
    expect(empty.json().code).toBe('LP_ERR_BAD_REQUEST');
    const chan = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: s.headers, payload: { ...AIR, channels: ['khong-co'] } });
    expect(chan.statusCode).toBe(404);
    expect(chan.json().code).toBe('LP_ERR_CHANNEL_UNKNOWN');
    expect(h.station.airNowCalls).toHaveLength(0);
  });

  it('a browser form must pass the confirmation page first', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    const form = { _csrf: s.csrf, text: AIR.text, title: 'Bão số 3', priority: 'khan-cap', repeat: '3', intervalMinutes: '10' };
    const headers = { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const direct = await h.app.inject({ method: 'POST', url: '/api/air-now', headers, payload: new URLSearchParams(form).toString() });
    expect(direct.statusCode).toBe(400);
    expect(direct.headers['content-type']).toContain('text/html');
    const confirm = await h.app.inject({ method: 'POST', url: '/phat-khan-cap/xac-nhan', headers, payload: new URLSearchParams(form).toString() });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Xác nhận phát ngay');
    expect(confirm.body).toContain('name="confirmed" value="1"');
    // The operator is told how long before the first sound (the render time of its length).
    expect(confirm.body).toMatch(/âm thanh sẵn sàng sau khoảng \d+ giây/);
    expect(h.station.airNowCalls).toHaveLength(0);
    const ok = await h.app.inject({ method: 'POST', url: '/api/air-now', headers, payload: new URLSearchParams({ ...form, confirmed: '1' }).toString() });
    expect(ok.statusCode).toBe(303);
    expect(h.station.airNowCalls[0]).toMatchObject({ repeat: 3, intervalMinutes: 10, requestedBy: 'admin' });
  });

  it('an unexpected station failure is LP_ERR_INTERNAL without the stack', async () => {
    h.station.airNowError = new Error('ECONNRESET at /srv/secret/path.js:12');
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    const r = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: s.headers, payload: AIR });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ code: 'LP_ERR_INTERNAL', message: expect.any(String) });
    expect(r.body).not.toContain('secret');
  });
});

describe('bulletin list', () => {
  it('answers a page at a time, newest first: limit, then before = the last id seen', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    for (let i = 1; i <= 5; i++) {
      await h.stores.bulletins.create({ title: `Bản tin ${i}`, text: 'x', spoken: 'ích', quality: { suspect: false, score: 1, warnings: [] } }, 'admin', h.clock.now);
    }
    const ids = async (qs: string) => (await h.app.inject({ url: `/api/bulletins?${qs}`, headers: { cookie: s.cookie } })).json().map((b: { id: number }) => b.id);
    expect(await ids('limit=2')).toEqual([5, 4]);
    expect(await ids('limit=2&before=4')).toEqual([3, 2]);
    expect(await ids('limit=2&before=2')).toEqual([1]);
    expect(await ids('status=approved')).toEqual([]);
    expect((await h.app.inject({ url: '/api/bulletins?limit=0', headers: { cookie: s.cookie } })).json().code).toBe('LP_ERR_BAD_REQUEST');
  });
});

describe('the CLI token', () => {
  it('is written 0600 and acts as the operator "cli"', async () => {
    const path = join(h.config.dataDir, 'cli-token');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const token = ensureCliToken(h.config.dataDir);
    expect(readFileSync(path, 'utf8').trim()).toBe(token);
    const r = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: { authorization: `Bearer ${token}` }, payload: AIR });
    expect(r.statusCode).toBe(200);
    expect(h.station.airNowCalls[0].requestedBy).toBe('cli');
    const wrong = await h.app.inject({ url: '/api/status', headers: { authorization: 'Bearer sai' } });
    expect(wrong.statusCode).toBe(401);
    const forbidden = await h.app.inject({ method: 'POST', url: '/api/users', headers: { authorization: `Bearer ${token}` }, payload: { username: 'x1', password: '12345678', role: 'admin' } });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('errors', () => {
  it('maps malformed JSON, unknown routes and bad queries to coded errors', async () => {
    const s = await login(h.app, 'admin', ADMIN_PASSWORD);
    const json = await h.app.inject({ method: 'POST', url: '/api/air-now', headers: { ...s.headers, 'content-type': 'application/json' }, payload: '{"text":' });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('LP_ERR_BAD_REQUEST');
    const missing = await h.app.inject({ url: '/api/khong-co', headers: { cookie: s.cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('LP_ERR_NOT_FOUND');
    const date = await h.app.inject({ url: '/api/airings?from=2026-13-45', headers: { cookie: s.cookie } });
    expect(date.statusCode).toBe(400);
    expect(date.json().code).toBe('LP_ERR_DATE_INVALID');
  });
});

describe('first admin and passwords', () => {
  it('generates, prints once and stores 0600 a password when none is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-admin-'));
    try {
      const config = loadConfig({ cwd: dir, env: { LOAPHUONG_DATA_DIR: 'data' } });
      const stores = await openStores(config, { scrypt: TEST_SCRYPT });
      const first = await ensureAdmin(stores.users, config);
      expect(first?.generated).toBe(true);
      expect(first!.password.length).toBeGreaterThanOrEqual(16);
      const file = join(config.dataDir, 'admin-password.txt');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first!.password);
      expect(await ensureAdmin(stores.users, config)).toBeNull();
      await stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A configured password is used and not written anywhere.
    expect(existsSync(join(h.config.dataDir, 'admin-password.txt'))).toBe(false);
  });

  it('hashes with scrypt and explicit parameters (default 64 MiB), salted', async () => {
    const a = await hashPassword('mật khẩu', TEST_SCRYPT);
    const b = await hashPassword('mật khẩu', TEST_SCRYPT);
    expect(a).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật khẩu', a)).toBe(true);
    expect(await verifyPassword('mat khau', a)).toBe(false);
    expect(DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * 128).toBe(64 * 1024 * 1024);
    const real = await hashPassword('x', DEFAULT_SCRYPT);
    expect(real).toMatch(/^scrypt\$65536\$8\$1\$/);
  });
});
