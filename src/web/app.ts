/**
 * The fastify app factory: API under /api and the Vietnamese pages, apart from `listen` (the `start`
 * command listens; tests use `app.inject()`). Every route declares who may call it
 * (`config.access`); the app refuses to build when one does not.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Renderer } from '../audio/render.js';
import type { Config } from '../config/index.js';
import { DEFAULT_LIMITS } from '../documents/index.js';
import { isLpError, LpError } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import type { WardLink } from '../hub/ward.js';
import type { StationApi } from '../station/api.js';
import { roleAtLeast } from '../store/users.js';
import { ensureCliToken, safeEqual } from './auth.js';
import { wantsHtml, type Access, type Actor, type WebContext, type WebStores } from './context.js';
import { html } from './html.js';
import { CSS, JS, page } from './layout.js';
import { registerAccountRoutes, SESSION_COOKIE } from './routes/account.js';
import { registerAiringRoutes } from './routes/airings.js';
import { registerAirNowRoutes } from './routes/air-now.js';
import { registerBulletinRoutes } from './routes/bulletins.js';
import { registerHomeRoutes } from './routes/home.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerHubRoutes } from './routes/hub.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerScheduleRoutes } from './routes/schedule.js';

/** Everything the app uses is built outside it (src/station/) and passed in. */
export interface AppDeps {
  readonly config: Readonly<Config>;
  readonly stores: WebStores;
  readonly station: StationApi;
  /** Renders bulletin previews (the station passes its child-process renderer). */
  readonly renderer: Renderer;
  /** This station as a hub of wards (src/station/hub.ts). @default none */
  readonly hub?: Hub | null;
  /** This station as a ward of a hub. @default none */
  readonly ward?: WardLink | null;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** fastify's request log. @default false */
  readonly logger?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Uploaded plans: the largest document accepted (a scanned PDF, a photo) and the form's fields. */
const MAX_BODY = DEFAULT_LIMITS.maxFileBytes + 1024 * 1024;

/** Framework errors a client caused (bad JSON, too large …) keep a 4xx code of ours. */
function fromFramework(err: FastifyError): LpError {
  if (err.validation) return new LpError('LP_ERR_BAD_REQUEST', err.message);
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
    return new LpError('LP_ERR_INPUT_TOO_LARGE', err.message);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new LpError('LP_ERR_BAD_REQUEST', err.message);
  return new LpError('LP_ERR_INTERNAL');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, station, stores } = deps;
  const now = deps.now ?? (() => new Date());
  const ctx: WebContext = {
    config, station, now, renderer: deps.renderer, hub: deps.hub ?? null, ward: deps.ward ?? null,
    users: stores.users, sessions: stores.sessions, bulletins: stores.bulletins, audit: stores.audit, airings: stores.airings, upstream: stores.upstream,
  };
  const cliToken = ensureCliToken(config.dataDir);

  // X-Forwarded-* is believed only from the configured proxies (a TLS proxy in front), from no one
  // by default: otherwise any client could pick the address the login limiter counts under.
  const trusted = config.http.trustedProxies;
  // Closing ends every connection: a hub's wards hold long-polls open, and a client on a bad link
  // can leave a socket that never sends a request; neither may keep the station from stopping.
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: MAX_BODY, trustProxy: trusted.length ? [...trusted] : false, forceCloseConnections: true });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_BODY, files: 1, fields: 20 },
    // Keep the file's name next to its bytes: the decoder uses it to tell .md from .txt.
    async onFile(part) {
      (part as unknown as { value: unknown }).value = { filename: part.filename, data: await part.toBuffer() };
    },
  });

  // The officer's live microphone (routes/live.ts): PCM messages of a fraction of a second.
  await app.register(websocket, { options: { maxPayload: 1 << 20 } });

  app.decorateRequest('actor', null);
  app.decorateRequest('hubWard', null);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} has no config.access`);
  });

  // Who is calling: the CLI token, or a browser session cookie. (A ward's key is checked by its routes.)
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.access === 'ward') return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      if (!safeEqual(auth.slice(7).trim(), cliToken)) throw new LpError('LP_ERR_AUTH_INVALID', 'mã CLI không đúng');
      // Whoever holds the 0600 token runs the station (shell access to its data dir, where the
      // database and schedules are): as an approver it may air any text below khẩn cấp too.
      req.actor = { username: 'cli', role: 'approver' };
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const s = await ctx.sessions.get(token, now());
    const u = s && (await ctx.users.byId(s.userId));
    // A locked account's sessions are deleted when it is locked; the check here is the second lock.
    if (s && u && !u.disabledAt) req.actor = { username: u.username, role: u.role, session: { token, csrf: s.csrf } } satisfies Actor;
  });

  // The gate, part one: login and role, before the body is read, so nobody without the right to call
  // a route gets a 20 MB upload parsed and buffered.
  app.addHook('onRequest', async (req) => {
    const access: Access = req.routeOptions.config.access ?? 'admin';
    if (access === 'public' || access === 'ward') return;
    if (!req.actor) throw new LpError('LP_ERR_AUTH_REQUIRED');
    if (!roleAtLeast(req.actor.role, access)) throw new LpError('LP_ERR_AUTH_FORBIDDEN', `cần vai trò ${access}`);
  });

  // Part two: the session's CSRF token on anything that changes state (a form sends it in the body).
  app.addHook('preHandler', async (req) => {
    const a = req.actor;
    if (!a?.session || !UNSAFE.has(req.method) || req.routeOptions.config.access === 'public') return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = String(req.headers['x-csrf-token'] ?? (typeof body?._csrf === 'string' ? body._csrf : ''));
    if (!sent || !safeEqual(sent, a.session.csrf)) throw new LpError('LP_ERR_CSRF');
  });

  app.setErrorHandler((err: FastifyError | LpError, req, reply) => {
    const lp = isLpError(err) ? err : fromFramework(err);
    if (lp.code === 'LP_ERR_INTERNAL' || lp.status >= 500) req.log.error({ err }, lp.code);
    if (lp.code === 'LP_ERR_AUTH_RATE_LIMITED') reply.header('retry-after', '900');
    if (wantsHtml(req)) return sendErrorPage(req, reply, lp);
    return reply.status(lp.status).type('application/json; charset=utf-8').send(lp.toJSON());
  });

  function sendErrorPage(req: FastifyRequest, reply: FastifyReply, lp: LpError): FastifyReply {
    if (lp.code === 'LP_ERR_AUTH_REQUIRED' && req.method === 'GET') {
      return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    }
    const body = html`<div class="card"><p class="flash error" role="alert"><strong>${lp.code}</strong> : ${lp.message}</p>
      <p><a href="/">← Về trang chủ</a></p></div>`;
    return reply.status(lp.status).type('text/html; charset=utf-8')
      .send(page({ title: 'Không thực hiện được', actor: req.actor, ward: config.ward.name, hub: ctx.hub !== null }, body));
  }

  app.setNotFoundHandler({}, (req) => {
    throw new LpError('LP_ERR_NOT_FOUND', `${req.method} ${req.url.split('?')[0]}`);
  });

  app.get('/static/app.css', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
  app.get('/static/app.js', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(JS));

  // Every HTML response: no framing, no sniffing, no third-party anything.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', "default-src 'self'; style-src 'self'; img-src 'self' data:; media-src *; frame-ancestors 'none'");
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  registerAccountRoutes(app, ctx);
  registerHomeRoutes(app, ctx);
  registerBulletinRoutes(app, ctx);
  registerScheduleRoutes(app, ctx);
  registerAirNowRoutes(app, ctx);
  registerLiveRoutes(app, ctx);
  registerAiringRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerHubRoutes(app, ctx);
  return app;
}
