/** The audit trail: who scheduled, approved, aired or changed what, and when. Append-only. */
import type { SqlDb } from './sql.js';

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  /** Dotted verb, e.g. `bulletin.approve`, `schedule.write`, `air-now`, `login`. */
  readonly action: string;
  /** What it was done to: a bulletin id, a schedule file, a user name. */
  readonly subject: string | null;
  readonly detail: string | null;
}

/** How each action reads on the users page; an action missing here is shown as its code. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'login': 'Đăng nhập',
  'login.failed': 'Đăng nhập sai',
  'login.disabled': 'Đăng nhập khi tài khoản đã khóa',
  'logout': 'Đăng xuất',
  'password.change': 'Đổi mật khẩu',
  'password.failed': 'Nhập sai mật khẩu hiện tại',
  'user.create': 'Tạo tài khoản',
  'user.disable': 'Khóa tài khoản',
  'user.enable': 'Mở khóa tài khoản',
  'bulletin.create': 'Soạn bản tin',
  'bulletin.edit': 'Sửa bản tin',
  'bulletin.approve': 'Duyệt bản tin',
  'schedule.add-slot': 'Thêm giờ phát',
  'schedule.write': 'Sửa tệp lịch',
  'air-now': 'Phát khẩn cấp',
  'hub.send': 'Gửi bản tin xuống phường',
  'hub.key-refused': 'Từ chối khóa phường sai',
  'hub.delivery.received': 'Phường nhận bản tin',
  'hub.delivery.offered': 'Phường chờ duyệt bản tin',
  'hub.delivery.accepted': 'Phường nhận phát bản tin',
  'hub.delivery.declined': 'Phường từ chối bản tin',
  'hub.delivery.queued': 'Phường xếp phát bản tin',
  'hub.delivery.aired': 'Phường đã phát bản tin',
  'hub.delivery.expired': 'Bản tin quá hạn ở phường',
  'hub.delivery.failed': 'Phường không phát được bản tin',
  'inbox.accept': 'Nhận bản tin cấp trên',
  'inbox.decline': 'Từ chối bản tin cấp trên',
};

/**
 * The audit port: append and read back, newest first. Left out on purpose: changing or deleting an
 * entry (the trail is evidence) and searching inside details.
 */
export interface AuditTrail {
  record(e: { at: Date; actor: string; action: string; subject?: string | null; detail?: unknown }): Promise<void>;
  /** Newest first; `limit` 1–5000. @default 200 entries */
  list(q?: { limit?: number; action?: string }): Promise<AuditEntry[]>;
}

export class SqlAuditTrail implements AuditTrail {
  constructor(private readonly db: SqlDb) {}

  async record(e: { at: Date; actor: string; action: string; subject?: string | null; detail?: unknown }): Promise<void> {
    const detail = e.detail === undefined ? null : typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail);
    await this.db.run('INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)',
      [e.at.toISOString(), e.actor, e.action, e.subject ?? null, detail]);
  }

  async list(q: { limit?: number; action?: string } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 5000);
    return q.action
      ? this.db.all<AuditEntry>('SELECT * FROM audit WHERE action = ? ORDER BY id DESC LIMIT ?', [q.action, limit])
      : this.db.all<AuditEntry>('SELECT * FROM audit ORDER BY id DESC LIMIT ?', [limit]);
  }
}
