/** Login, logout, users and the audit trail. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LpError } from '../../errors.js';
import { AUDIT_ACTION_LABELS } from '../../store/audit.js';
import { ROLE_LABELS, ROLES } from '../../store/users.js';
import { LoginLimiter } from '../auth.js';
import { actorOf, isFormPost, parseInput, respond, sendPage, setFlash, type WebContext } from '../context.js';
import { html } from '../html.js';
import { csrfField } from '../layout.js';
import { formatDateTime } from '../../time/index.js';

export const SESSION_COOKIE = 'lp_session';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(80),
  password: z.string().min(1).max(1000),
  next: z.string().optional(),
});

const passwordSchema = z.object({
  current: z.string().min(1).max(1000),
  password: z.string(),
  /** The form's "type it again" field; JSON clients may leave it out. */
  confirm: z.string().optional(),
});

const usernameParam = z.object({ username: z.string().min(1).max(80) });

const userSchema = z.object({
  username: z.string().trim(),
  password: z.string(),
  role: z.enum(ROLES),
});

/** An audit detail (JSON) as plain words: the values, lists joined, yes/no flags left out. */
function detailText(detail: string | null): string {
  if (!detail) return '';
  let v: unknown;
  try {
    v = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (!v || typeof v !== 'object') return String(v);
  return Object.values(v as Record<string, unknown>)
    .filter((x) => x !== null && x !== '' && typeof x !== 'boolean')
    .map((x) => (Array.isArray(x) ? x.join(', ') : typeof x === 'object' ? JSON.stringify(x) : String(x)))
    .join(' · ');
}

const SELF = 'http://loaphuong.invalid';

/**
 * Only a local path: a login link must not bounce the user to another site. Resolved the way a
 * browser would (it drops tabs and newlines and reads "\" as "/": "/<tab>/evil.example" is
 * "//evil.example"); only the path, query and fragment of a same-origin result are kept, and never
 * a path that itself starts with "//".
 */
function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/')) return '/';
  const u = new URL(next, SELF);
  return u.origin === SELF && !u.pathname.startsWith('//') ? u.pathname + u.search + u.hash : '/';
}

/**
 * Where a browser keeps a Secure cookie: HTTPS (directly or via a TLS proxy on this machine) and
 * loopback. Over plain http on the office LAN it would be dropped and nobody could log in, so there
 * the cookie is HttpOnly + SameSite=Strict without Secure; put a TLS proxy in front for that case.
 */
function secureContext(req: FastifyRequest): boolean {
  return req.protocol === 'https' || /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(req.headers.host ?? '');
}

/** A cross-site login form is refused even before the session (and its CSRF token) exists. */
function checkOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new LpError('LP_ERR_CSRF', 'Origin không hợp lệ');
  }
  if (host !== req.headers.host) throw new LpError('LP_ERR_CSRF', `yêu cầu đến từ ${origin}`);
}

export function registerAccountRoutes(app: FastifyInstance, ctx: WebContext): void {
  const limiter = new LoginLimiter();

  app.get('/dang-nhap', { config: { access: 'public' } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    const body = html`<form method="post" action="/api/login" class="card narrow">
      <input type="hidden" name="next" value="${next}">
      <label for="username">Tên đăng nhập</label><input type="text" id="username" name="username" autocomplete="username" required autofocus>
      <label for="password">Mật khẩu</label><input type="password" id="password" name="password" autocomplete="current-password" required>
      <p><button type="submit">Đăng nhập</button></p></form>`;
    return sendPage(ctx, req, reply, { title: 'Đăng nhập' }, body);
  });

  app.post('/api/login', { config: { access: 'public' } }, async (req: FastifyRequest, reply: FastifyReply) => {
    checkOrigin(req);
    const input = parseInput(loginSchema, req.body);
    const t = ctx.now();
    const key = `${req.ip}|${input.username.toLowerCase()}`;
    // Counted before the first await: parallel guesses past the limit never reach the hash.
    limiter.attempt(key, t);
    const user = await ctx.users.authenticate(input.username, input.password);
    if (!user) {
      await ctx.audit.record({ at: t, actor: input.username, action: 'login.failed', detail: { ip: req.ip } });
      if (isFormPost(req)) {
        setFlash(reply, 'Tên đăng nhập hoặc mật khẩu không đúng', 'error');
        return reply.redirect(`/dang-nhap?next=${encodeURIComponent(safeNext(input.next))}`, 303);
      }
      throw new LpError('LP_ERR_AUTH_INVALID');
    }
    limiter.reset(key);
    if (user.disabledAt) {
      await ctx.audit.record({ at: t, actor: user.username, action: 'login.disabled', detail: { ip: req.ip } });
      throw new LpError('LP_ERR_AUTH_DISABLED', user.username);
    }
    // A new token on every login, and the one this browser held before ends: a session planted
    // before login is never the one that gets the rights.
    const previous = req.cookies[SESSION_COOKIE];
    if (previous) await ctx.sessions.delete(previous);
    const { token, session } = await ctx.sessions.create(user.id, t);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: secureContext(req),
      // Relative, so a browser whose clock differs from ours still keeps it; the store enforces expiry.
      maxAge: Math.floor((Date.parse(session.expiresAt) - t.getTime()) / 1000),
    });
    await ctx.audit.record({ at: t, actor: user.username, action: 'login', detail: { ip: req.ip } });
    return respond(req, reply, { user: { username: user.username, role: user.role }, csrf: session.csrf },
      safeNext(input.next), `Xin chào ${user.username}`);
  });

  app.post('/api/logout', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    if (a.session) await ctx.sessions.delete(a.session.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    await ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'logout' });
    return respond(req, reply, { ok: true }, '/dang-nhap', 'Đã đăng xuất');
  });

  app.get('/api/me', { config: { access: 'viewer' } }, async (req) => {
    const a = actorOf(req);
    return { username: a.username, role: a.role, csrf: a.session?.csrf ?? null };
  });

  app.get('/api/users', { config: { access: 'admin' } }, async () => ctx.users.list());

  // Own password: the current one again (a session left open on a shared PC is not enough), then the
  // new one; every other session of the user ends.
  app.post('/api/account/password', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    const input = parseInput(passwordSchema, req.body);
    if (!a.session) throw new LpError('LP_ERR_BAD_REQUEST', 'mã CLI không có mật khẩu để đổi');
    if (input.confirm !== undefined && input.confirm !== input.password) throw new LpError('LP_ERR_BAD_REQUEST', 'hai lần nhập mật khẩu mới không giống nhau');
    const t = ctx.now();
    const key = `password|${a.username.toLowerCase()}`;
    limiter.attempt(key, t);
    const user = await ctx.users.byName(a.username);
    if (!user) throw new LpError('LP_ERR_BAD_REQUEST', 'mã CLI không có mật khẩu để đổi');
    if (!(await ctx.users.authenticate(user.username, input.current))) {
      await ctx.audit.record({ at: t, actor: a.username, action: 'password.failed', subject: a.username });
      if (isFormPost(req)) {
        setFlash(reply, 'Mật khẩu hiện tại không đúng', 'error');
        return reply.redirect('/tai-khoan', 303);
      }
      throw new LpError('LP_ERR_BAD_REQUEST', 'mật khẩu hiện tại không đúng');
    }
    limiter.reset(key);
    await ctx.users.setPassword(user.id, input.password);
    await ctx.sessions.deleteForUser(user.id, a.session.token);
    await ctx.audit.record({ at: t, actor: a.username, action: 'password.change', subject: a.username });
    return respond(req, reply, { ok: true }, '/tai-khoan', 'Đã đổi mật khẩu');
  });

  app.get('/tai-khoan', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    const body = html`<form method="post" action="/api/account/password" class="card narrow">${csrfField(a)}
      <p>Tài khoản <strong>${a.username}</strong> · ${ROLE_LABELS[a.role]}</p>
      <input type="text" name="username" value="${a.username}" autocomplete="username" hidden>
      <label for="pc">Mật khẩu hiện tại</label><input type="password" id="pc" name="current" required autocomplete="current-password">
      <label for="pn">Mật khẩu mới (ít nhất 8 ký tự)</label><input type="password" id="pn" name="password" required minlength="8" autocomplete="new-password">
      <label for="pr">Nhập lại mật khẩu mới</label><input type="password" id="pr" name="confirm" required minlength="8" autocomplete="new-password">
      <p class="muted">Sau khi đổi, các phiên đăng nhập khác của tài khoản này (máy khác) sẽ phải đăng nhập lại.</p>
      <p><button type="submit">Đổi mật khẩu</button></p></form>`;
    return sendPage(ctx, req, reply, { title: 'Đổi mật khẩu', active: '/tai-khoan' }, body);
  });

  // Lock or unlock an account. Nobody locks themselves, so the admin doing it always remains.
  for (const [path, lock] of [['khoa', true], ['mo-khoa', false]] as const) {
    app.post(`/api/users/:username/${path}`, { config: { access: 'admin' } }, async (req, reply) => {
      const a = actorOf(req);
      const { username } = parseInput(usernameParam, req.params);
      const user = await ctx.users.byName(username);
      if (!user) throw new LpError('LP_ERR_NOT_FOUND', `tài khoản "${username}"`);
      if (lock && user.username.toLowerCase() === a.username.toLowerCase()) throw new LpError('LP_ERR_BAD_REQUEST', 'không thể tự khóa tài khoản của mình');
      const t = ctx.now();
      await ctx.users.setDisabled(user.id, lock ? t : null);
      if (lock) await ctx.sessions.deleteForUser(user.id);
      await ctx.audit.record({ at: t, actor: a.username, action: lock ? 'user.disable' : 'user.enable', subject: user.username });
      return respond(req, reply, await ctx.users.byId(user.id), '/nguoi-dung', lock ? `Đã khóa tài khoản ${user.username}` : `Đã mở khóa tài khoản ${user.username}`);
    });
  }

  app.post('/api/users', { config: { access: 'admin' } }, async (req, reply) => {
    const a = actorOf(req);
    const input = parseInput(userSchema, req.body);
    const user = await ctx.users.create(input.username, input.password, input.role, ctx.now());
    await ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'user.create', subject: user.username, detail: { role: user.role } });
    return respond(req, reply, user, '/nguoi-dung', `Đã tạo tài khoản ${user.username}`);
  });

  app.get('/api/audit', { config: { access: 'admin' } }, async (req) => {
    const q = parseInput(z.object({ limit: z.coerce.number().int().optional(), action: z.string().optional() }), req.query);
    return ctx.audit.list(q);
  });

  app.get('/nguoi-dung', { config: { access: 'admin' } }, async (req, reply) => {
    const a = actorOf(req);
    const tz = ctx.config.timezone;
    const [users, audit] = await Promise.all([ctx.users.list(), ctx.audit.list({ limit: 100 })]);
    const body = html`<div class="grid"><section class="card"><h2>Tài khoản</h2><table>
      <thead><tr><th>Tên đăng nhập</th><th>Vai trò</th><th>Tạo lúc</th><th>Trạng thái</th></tr></thead><tbody>
      ${users.map((u) => html`<tr><td>${u.username}</td><td>${ROLE_LABELS[u.role]}</td><td class="nowrap">${formatDateTime(u.createdAt, tz)}</td>
        <td>${u.disabledAt ? html`<span class="st-failed">Đã khóa</span> <span class="muted">${formatDateTime(u.disabledAt, tz)}</span>` : html`<span class="st-aired">Đang dùng</span>`}
        ${u.username === a.username ? '' : html`<form method="post" action="/api/users/${u.username}/${u.disabledAt ? 'mo-khoa' : 'khoa'}" class="inline"${u.disabledAt ? '' : html` data-confirm="Khóa tài khoản ${u.username}? Người này sẽ bị đăng xuất ngay."`}>${csrfField(a)}
          <button class="${u.disabledAt ? 'secondary' : 'danger'} small">${u.disabledAt ? 'Mở khóa' : 'Khóa'}</button></form>`}</td></tr>`)}
      </tbody></table></section>
      <form method="post" action="/api/users" class="card">${csrfField(a)}<h2>Thêm tài khoản</h2>
      <label for="nu">Tên đăng nhập</label><input type="text" id="nu" name="username" required pattern="[A-Za-z0-9._\\-]{2,40}">
      <label for="np">Mật khẩu (ít nhất 8 ký tự)</label><input type="password" id="np" name="password" required minlength="8" autocomplete="new-password">
      <label for="nr">Vai trò</label><select id="nr" name="role">${ROLES.map((r) => html`<option value="${r}">${ROLE_LABELS[r]}</option>`)}</select>
      <p><button>Thêm</button></p></form></div>
      <section class="card"><h2>Nhật ký thao tác</h2><table><thead><tr><th>Lúc</th><th>Người</th><th>Việc</th><th>Đối tượng</th><th>Chi tiết</th></tr></thead><tbody>
      ${audit.map((e) => html`<tr><td class="nowrap">${formatDateTime(e.at, tz)}</td><td>${e.actor}</td><td title="${e.action}">${AUDIT_ACTION_LABELS[e.action] ?? e.action}</td><td>${e.subject ?? ''}</td><td class="muted">${detailText(e.detail)}</td></tr>`)}
      </tbody></table></section>`;
    return sendPage(ctx, req, reply, { title: 'Người dùng', active: '/nguoi-dung' }, body);
  });
}
