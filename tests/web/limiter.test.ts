/** The login limiter in memory: it blocks a key after its failures and forgets what has expired. */
import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../src/web/auth.js';

describe('LoginLimiter', () => {
  it('does not grow for ever under guesses with ever new user names', () => {
    const limiter = new LoginLimiter();
    const t0 = new Date('2026-11-20T01:00:00Z');
    for (let i = 0; i < 1500; i++) limiter.fail(`10.0.0.9|ten-${i}`, t0);
    // All inside the window: every one still counts.
    expect(limiter.size).toBe(1500);
    const later = new Date(t0.getTime() + 16 * 60_000);
    limiter.fail('10.0.0.9|ten-moi', later);
    expect(limiter.size).toBe(1);
  });

  it('blocks a key after its failures and lets it in once the window has passed', () => {
    const limiter = new LoginLimiter(3, 60_000);
    const t0 = new Date('2026-11-20T01:00:00Z');
    for (let i = 0; i < 3; i++) limiter.fail('ip|admin', t0);
    expect(() => limiter.check('ip|admin', t0)).toThrow(expect.objectContaining({ code: 'LP_ERR_AUTH_RATE_LIMITED' }));
    expect(() => limiter.check('ip|khac', t0)).not.toThrow();
    expect(() => limiter.check('ip|admin', new Date(t0.getTime() + 61_000))).not.toThrow();
  });
});
