/**
 * Secrets and gates: the first admin, the CLI token, the login limiter. The running instance writes
 * its secrets 0600 into the data dir; nothing here is ever sent to a browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { LpError } from '../errors.js';
import type { UserStore } from '../store/users.js';

export const ADMIN_PASSWORD_FILE = 'admin-password.txt';
export const CLI_TOKEN_FILE = 'cli-token';

function writeSecret(path: string, value: string): void {
  try {
    writeFileSync(path, value + '\n', { mode: 0o600 });
    chmodSync(path, 0o600); // the mode above is ignored when the file already existed
  } catch (e) {
    throw new LpError('LP_ERR_DATA_DIR', `${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Creates the first admin (`admin`) when no user exists yet. Its password is `config.adminPassword`
 * or generated; a generated one is stored 0600 in `admin-password.txt`. Returns what to print once,
 * or null when users already exist.
 */
export async function ensureAdmin(
  users: UserStore,
  config: Readonly<Config>,
  opts: { now?: Date } = {},
): Promise<{ username: 'admin'; password: string; generated: boolean; file: string | null } | null> {
  if ((await users.list()).length > 0) return null;
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  await users.create('admin', password, 'admin', opts.now ?? new Date());
  let file: string | null = null;
  if (generated) {
    mkdirSync(config.dataDir, { recursive: true });
    file = join(config.dataDir, ADMIN_PASSWORD_FILE);
    writeSecret(file, password);
  }
  return { username: 'admin', password, generated, file };
}

/** The token `loaphuong` CLI commands send as `Authorization: Bearer …`; created 0600 on first use. */
export function ensureCliToken(dataDir: string): string {
  const path = join(dataDir, CLI_TOKEN_FILE);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 32) return token;
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeSecret(path, token);
  return token;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Keys kept before expired ones are swept out. */
const SWEEP_ABOVE = 1000;

/**
 * Login attempts per client address and user name, in memory (a restart forgets it, which is
 * acceptable: a restart is slower than any guessing it would allow). An attempt is counted when it
 * arrives, before its password is checked: guesses sent in parallel cannot all reach the check
 * while the first ones are still hashing.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  /**
   * @param maxAttempts attempts allowed in the window without a success. @default 5
   * @param windowMs @default 15 minutes
   */
  constructor(private readonly maxAttempts = 5, private readonly windowMs = 15 * 60_000) {}

  private recent(key: string, now: Date): number[] {
    const cutoff = now.getTime() - this.windowMs;
    const list = (this.attempts.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.attempts.set(key, list);
    else this.attempts.delete(key);
    return list;
  }

  /**
   * Counts an attempt, or throws LP_ERR_AUTH_RATE_LIMITED (without counting it) while the key has
   * used up its window. Call it synchronously before the password check; `reset` on success.
   */
  attempt(key: string, now: Date): void {
    const list = this.recent(key, now);
    if (list.length >= this.maxAttempts) {
      const retrySec = Math.ceil((list[0] + this.windowMs - now.getTime()) / 1000);
      throw new LpError('LP_ERR_AUTH_RATE_LIMITED', `thử lại sau ${Math.ceil(retrySec / 60)} phút`);
    }
    list.push(now.getTime());
    this.attempts.set(key, list);
    // A key is otherwise pruned only when it is seen again: guesses under ever new names would
    // grow the map for as long as the station runs.
    if (this.attempts.size > SWEEP_ABOVE) for (const k of [...this.attempts.keys()]) this.recent(k, now);
  }

  /** Keys with attempts still inside the window. */
  get size(): number {
    return this.attempts.size;
  }

  /** The password was right: the attempts before it no longer count. */
  reset(key: string): void {
    this.attempts.delete(key);
  }
}
