/**
 * A hub's routes. For its wards, the protocol of docs/hub-api.yaml under /hub/v1 (access `ward`:
 * the key names the ward, so a ward can only ever read its own deliveries and report its own
 * airings). For its people: send a bulletin down (`POST /api/hub/send`, the same for the web form
 * and `loaphuong send`), the wards page (online or not, last report, channels) and the sent list
 * with what each ward did with each bulletin.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decodeDocument } from '../../documents/index.js';
import { PRIORITIES, PRIORITY_LABELS } from '../../domain.js';
import { LpError } from '../../errors.js';
import type { Hub, HubWard, SentOverview, WardOverview } from '../../hub/hub.js';
import { airingsReportSchema, DELIVERY_STATE_LABELS, HUB_PATH, MAX_WAIT_SECONDS, stateReportSchema, statusReportSchema, type PollAnswer } from '../../hub/protocol.js';
import { formatDateTime, requireInstant } from '../../time/index.js';
import { actorOf, parseInput, respond, sendPage, type WebContext } from '../context.js';
import { html, type Html } from '../html.js';
import { csrfField, priorityBadge } from '../layout.js';

const upload = z.object({ filename: z.string(), data: z.instanceof(Buffer) });
/** Form checkboxes send one string or several, JSON an array; "a,b" is read as two. */
const wardList = z.preprocess((v) => {
  if (v === undefined || v === '') return undefined;
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
}, z.array(z.string().min(1)).optional());

export const sendSchema = z.object({
  text: z.string().max(100_000).optional(),
  file: upload.optional(),
  title: z.string().trim().max(200).optional(),
  priority: z.enum(PRIORITIES),
  to: wardList,
  /** Local date-time ("2026-11-25T17:00", the form's datetime-local) or ISO with an offset. */
  until: z.string().trim().max(40).optional(),
});

const pollQuery = z.object({ wait: z.coerce.number().min(0).max(MAX_WAIT_SECONDS).default(25) });
const deliveryParam = z.object({ id: z.string().min(1).max(80) });
const sentQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().positive().optional() });

const ONLINE_LABEL = (w: WardOverview): Html =>
  w.online ? html`<strong class="st-up">Trực tuyến</strong>` : html`<strong class="st-down">Mất liên lạc</strong>`;

/** The hub's wards at a glance, for the home page: those out of touch first, they need someone. */
export function wardsCard(all: readonly WardOverview[], tz: string): Html {
  const online = all.filter((w) => w.online).length;
  const wards = [...all].sort((a, b) => Number(a.online) - Number(b.online));
  return html`<section class="card" data-testid="wards"><h2>Phường/xã: ${online}/${wards.length} trực tuyến</h2>
    <table><thead><tr><th>Phường/xã</th><th>Kết nối</th><th>Báo cáo lần cuối</th><th>Kênh</th></tr></thead><tbody>
    ${wards.map((w) => html`<tr data-ward="${w.id}"><td><a href="/nhat-ky?ward=${w.id}">${w.name}</a></td><td>${ONLINE_LABEL(w)}</td>
      <td>${w.lastReportAt ? formatDateTime(w.lastReportAt, tz) : html`<span class="muted">chưa báo cáo</span>`}</td>
      <td>${w.status ? w.status.channels.map((c) => html`${c.name}: <span class="st-${c.stream}">${c.stream === 'up' ? 'đang phát lên' : c.stream === 'down' ? 'mất luồng' : 'đang kết nối'}</span>${c.onAir ? html` · <strong>${c.onAir.title}</strong>` : ''}<br>`) : ''}</td></tr>`)}
    </tbody></table><p><a href="/phuong-xa">Chi tiết các phường/xã →</a></p></section>`;
}

function sentTable(sent: readonly SentOverview[], names: Record<string, string>, tz: string): Html {
  if (!sent.length) return html`<p class="muted">Chưa gửi bản tin nào xuống phường/xã.</p>`;
  return html`<table data-testid="sent"><thead><tr><th>Gửi lúc</th><th>Bản tin</th><th>Mức</th><th>Hạn phát</th><th>Các phường/xã</th></tr></thead><tbody>
    ${sent.map((b) => html`<tr><td class="nowrap">${formatDateTime(b.sentAt, tz)}<br><span class="muted">${b.sentBy}</span></td><td>${b.title}</td>
      <td>${priorityBadge(b.priority)}</td><td class="nowrap">${b.until ? formatDateTime(b.until, tz) : '—'}</td>
      <td>${b.deliveries.map((d) => html`<span data-delivery="${d.ward}">${names[d.ward] ?? d.ward}: <strong class="st-${d.shown}">${DELIVERY_STATE_LABELS[d.shown]}</strong>${d.stateBy ? ` (${d.stateBy})` : ''}${d.note ? html` <span class="muted">${d.note}</span>` : ''}</span><br>`)}</td></tr>`)}
    </tbody></table>`;
}

export function registerHubRoutes(app: FastifyInstance, ctx: WebContext): void {
  const tz = ctx.config.timezone;
  const hubOf = (): Hub => {
    if (!ctx.hub) throw new LpError('LP_ERR_HUB_NOT_CONFIGURED');
    return ctx.hub;
  };
  const wardOf = (req: FastifyRequest): HubWard => req.hubWard!;

  // --- the wards' protocol -------------------------------------------------------------------

  app.register(async (wards) => {
    wards.addHook('onRequest', async (req) => {
      req.hubWard = await hubOf().authenticate(req.headers.authorization, req.ip);
    });
    const ward = { config: { access: 'ward' as const } };

    wards.get(`${HUB_PATH}/deliveries`, ward, async (req, reply): Promise<PollAnswer> => {
      const { wait } = parseInput(pollQuery, req.query);
      // The ward hung up (or the station stops): let go of the wait at once.
      const gone = new AbortController();
      reply.raw.on('close', () => gone.abort());
      const w = wardOf(req);
      const deliveries = await hubOf().poll(w, wait * 1000, gone.signal);
      return { ward: { id: w.id, name: w.name }, deliveries };
    });

    wards.post(`${HUB_PATH}/deliveries/:id/state`, ward, async (req) => {
      const { id } = parseInput(deliveryParam, req.params);
      const r = await hubOf().report(wardOf(req), id, parseInput(stateReportSchema, req.body));
      return { id: r.id, state: r.state };
    });

    wards.post(`${HUB_PATH}/airings`, ward, async (req) => {
      const { airings } = parseInput(airingsReportSchema, req.body);
      return { stored: await hubOf().putAirings(wardOf(req), airings) };
    });

    wards.post(`${HUB_PATH}/status`, ward, async (req) => {
      await hubOf().putStatus(wardOf(req), parseInput(statusReportSchema, req.body));
      return { ok: true };
    });
  });

  // --- the hub's people ----------------------------------------------------------------------

  app.post('/api/hub/send', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const hub = hubOf();
    const input = parseInput(sendSchema, req.body);
    const file = input.file?.filename ? input.file : undefined;
    const text = file ? (await decodeDocument(file.data, file.filename)).text : (input.text ?? '');
    if (!text.trim()) throw new LpError('LP_ERR_INPUT_EMPTY', 'dán nội dung hoặc chọn một tệp');
    const until = input.until ? new Date(requireInstant(input.until, tz, { endOfDay: true, what: 'hạn phát (until)' })) : null;
    const title = input.title || file?.filename.replace(/\.[^.]+$/, '') || 'Thông báo';
    const r = await hub.send({ text, title, priority: input.priority, to: input.to, until, by: a.username });
    const { text: _sent, ...bulletin } = r.bulletin;
    const body = { bulletin, deliveries: r.deliveries.map((d) => ({ id: d.id, ward: d.ward, state: d.state })) };
    return respond(req, reply, body, '/gui-ban-tin', `Đã gửi "${title}" (${PRIORITY_LABELS[input.priority]}) xuống ${r.deliveries.length} phường/xã`);
  });

  app.get('/api/hub/wards', { config: { access: 'viewer' } }, async () => hubOf().overview());

  app.get('/api/hub/bulletins', { config: { access: 'viewer' } }, async (req) => hubOf().sent(parseInput(sentQuery, req.query)));

  app.get('/phuong-xa', { config: { access: 'viewer' } }, async (req, reply) => {
    const wards = await hubOf().overview();
    const body = html`${wardsCard(wards, tz)}
      ${wards.map((w) => html`<section class="card" data-ward="${w.id}"><h2>${w.name} <span class="muted">(${w.id})</span> · ${ONLINE_LABEL(w)}</h2>
        <p>Liên lạc lần cuối: ${w.lastSeenAt ? formatDateTime(w.lastSeenAt, tz, { seconds: true }) : 'chưa liên lạc'} ·
          Báo cáo lần cuối: ${w.lastReportAt ? formatDateTime(w.lastReportAt, tz, { seconds: true }) : 'chưa báo cáo'} ·
          <a href="/nhat-ky?ward=${w.id}">Nhật ký phát của phường</a></p>
        ${w.status ? html`<table><thead><tr><th>Kênh</th><th>Điểm phát</th><th>Luồng</th><th>Máy phát</th><th>Đang phát</th></tr></thead><tbody>
          ${w.status.channels.map((c) => html`<tr><td>${c.name}</td><td>${c.mount}</td><td class="st-${c.stream}">${c.stream}</td>
            <td class="st-${c.transmitter.state}">${c.transmitter.kind}: ${c.transmitter.state}${c.transmitter.lastError ? ` — ${c.transmitter.lastError}` : ''}</td>
            <td>${c.onAir ? html`${c.onAir.title} ${priorityBadge(c.onAir.priority)}` : ''}</td></tr>`)}</tbody></table>
          ${w.status.warnings.map((x) => html`<p class="warn"><strong>${x.code}</strong> : ${x.message}</p>`)}` : ''}</section>`)}`;
    return sendPage(ctx, req, reply, { title: 'Phường/xã', active: '/phuong-xa' }, body);
  });

  app.get('/gui-ban-tin', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const hub = hubOf();
    const sent = await hub.sent({ limit: 50 });
    const body = html`<form method="post" action="/api/hub/send" enctype="multipart/form-data" class="card">${csrfField(a)}
        <h2>Gửi bản tin xuống phường/xã</h2>
        <p class="muted">Văn bản được gửi đi; mỗi phường tự làm sạch, đọc bằng giọng và thiết bị của mình. Khẩn cấp: phát ngay. Ưu tiên: phát đầu buổi phát kế tiếp. Thông thường: phường duyệt rồi tự xếp lịch.</p>
        <div class="filters"><div><label for="st">Tiêu đề</label><input type="text" id="st" name="title" maxlength="200" size="40"></div>
          <div><label for="sp">Mức ưu tiên</label><select id="sp" name="priority">${PRIORITIES.map((p) => html`<option value="${p}">${PRIORITY_LABELS[p]}</option>`)}</select></div>
          <div><label for="su">Hạn phát (không phát sau)</label><input type="datetime-local" id="su" name="until"></div></div>
        <label>Gửi tới (không chọn = tất cả)</label>
        ${hub.wards.map((w) => html`<label class="check"><input type="checkbox" name="to" value="${w.id}"> ${w.name}</label>`)}
        <label for="sx">Nội dung</label><textarea id="sx" name="text"></textarea>
        <label for="sf">hoặc chọn tệp (.txt, .md, .docx, .pdf, ảnh chụp)</label><input type="file" id="sf" name="file" accept=".txt,.md,.docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff">
        <p><button type="submit" class="danger">Gửi xuống phường/xã</button></p></form>
      <section class="card"><h2>Đã gửi</h2>${sentTable(sent, hub.wardNames(), tz)}</section>`;
    return sendPage(ctx, req, reply, { title: 'Gửi bản tin xuống phường/xã', active: '/gui-ban-tin' }, body);
  });
}
