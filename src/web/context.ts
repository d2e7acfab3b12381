/**
 * What every route module gets: the stores, the station port, the clock, and small helpers shared by
 * the JSON API and the HTML forms (one route serves both: a form post is answered with a redirect
 * and a flash message, a JSON call with JSON).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AiringStore } from '../airing/index.js';
import type { Renderer } from '../audio/render.js';
import type { Config } from '../config/index.js';
import { LpError } from '../errors.js';
import type { StationApi } from '../station/api.js';
import type { AuditTrail } from '../store/audit.js';
import type { BulletinStore } from '../store/bulletins.js';
import type { SessionStore } from '../store/sessions.js';
import type { Role, UserStore } from '../store/users.js';
import type { Hub, HubWard } from '../hub/hub.js';
import type { UpstreamStore } from '../hub/upstream-store.js';
import type { WardLink } from '../hub/ward.js';
import type { Html } from './html.js';
import { page } from './layout.js';

/** The stores the web reads and writes, built by the composition root (src/station/stores.ts). */
export interface WebStores {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly bulletins: BulletinStore;
  readonly audit: AuditTrail;
  readonly airings: AiringStore;
  /** A ward's inbox of bulletins from its hub. */
  readonly upstream: UpstreamStore;
}

export interface WebContext extends WebStores {
  readonly config: Readonly<Config>;
  readonly station: StationApi;
  readonly now: () => Date;
  /** Renders bulletin previews; the station passes its child-process renderer. */
  readonly renderer: Renderer;
  /** Set when this station is a hub (its config lists wards). */
  readonly hub: Hub | null;
  /** Set when this station is a ward of a hub (its config names the upstream). */
  readonly ward: WardLink | null;
}

/** The caller: a logged-in user, or the CLI with its token. */
export interface Actor {
  readonly username: string;
  readonly role: Role;
  /** Present for browser sessions (cookie); absent for the CLI token. */
  readonly session?: { readonly token: string; readonly csrf: string };
}

/** Who may call a route: `public`, `ward` (a hub's ward, by its key: src/web/routes/hub.ts), or the lowest role that may. */
export type Access = 'public' | 'ward' | Role;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The ward calling a `ward` route, named by its key. */
    hubWard: HubWard | null;
  }
  interface FastifyContextConfig {
    /** Required on every route; the app refuses to start otherwise. */
    access?: Access;
  }
}

export const FLASH_COOKIE = 'lp_flash';

/** A browser form (not a JSON client): answered with redirects and HTML error pages. */
export function isFormPost(req: FastifyRequest): boolean {
  const ct = String(req.headers['content-type'] ?? '');
  return ct.startsWith('application/x-www-form-urlencoded') || ct.startsWith('multipart/form-data');
}

export function wantsHtml(req: FastifyRequest): boolean {
  return isFormPost(req) || (!req.url.startsWith('/api/') && String(req.headers.accept ?? '').includes('text/html'));
}

export function setFlash(reply: FastifyReply, message: string, kind: 'ok' | 'error' = 'ok'): void {
  reply.setCookie(FLASH_COOKIE, `${kind}:${message}`, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 60 });
}

/** JSON for API clients; for a form, a 303 to `location` with a flash message. */
export function respond(req: FastifyRequest, reply: FastifyReply, data: unknown, location: string, flash: string): FastifyReply {
  if (isFormPost(req)) {
    setFlash(reply, flash);
    return reply.redirect(location, 303);
  }
  return reply.send(data);
}

/** Validates a body or query with zod; any mistake is LP_ERR_BAD_REQUEST naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    throw new LpError('LP_ERR_BAD_REQUEST', r.error.issues.map((i) => `${i.path.join('.') || 'dữ liệu'}: ${i.message}`).join('; '));
  }
  return r.data;
}

/** The actor of a route whose access is not public (the gate has already checked it). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new LpError('LP_ERR_AUTH_REQUIRED');
  return req.actor;
}

/** The flash message left by the previous form post (read once). */
export function takeFlash(req: FastifyRequest, reply: FastifyReply): { kind: 'ok' | 'error'; message: string } | null {
  const v = req.cookies[FLASH_COOKIE];
  if (!v) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const i = v.indexOf(':');
  return { kind: v.slice(0, i) === 'error' ? 'error' : 'ok', message: v.slice(i + 1) };
}

/** A channel's name for people (its id when the channel is gone from the config). */
export function channelLabel(config: Readonly<Config>, id: string): string {
  return config.channels.find((c) => c.id === id)?.name ?? id;
}

/** Renders a full page in the frame, with the pending flash message. */
export function sendPage(ctx: WebContext, req: FastifyRequest, reply: FastifyReply, o: { title: string; active?: string }, body: Html): FastifyReply {
  const flash = takeFlash(req, reply);
  return reply.type('text/html; charset=utf-8')
    .send(page({ title: o.title, active: o.active, actor: req.actor, flash, ward: ctx.config.ward.name, hub: ctx.hub !== null }, body));
}
