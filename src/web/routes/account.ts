/** Login, logout, users and the audit trail. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LpError } from '../../errors.js';
import { ROLE_LABELS, ROLES } from '../../store/users.js';
import { LoginLimiter } from '../auth.js';
import { actorOf, isFormPost, parseInput, respond, sendPage, setFlash, type WebContext } from '../context.js';
import { html } from '../html.js';
import { csrfField } from '../layout.js';
import { formatDateTime } from '../time.js';

export const SESSION_COOKIE = 'lp_session';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(80),
  password: z.string().min(1).max(1000),
  next: z.string().optional(),
});

const userSchema = z.object({
  username: z.string().trim(),
  password: z.string(),
  role: z.enum(ROLES),
});

/** Only a local path: a login link must not bounce the user to another site. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
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
    const body = html`<form method="post" action="/api/login" class="card" style="max-width:24rem">
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
    limiter.check(key, t);
    const user = await ctx.users.authenticate(input.username, input.password);
    if (!user) {
      limiter.fail(key, t);
      ctx.audit.record({ at: t, actor: input.username, action: 'login.failed', detail: { ip: req.ip } });
      if (isFormPost(req)) {
        setFlash(reply, 'Tên đăng nhập hoặc mật khẩu không đúng', 'error');
        return reply.redirect(`/dang-nhap?next=${encodeURIComponent(safeNext(input.next))}`, 303);
      }
      throw new LpError('LP_ERR_AUTH_INVALID');
    }
    limiter.reset(key);
    const { token, session } = ctx.sessions.create(user.id, t);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: secureContext(req),
      // Relative, so a browser whose clock differs from ours still keeps it; the store enforces expiry.
      maxAge: Math.floor((Date.parse(session.expiresAt) - t.getTime()) / 1000),
    });
    ctx.audit.record({ at: t, actor: user.username, action: 'login', detail: { ip: req.ip } });
    return respond(req, reply, { user: { username: user.username, role: user.role }, csrf: session.csrf },
      safeNext(input.next), `Xin chào ${user.username}`);
  });

  app.post('/api/logout', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    if (a.session) ctx.sessions.delete(a.session.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'logout' });
    return respond(req, reply, { ok: true }, '/dang-nhap', 'Đã đăng xuất');
  });

  app.get('/api/me', { config: { access: 'viewer' } }, async (req) => {
    const a = actorOf(req);
    return { username: a.username, role: a.role, csrf: a.session?.csrf ?? null };
  });

  app.get('/api/users', { config: { access: 'admin' } }, async () => ctx.users.list());

  app.post('/api/users', { config: { access: 'admin' } }, async (req, reply) => {
    const a = actorOf(req);
    const input = parseInput(userSchema, req.body);
    const user = await ctx.users.create(input.username, input.password, input.role, ctx.now());
    ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'user.create', subject: user.username, detail: { role: user.role } });
    return respond(req, reply, user, '/nguoi-dung', `Đã tạo tài khoản ${user.username}`);
  });

  app.get('/api/audit', { config: { access: 'admin' } }, async (req) => {
    const q = parseInput(z.object({ limit: z.coerce.number().int().optional(), action: z.string().optional() }), req.query);
    return ctx.audit.list(q);
  });

  app.get('/nguoi-dung', { config: { access: 'admin' } }, async (req, reply) => {
    const a = actorOf(req);
    const tz = ctx.config.timezone;
    const body = html`<div class="grid"><section class="card"><h2>Tài khoản</h2><table>
      <thead><tr><th>Tên đăng nhập</th><th>Vai trò</th><th>Tạo lúc</th></tr></thead><tbody>
      ${ctx.users.list().map((u) => html`<tr><td>${u.username}</td><td>${ROLE_LABELS[u.role]}</td><td>${formatDateTime(u.createdAt, tz)}</td></tr>`)}
      </tbody></table></section>
      <form method="post" action="/api/users" class="card">${csrfField(a)}<h2>Thêm tài khoản</h2>
      <label for="nu">Tên đăng nhập</label><input type="text" id="nu" name="username" required pattern="[A-Za-z0-9._\\-]{2,40}">
      <label for="np">Mật khẩu (ít nhất 8 ký tự)</label><input type="password" id="np" name="password" required minlength="8" autocomplete="new-password">
      <label for="nr">Vai trò</label><select id="nr" name="role">${ROLES.map((r) => html`<option value="${r}">${ROLE_LABELS[r]}</option>`)}</select>
      <p><button>Thêm</button></p></form></div>
      <section class="card"><h2>Nhật ký thao tác</h2><table><thead><tr><th>Lúc</th><th>Người</th><th>Việc</th><th>Đối tượng</th><th>Chi tiết</th></tr></thead><tbody>
      ${ctx.audit.list({ limit: 100 }).map((e) => html`<tr><td>${formatDateTime(e.at, tz)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.subject ?? ''}</td><td class="muted">${e.detail ?? ''}</td></tr>`)}
      </tbody></table></section>`;
    return sendPage(ctx, req, reply, { title: 'Người dùng', active: '/nguoi-dung' }, body);
  });
}
