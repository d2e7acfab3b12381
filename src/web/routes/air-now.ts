/**
 * Phát khẩn cấp: air a text now, with a priority and repeats, behind a confirmation step.
 *
 * The rule of the air (who may air what, now): khẩn cấp airs any text for an operator, one
 * confirmation away — an emergency cannot wait for an approver. Below khẩn cấp, an operator airs
 * only an approved bulletin (chosen by number: its approved text is what airs, whatever else was
 * sent); an approver or admin may air any text, as they could approve it first anyway. The web
 * door enforces it because it knows who is asking; the station's `airNow` airs what it is given
 * (the hub's ward inbox calls it for bulletins approved upstream).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { estimateRenderSec } from '../../audio/render.js';
import { PRIORITIES, PRIORITY_LABELS } from '../../domain.js';
import { LpError } from '../../errors.js';
import { roleAtLeast } from '../../store/users.js';
import { actorOf, isFormPost, parseInput, respond, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { estimateSeconds } from '../../text/index.js';
import { csrfField, priorityBadge } from '../layout.js';

/** Form checkboxes send one string or several; JSON sends an array. */
const list = z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : [v]), z.array(z.string().min(1)).optional());
const flag = z.preprocess((v) => v === true || v === 'on' || v === '1' || v === 'true', z.boolean());

export const airNowSchema = z.object({
  /** An approved bulletin to air (its text replaces `text`); what lets an operator air below khẩn cấp. */
  bulletinId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
  text: z.string().trim().max(100_000).default(''),
  title: z.string().trim().max(200).optional().transform((t) => t || undefined),
  priority: z.enum(PRIORITIES).default('khan-cap'),
  repeat: z.coerce.number().int().min(1).max(20).default(1),
  intervalMinutes: z.coerce.number().min(0).max(24 * 60).default(0),
  channels: list,
  force: flag.default(false),
});

/**
 * What the operator waits for before the first sound: the bulletin's length read from its words
 * (numbers are read out longer, so it is a floor) and the render time that length takes.
 */
function readyIn(text: string): string {
  const sec = estimateSeconds(text);
  const ready = Math.ceil(estimateRenderSec(sec));
  return `Bản tin dài khoảng ${sec < 90 ? `${Math.round(sec)} giây` : `${Math.round(sec / 60)} phút`}; âm thanh sẵn sàng sau khoảng ${ready} giây kể từ khi xác nhận, rồi phát ngay.`;
}

export function registerAirNowRoutes(app: FastifyInstance, ctx: WebContext): void {
  const channels = ctx.config.channels;

  /** The text to air and its title, by the rule of the air above; throws when the caller may not. */
  async function content(input: z.infer<typeof airNowSchema>, role: Parameters<typeof roleAtLeast>[0]): Promise<{ text: string; title?: string; bulletinId?: number }> {
    if (input.bulletinId !== undefined) {
      const b = await ctx.bulletins.get(input.bulletinId);
      if (b.status !== 'approved') throw new LpError('LP_ERR_BULLETIN_NOT_APPROVED', `bản tin số ${b.id} "${b.title}"`);
      return { text: b.text, title: input.title ?? b.title, bulletinId: b.id };
    }
    if (!input.text) throw new LpError('LP_ERR_BAD_REQUEST', 'text: cần nội dung bản tin (hoặc chọn một bản tin đã duyệt)');
    if (input.priority !== 'khan-cap' && !roleAtLeast(role, 'approver')) {
      throw new LpError('LP_ERR_AIR_NOW_NOT_APPROVED', `mức ${PRIORITY_LABELS[input.priority]}, vai trò của bạn: vận hành`);
    }
    return { text: input.text, title: input.title };
  }

  app.post('/api/air-now', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const parsed = parseInput(airNowSchema, req.body);
    const what = await content(parsed, a.role);
    const input = { ...parsed, ...what };
    // A browser must pass through the confirmation page; API clients (the CLI) confirm by calling.
    if (isFormPost(req) && (req.body as Record<string, unknown>).confirmed !== '1') {
      throw new LpError('LP_ERR_BAD_REQUEST', 'chưa xác nhận phát');
    }
    for (const c of input.channels ?? []) {
      if (!channels.some((x) => x.id === c)) throw new LpError('LP_ERR_CHANNEL_UNKNOWN', c);
    }
    const { bulletinId, ...request } = input;
    const result = await ctx.station.airNow({ ...request, requestedBy: a.username });
    await ctx.audit.record({
      at: ctx.now(), actor: a.username, action: 'air-now', subject: input.title ?? input.text.slice(0, 60),
      detail: { priority: input.priority, repeat: input.repeat, intervalMinutes: input.intervalMinutes, channels: input.channels ?? 'all', keys: result.keys, bulletinId: bulletinId ?? null },
    });
    return respond(req, reply, result, '/', `Đã đưa vào phát ngay: ${input.title ?? 'bản tin'} (${PRIORITY_LABELS[input.priority]}, ${input.repeat} lần)`);
  });

  app.get('/phat-khan-cap', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const approver = roleAtLeast(a.role, 'approver');
    const approved = await ctx.bulletins.list({ status: 'approved' });
    const body = html`<form method="post" action="/phat-khan-cap/xac-nhan" class="card">${csrfField(a)}
      <p class="warn">Bản tin sẽ được phát ngay, ngắt bản tin thường đang phát. Bản tin khẩn cấp được phát cả trong giờ yên tĩnh.</p>
      <p class="muted">${approver
        ? 'Bạn có quyền duyệt tin: được phát ngay mọi nội dung ở mọi mức.'
        : 'Nội dung gõ tại đây chỉ phát được ở mức khẩn cấp. Ở mức thông thường hoặc ưu tiên, hãy chọn một bản tin đã duyệt.'}</p>
      ${approved.length ? html`<label for="b">Bản tin đã duyệt (chọn thì phát đúng nội dung đã duyệt)</label><select id="b" name="bulletinId">
        <option value="">— gõ nội dung bên dưới —</option>${approved.map((b) => html`<option value="${b.id}">${b.id} — ${b.title}</option>`)}</select>` : ''}
      <label for="t">Tiêu đề</label><input type="text" id="t" name="title" maxlength="200" class="wide">
      <label for="x">Nội dung</label><textarea id="x" name="text"></textarea>
      <div class="filters">
        <div><label for="p">Mức ưu tiên</label><select id="p" name="priority">
          ${[...PRIORITIES].reverse().map((p) => html`<option value="${p}">${PRIORITY_LABELS[p]}</option>`)}</select></div>
        <div><label for="r">Số lần phát</label><input type="number" id="r" name="repeat" value="1" min="1" max="20"></div>
        <div><label for="i">Cách nhau (phút)</label><input type="number" id="i" name="intervalMinutes" value="0" min="0" max="1440"></div>
      </div>
      <label>Kênh phát (không chọn = tất cả)</label>
      ${channels.map((c) => html`<label class="check"><input type="checkbox" name="channels" value="${c.id}"> ${c.name}</label>`)}
      <label class="check"><input type="checkbox" name="force"> Vẫn phát nếu văn bản có dấu hiệu lỗi OCR</label>
      <p><button type="submit">Tiếp tục…</button></p></form>`;
    return sendPage(ctx, req, reply, { title: 'Phát khẩn cấp', active: '/phat-khan-cap' }, body);
  });

  app.post('/phat-khan-cap/xac-nhan', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const parsed = parseInput(airNowSchema, req.body);
    // Refused here already, before the confirmation is asked for.
    const input = { ...parsed, ...(await content(parsed, a.role)) };
    const names = (input.channels ?? channels.map((c) => c.id)).map((id) => channels.find((c) => c.id === id)?.name ?? id);
    const body = html`<form method="post" action="/api/air-now" class="card">${csrfField(a)}
      <input type="hidden" name="confirmed" value="1">
      <input type="hidden" name="text" value="${input.bulletinId ? '' : input.text}"><input type="hidden" name="title" value="${input.title ?? ''}">
      ${input.bulletinId ? html`<input type="hidden" name="bulletinId" value="${input.bulletinId}">` : ''}
      <input type="hidden" name="priority" value="${input.priority}"><input type="hidden" name="repeat" value="${input.repeat}">
      <input type="hidden" name="intervalMinutes" value="${input.intervalMinutes}">
      ${(input.channels ?? []).map((c) => html`<input type="hidden" name="channels" value="${c}">`)}
      ${input.force ? html`<input type="hidden" name="force" value="on">` : ''}
      <h2>Xác nhận phát ngay?</h2>
      <p>Tiêu đề: <strong>${input.title ?? '(không có)'}</strong> ${priorityBadge(input.priority)}</p>
      <p>Phát ${input.repeat} lần${input.repeat > 1 ? `, cách nhau ${input.intervalMinutes} phút` : ''} trên: ${names.join(', ')}</p>
      <p data-testid="ready-in">${readyIn(input.text)}</p>
      <pre class="card wrap">${input.text}</pre>
      <p><button type="submit" class="danger">Xác nhận phát ngay</button> <a class="button secondary" href="/phat-khan-cap">Hủy</a></p></form>`;
    return sendPage(ctx, req, reply, { title: 'Xác nhận phát khẩn cấp', active: '/phat-khan-cap' }, body);
  });
}
