/**
 * The login limiter: in memory it counts an attempt when it arrives and forgets what has expired;
 * over HTTP, parallel guesses cannot outrun it and X-Forwarded-For is believed only from a
 * configured proxy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/audio/render.js';
import { createVoices } from '../../src/station/voices.js';
import type { UserStore } from '../../src/store/users.js';
import { buildApp } from '../../src/web/app.js';
import { LoginLimiter } from '../../src/web/auth.js';
import { ADMIN_PASSWORD, makeHarness, type Harness } from './helpers.js';

describe('LoginLimiter', () => {
  it('does not grow for ever under guesses with ever new user names', () => {
    const limiter = new LoginLimiter();
    const t0 = new Date('2026-11-20T01:00:00Z');
    for (let i = 0; i < 1500; i++) limiter.attempt(`10.0.0.9|ten-${i}`, t0);
    // All inside the window: every one still counts.
    expect(limiter.size).toBe(1500);
    const later = new Date(t0.getTime() + 16 * 60_000);
    limiter.attempt('10.0.0.9|ten-moi', later);
    expect(limiter.size).toBe(1);
  });

  it('blocks a key after its attempts, whatever their outcome is still to be, and lets it in once the window has passed', () => {
    const limiter = new LoginLimiter(3, 60_000);
    const t0 = new Date('2026-11-20T01:00:00Z');
    for (let i = 0; i < 3; i++) limiter.attempt('ip|admin', t0);
    expect(() => limiter.attempt('ip|admin', t0)).toThrow(expect.objectContaining({ code: 'LP_ERR_AUTH_RATE_LIMITED' }));
    expect(() => limiter.attempt('ip|khac', t0)).not.toThrow();
    expect(() => limiter.attempt('ip|admin', new Date(t0.getTime() + 61_000))).not.toThrow();
    limiter.reset('ip|admin');
    for (let i = 0; i < 3; i++) expect(() => limiter.attempt('ip|admin', t0)).not.toThrow();
  });
});

describe('login over HTTP', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  const guess = (app: Harness['app'], password: string, o: { xff?: string; from?: string } = {}) => app.inject({
    method: 'POST', url: '/api/login', payload: { username: 'admin', password },
    headers: o.xff ? { 'x-forwarded-for': o.xff } : {}, remoteAddress: o.from,
  });

  it('200 parallel guesses: the attempt is counted before the hash, so only the allowed five reach it', async () => {
    h = await makeHarness();
    let checks = 0;
    const users = new Proxy(h.stores.users, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'authenticate') return (u: string, p: string) => (checks++, target.authenticate(u, p));
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as UserStore;
    const app = await buildApp({ config: h.config, stores: { ...h.stores, users }, station: h.station, renderer: createRenderer(h.config, { voices: createVoices(h.config) }), now: () => h!.clock.now });
    try {
      const codes = (await Promise.all(Array.from({ length: 200 }, (_, i) => guess(app, `doan-sai-${i}`)))).map((r) => r.statusCode);
      expect(checks).toBe(5);
      expect(codes.filter((c) => c === 401)).toHaveLength(5);
      expect(codes.filter((c) => c === 429)).toHaveLength(195);
    } finally {
      await app.close();
    }
  });

  it('X-Forwarded-For from an unconfigured sender is ignored: rotating it buys no guesses, spoofing it locks nobody out', async () => {
    h = await makeHarness();
    for (let i = 0; i < 5; i++) expect((await guess(h.app, `sai-${i}`, { xff: `203.0.113.${i}` })).statusCode).toBe(401);
    expect((await guess(h.app, 'sai-5', { xff: '203.0.113.99' })).statusCode).toBe(429);
    // The guesses above named 10.0.0.5 nowhere; a spoofed header naming it does not count against it either.
    for (let i = 0; i < 5; i++) await guess(h.app, `sai-${i}`, { xff: '10.0.0.5', from: '192.0.2.7' });
    expect((await guess(h.app, ADMIN_PASSWORD, { from: '10.0.0.5' })).statusCode).toBe(200);
  });

  it('from a configured proxy the forwarded address is the client: each client has its own count, and the audit names it', async () => {
    h = await makeHarness(undefined, { env: { LOAPHUONG_TRUSTED_PROXIES: '127.0.0.1' } });
    for (let i = 0; i < 5; i++) expect((await guess(h.app, `sai-${i}`, { xff: '10.0.0.5' })).statusCode).toBe(401);
    expect((await guess(h.app, ADMIN_PASSWORD, { xff: '10.0.0.5' })).statusCode).toBe(429);
    expect((await guess(h.app, ADMIN_PASSWORD, { xff: '10.0.0.6' })).statusCode).toBe(200);
    const audit = await h.stores.audit.list({ action: 'login.failed' });
    expect(audit.map((e) => e.detail)).toEqual(Array(5).fill('{"ip":"10.0.0.5"}'));
  });
});
