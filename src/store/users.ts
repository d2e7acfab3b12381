/**
 * Users and roles. Passwords are hashed with scrypt (memory-hard, in node:crypto) with explicit
 * parameters stored next to each hash, so the cost can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { LpError } from '../errors.js';
import type { SqlDb } from './sql.js';

/** Ordered: each role may do everything the roles before it may. */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Xem',
  operator: 'Vận hành',
  approver: 'Duyệt tin',
  admin: 'Quản trị',
};

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface User {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly createdAt: string;
  /** When an admin locked the account; a locked user cannot log in. */
  readonly disabledAt: string | null;
}

export interface ScryptParams {
  /** CPU/memory cost, a power of two. @default 65536 (64 MiB with r = 8) */
  readonly N: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelism. @default 1 */
  readonly p: number;
}

// 2^16 × 8 × 128 B = 64 MiB per hash: memory-hard, yet about 0.2 s on a cheap office PC.
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 16, r: 8, p: 1 };
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

interface UserRow { id: number; username: string; role: Role; password_hash: string; created_at: string; disabled_at: string | null }

const toUser = (r: UserRow): User => ({ id: r.id, username: r.username, role: r.role, createdAt: r.created_at, disabledAt: r.disabled_at });

/** Shared by account creation and password change. */
function checkNewPassword(password: string): void {
  if (password.length < 8) throw new LpError('LP_ERR_BAD_REQUEST', 'mật khẩu cần ít nhất 8 ký tự');
  if (password.length > 1000) throw new LpError('LP_ERR_BAD_REQUEST', 'mật khẩu dài quá 1000 ký tự');
}

/**
 * The accounts port. Names are unique without regard to case ("Admin" is "admin"). Left out: roles
 * beyond the four, password rules beyond length, and deleting an account (lock it: the audit trail
 * keeps naming it).
 */
export interface UserStore {
  create(username: string, password: string, role: Role, now: Date): Promise<User>;
  byId(id: number): Promise<User | null>;
  byName(username: string): Promise<User | null>;
  /** By name, case-insensitively. */
  list(): Promise<User[]>;
  /**
   * The user when the password matches; null otherwise (unknown names cost the same time). A locked
   * account is returned too (check `disabledAt`): only someone who knows the password learns it is locked.
   */
  authenticate(username: string, password: string): Promise<User | null>;
  setPassword(id: number, password: string): Promise<void>;
  /** Locks (`at` a date) or unlocks (null) an account. */
  setDisabled(id: number, at: Date | null): Promise<void>;
}

const BY_NAME = 'SELECT * FROM users WHERE lower(username) = lower(?)';

export class SqlUserStore implements UserStore {
  constructor(private readonly db: SqlDb, private readonly params: ScryptParams = DEFAULT_SCRYPT) {}

  async create(username: string, password: string, role: Role, now: Date): Promise<User> {
    if (!/^[A-Za-z0-9._-]{2,40}$/.test(username)) throw new LpError('LP_ERR_BAD_REQUEST', `tên đăng nhập "${username}": chỉ dùng chữ không dấu, số, . _ -`);
    checkNewPassword(password);
    if (!ROLES.includes(role)) throw new LpError('LP_ERR_BAD_REQUEST', `vai trò "${role}" không có`);
    const taken = (): LpError => new LpError('LP_ERR_BAD_REQUEST', `tên đăng nhập "${username}" đã có`);
    if (await this.byName(username)) throw taken();
    const hash = await hashPassword(password, this.params);
    // Two requests for the same new name both pass the check above while hashing; the second meets
    // the unique index, which is the same mistake, not an internal error.
    const r = await this.db.get<UserRow>(
      'INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *',
      [username, role, hash, now.toISOString()],
    );
    if (!r) throw taken();
    return toUser(r);
  }

  async byId(id: number): Promise<User | null> {
    const r = await this.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return r ? toUser(r) : null;
  }

  async byName(username: string): Promise<User | null> {
    const r = await this.db.get<UserRow>(BY_NAME, [username]);
    return r ? toUser(r) : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.all<UserRow>('SELECT * FROM users ORDER BY lower(username), id')).map(toUser);
  }

  async authenticate(username: string, password: string): Promise<User | null> {
    const r = await this.db.get<UserRow>(BY_NAME, [username]);
    const ok = await verifyPassword(password, r?.password_hash ?? DUMMY_HASH);
    return r && ok ? toUser(r) : null;
  }

  async setPassword(id: number, password: string): Promise<void> {
    checkNewPassword(password);
    await this.db.run('UPDATE users SET password_hash = ? WHERE id = ?', [await hashPassword(password, this.params), id]);
  }

  async setDisabled(id: number, at: Date | null): Promise<void> {
    await this.db.run('UPDATE users SET disabled_at = ? WHERE id = ?', [at ? at.toISOString() : null, id]);
  }
}

// A well-formed hash of a random secret: verifying an unknown user costs one real scrypt.
const DUMMY_HASH = `scrypt$${DEFAULT_SCRYPT.N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$${randomBytes(16).toString('base64url')}$${randomBytes(KEY_LEN).toString('base64url')}`;
