/**
 * The Phát trực tiếp page and its socket, against the recording station: who may go live at which
 * priority, the same-origin + CSRF gate, the protocol (start → ready → PCM → stop), a dropped
 * connection, and the station's refusals passed on with their codes.
 */
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LpError } from '../../src/errors.js';
import { addUser, ADMIN_PASSWORD, login, makeHarness, type Harness, type Login } from './helpers.js';

let h: Harness;
let operator: Login;
let approver: Login;
let viewer: Login;
beforeAll(async () => {
  h = await makeHarness();
  await addUser(h, 'van-hanh', 'operator');
  await addUser(h, 'duyet', 'approver');
  await addUser(h, 'xem', 'viewer');
  operator = await login(h.app, 'van-hanh', 'van-hanh-mat-khau');
  approver = await login(h.app, 'duyet', 'duyet-mat-khau');
  viewer = await login(h.app, 'xem', 'xem-mat-khau');
  await login(h.app, 'admin', ADMIN_PASSWORD);
});
afterAll(() => h.close());
beforeEach(() => {
  h.station.liveCalls.length = 0;
  h.station.liveSessions.length = 0;
  h.station.liveError = null;
});

const ORIGIN = 'http://127.0.0.1:8080';

/** Messages the station sends, as they come; `next(type)` waits for one of that type. */
function messages(ws: WebSocket) {
  const got: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    got.push(JSON.parse(String(d)));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  return {
    got,
    closed,
    async next(type: string): Promise<Record<string, unknown>> {
      for (;;) {
        const m = got.find((x) => x.type === type);
        if (m) return m;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

/** A socket as the page opens it (listening from the first message on). */
async function socket(who: Login, o: { origin?: string | null; csrf?: string } = {}): Promise<{ ws: WebSocket; m: ReturnType<typeof messages> }> {
  const headers: Record<string, string> = { cookie: who.cookie, host: '127.0.0.1:8080' };
  if (o.origin !== null) headers.origin = o.origin ?? ORIGIN;
  let m: ReturnType<typeof messages> | null = null;
  const ws = await h.app.injectWS(`/api/live?csrf=${encodeURIComponent(o.csrf ?? who.csrf)}`, { headers }, { onInit: (w) => (m = messages(w)) });
  return { ws, m: m! };
}

const start = (priority: string, more: object = {}) => JSON.stringify({ type: 'start', priority, sampleRate: 48000, ...more });

describe('the Phát trực tiếp page', () => {
  it('an operator is offered khẩn cấp only; an approver every priority; a viewer not the page', async () => {
    const op = await h.app.inject({ url: '/phat-truc-tiep', headers: { cookie: operator.cookie } });
    expect(op.statusCode).toBe(200);
    expect(op.body.match(/<option value="[^"]+">/g)).toEqual(['<option value="khan-cap">']);
    expect(op.body).toContain('id="live-stop"');
    expect(op.body).toContain('<meter id="live-level"');
    const ap = await h.app.inject({ url: '/phat-truc-tiep', headers: { cookie: approver.cookie } });
    expect(ap.body.match(/<option value="[^"]+">/g)).toEqual(['<option value="khan-cap">', '<option value="uu-tien">', '<option value="thuong">']);
    expect((await h.app.inject({ url: '/phat-truc-tiep', headers: { cookie: viewer.cookie } })).statusCode).toBe(403);
    // Its scripts are served from this site (the CSP allows nothing else).
    for (const js of ['/static/live.js', '/static/live-worklet.js']) expect((await h.app.inject({ url: js })).headers['content-type']).toMatch(/javascript/);
  });
});

describe('the live socket', () => {
  it('khẩn cấp from an operator: ready, PCM reaches the session, stop stops it, the end is told', async () => {
    const { ws, m } = await socket(operator);
    ws.send(start('khan-cap', { title: 'Cháy chợ', channels: ['chinh'] }));
    await m.next('ready');
    expect(h.station.liveCalls).toEqual([{ priority: 'khan-cap', channels: ['chinh'], title: 'Cháy chợ', sampleRate: 48000, requestedBy: 'van-hanh' }]);
    const s = h.station.liveSessions[0];
    ws.send(Buffer.alloc(4096, 1));
    s.current = 'on-air';
    expect((await m.next('state')).state).toBe('on-air');
    expect(Buffer.concat(s.written).length).toBe(4096);
    ws.send(JSON.stringify({ type: 'stop' }));
    await expect.poll(() => s.stopped).toBe(true);
    s.end();
    expect(await m.next('ended')).toEqual({ type: 'ended', why: null });
    expect(await m.closed).toBe(1000);
    expect(s.dropped).toBeNull();
  });

  it('an operator below khẩn cấp is refused (live speech cannot be approved first); an approver is not', async () => {
    const { ws, m } = await socket(operator);
    ws.send(start('thuong'));
    expect((await m.next('error')).code).toBe('LP_ERR_AIR_NOW_NOT_APPROVED');
    expect(await m.closed).toBe(4000);
    expect(h.station.liveCalls).toEqual([]);
    const { ws: ok, m: n } = await socket(approver);
    ok.send(start('thuong'));
    await n.next('ready');
    ok.terminate();
  });

  it('a connection that drops without stop: the session is told, so the airing ends after a few seconds of silence', async () => {
    const { ws, m } = await socket(operator);
    ws.send(start('khan-cap'));
    await m.next('ready');
    ws.terminate();
    await expect.poll(() => h.station.liveSessions[0].dropped).toBe('mất kết nối với trình duyệt');
  });

  it('the station\'s refusal (a second session on the channel) comes back with its code', async () => {
    h.station.liveError = new LpError('LP_ERR_LIVE_BUSY', 'chinh');
    const { ws, m } = await socket(operator);
    ws.send(start('khan-cap'));
    expect(await m.next('error')).toMatchObject({ code: 'LP_ERR_LIVE_BUSY', message: expect.stringContaining('chinh') });
  });

  it.each([
    ['another site\'s page', { origin: 'http://evil.example' }],
    ['no Origin at all', { origin: null }],
    ['a wrong CSRF token', { csrf: 'x'.repeat(43) }],
  ] as const)('refused from %s: LP_ERR_CSRF, nothing started', async (_, o) => {
    const { ws, m } = await socket(operator, o);
    expect((await m.next('error')).code).toBe('LP_ERR_CSRF');
    ws.send(start('khan-cap'));
    await m.closed;
    expect(h.station.liveCalls).toEqual([]);
  });

  it('nobody logged in: no socket at all', async () => {
    await expect(h.app.injectWS('/api/live', { headers: { origin: ORIGIN, host: '127.0.0.1:8080' } })).rejects.toThrow(/401/);
  });
});
