/** The config keys of the stores and the login gate: validated once, env wins, defaults safe. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: '/nonexistent-loaphuong' });

describe('store and proxy config', () => {
  it('defaults: SQLite in the data dir, no proxy believed', () => {
    const c = load({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.http.trustedProxies).toEqual([]);
  });

  it('LOAPHUONG_DATABASE_URL must be a postgres:// URL; LOAPHUONG_TRUSTED_PROXIES is a comma-separated list', () => {
    const c = load({ LOAPHUONG_DATABASE_URL: 'postgres://lp:mk@db.local:5432/phuong', LOAPHUONG_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' });
    expect(c.databaseUrl).toBe('postgres://lp:mk@db.local:5432/phuong');
    expect(c.http.trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => load({ LOAPHUONG_DATABASE_URL: 'mysql://x' })).toThrow(expect.objectContaining({ code: 'LP_ERR_CONFIG_INVALID', message: expect.stringContaining('LOAPHUONG_DATABASE_URL') }));
  });
});
