/** Nhật ký phát: the airing log with filters, as a page, JSON and CSV. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AiringQuery, AiringRow } from '../../airing/index.js';
import { AIRING_STATUS_LABELS, AIRING_STATUSES, PRIORITY_LABELS } from '../../domain.js';
import { LpError } from '../../errors.js';
import { csvDocument } from '../../reports/index.js';
import { channelLabel, parseInput, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { formatDateTime, formatDuration, localDate, parseDay, zonedTime } from '../time.js';

const querySchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  status: z.union([z.enum(AIRING_STATUSES), z.literal('')]).optional(),
  campaign: z.string().optional(),
  channel: z.string().optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * A day (YYYY-MM-DD, local) or an ISO instant. A day as `to` includes the whole day.
 */
function parseBound(s: string, tz: string, end: boolean): Date {
  const day = parseDay(s);
  if (day) {
    const t = zonedTime(day.y, day.m, day.d, tz);
    return end ? zonedTime(day.y, day.m, day.d + 1, tz) : t;
  }
  const t = /^\d{4}-\d{2}-\d{2}T/.test(s) ? new Date(s) : new Date(NaN);
  if (Number.isNaN(t.getTime())) throw new LpError('LP_ERR_DATE_INVALID', s);
  return t;
}

function toQuery(q: z.infer<typeof querySchema>, tz: string): AiringQuery {
  return {
    from: q.from ? parseBound(q.from, tz, false) : undefined,
    to: q.to ? parseBound(q.to, tz, true) : undefined,
    status: q.status || undefined,
    campaign: q.campaign?.trim() || undefined,
    channelId: q.channel || undefined,
  };
}

/** The table as CSV for Excel (the report's CSV layer: BOM, CRLF, formula-safe cells). */
function airingsCsv(rows: readonly AiringRow[], tz: string): string {
  const head = ['Mã', 'Kênh', 'Giờ theo lịch', 'Bắt đầu', 'Kết thúc', 'Thời lượng (giây)', 'Bản tin', 'Chiến dịch', 'Mức ưu tiên', 'Trạng thái', 'Lý do', 'Máy phát'];
  return csvDocument([head, ...rows.map((r) => [
    r.id, r.channelId, formatDateTime(r.scheduledAt, tz), r.startedAt ? formatDateTime(r.startedAt, tz) : '', r.endedAt ? formatDateTime(r.endedAt, tz) : '',
    r.durationSec ?? '', r.title, r.campaign ?? '', PRIORITY_LABELS[r.priority], AIRING_STATUS_LABELS[r.status], r.reason ?? '', r.transmitter ?? '',
  ])]);
}

export function registerAiringRoutes(app: FastifyInstance, ctx: WebContext): void {
  const tz = ctx.config.timezone;

  app.get('/api/airings', { config: { access: 'viewer' } }, async (req, reply) => {
    const q = parseInput(querySchema, req.query);
    const rows = ctx.airings.list(toQuery(q, tz));
    if (q.format === 'csv') {
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="nhat-ky-phat-${localDate(ctx.now(), tz)}.csv"`)
        .send(airingsCsv(rows, tz));
    }
    return rows;
  });

  /** The start, without the date when it is the scheduled day (the usual case). */
  const startedText = (scheduledAt: string, startedAt: string): string => {
    const s = formatDateTime(startedAt, tz);
    const day = formatDateTime(scheduledAt, tz).split(' ')[0];
    return s.startsWith(day + ' ') ? s.slice(day.length + 1) : s;
  };

  app.get('/nhat-ky', { config: { access: 'viewer' } }, async (req, reply) => {
    const raw = parseInput(querySchema, req.query);
    const now = ctx.now();
    const q = { ...raw, from: raw.from ?? localDate(new Date(now.getTime() - 6 * 86400_000), tz), to: raw.to ?? localDate(now, tz) };
    const query = toQuery(q, tz);
    const rows = ctx.airings.list(query);
    // The campaigns of the period, whatever the other filters, to pick from (the match is exact).
    const campaigns = [...new Set(ctx.airings.list({ from: query.from, to: query.to }).map((r) => r.campaign).filter((c): c is string => !!c))].sort();
    // The export is the table on screen: the same filters, nothing dropped.
    const params = new URLSearchParams({ from: q.from, to: q.to });
    for (const [k, v] of [['status', q.status], ['campaign', query.campaign], ['channel', query.channelId]] as const) if (v) params.set(k, v);
    params.set('format', 'csv');
    const body = html`<form method="get" action="/nhat-ky" class="card filters">
        ${query.channelId ? html`<input type="hidden" name="channel" value="${query.channelId}">` : ''}
        <div><label for="f">Từ ngày</label><input type="date" id="f" name="from" value="${q.from}"></div>
        <div><label for="t">Đến ngày</label><input type="date" id="t" name="to" value="${q.to}"></div>
        <div><label for="c">Chiến dịch</label><input type="text" id="c" name="campaign" value="${q.campaign ?? ''}" list="campaigns" size="30">
          <datalist id="campaigns">${campaigns.map((c) => html`<option value="${c}">`)}</datalist></div>
        <div><label for="s">Trạng thái</label><select id="s" name="status"><option value="">Tất cả</option>
          ${AIRING_STATUSES.map((s) => html`<option value="${s}"${q.status === s ? html` selected` : ''}>${AIRING_STATUS_LABELS[s]}</option>`)}</select></div>
        <div><button type="submit">Lọc</button> <a class="button secondary" href="/api/airings?${params.toString()}" download data-testid="csv">Xuất CSV</a>
          <a href="/nhat-ky">Bỏ lọc</a></div>
      </form>
      <p class="muted">${rows.length} lượt phát</p>
      <div class="scroll"><table><thead><tr><th>Giờ theo lịch</th><th>Bắt đầu</th><th>Bản tin</th><th>Chiến dịch</th><th>Mức</th><th>Kênh</th><th>Thời lượng</th><th>Trạng thái</th></tr></thead><tbody>
      ${rows.map((r) => html`<tr><td class="nowrap">${formatDateTime(r.scheduledAt, tz)}</td><td class="nowrap">${r.startedAt ? startedText(r.scheduledAt, r.startedAt) : ''}</td>
        <td>${r.title}</td><td>${r.campaign ?? ''}</td><td>${PRIORITY_LABELS[r.priority]}</td><td>${channelLabel(ctx.config, r.channelId)}</td>
        <td>${r.durationSec != null ? formatDuration(r.durationSec) : ''}</td>
        <td class="st-${r.status}">${AIRING_STATUS_LABELS[r.status]}${r.reason ? html`<br><span class="muted">${r.reason}</span>` : ''}</td></tr>`)}
      </tbody></table></div>`;
    return sendPage(ctx, req, reply, { title: 'Nhật ký phát', active: '/nhat-ky' }, body);
  });
}
