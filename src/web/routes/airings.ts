/**
 * Nhật ký phát: the airing log with filters, as a page, JSON and CSV. The page and the JSON answer
 * one page at a time (keyset cursor `after`; the JSON's next page is in a `Link: …; rel="next"`
 * header), so a city's month answers as fast as a quiet week; the CSV streams every matching row.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AiringQuery, AiringRow, AiringStore } from '../../airing/index.js';
import { AIRING_STATUS_LABELS, AIRING_STATUSES, PRIORITY_LABELS } from '../../domain.js';
import { CSV_BOM, csvLine } from '../../reports/index.js';
import { channelLabel, parseInput, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { formatDateTime, formatDuration, formatLocalDate, requireInstant } from '../../time/index.js';

const querySchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  status: z.union([z.enum(AIRING_STATUSES), z.literal('')]).optional(),
  campaign: z.string().optional(),
  channel: z.string().optional(),
  /** A hub: one ward's rows. */
  ward: z.string().max(100).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  /** Rows per page (JSON). */
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  /** The cursor of the next page, from the previous page. */
  after: z.string().max(200).optional(),
});

/** Rows per screen on the log page. */
const PAGE_ROWS = 100;
/** The page counts its rows up to this many, then says "more than". */
const COUNT_UP_TO = 10_000;

/** Bounds are a local day (YYYY-MM-DD; as `to` the whole day is included) or a date-time. */
function toQuery(q: Omit<z.infer<typeof querySchema>, 'format' | 'limit'>, tz: string): AiringQuery {
  return {
    from: q.from ? new Date(requireInstant(q.from, tz)) : undefined,
    to: q.to ? new Date(requireInstant(q.to, tz, { endOfDay: true })) : undefined,
    status: q.status || undefined,
    campaign: q.campaign?.trim() || undefined,
    channelId: q.channel || undefined,
    ward: q.ward || undefined,
  };
}

/** A row's ward as a hub's people know it: the ward's name, or the hub's own for its own rows. */
function wardLabel(ctx: WebContext, r: AiringRow): string {
  return r.ward === null ? ctx.config.ward.name : ctx.config.wards.find((w) => w.id === r.ward)?.name ?? r.ward;
}

const CSV_HEAD = ['Mã', 'Kênh', 'Giờ theo lịch', 'Bắt đầu', 'Kết thúc', 'Thời lượng (giây)', 'Bản tin', 'Chiến dịch', 'Mức ưu tiên', 'Trạng thái', 'Lý do', 'Máy phát'];

/**
 * The table as CSV for Excel (the report's CSV layer: BOM, CRLF, formula-safe cells), streamed from
 * the store a page at a time, so exporting a month of a city holds one page in memory, not the month.
 */
function airingsCsv(airings: AiringStore, q: AiringQuery, tz: string, ward: ((r: AiringRow) => string) | null): Readable {
  async function* lines(): AsyncIterable<string> {
    yield CSV_BOM + csvLine([...CSV_HEAD, ...(ward ? ['Phường/xã'] : [])]);
    let chunk = '';
    for await (const r of airings.stream(q)) {
      chunk += csvLine([
        r.id, r.channelId, formatDateTime(r.scheduledAt, tz), r.startedAt ? formatDateTime(r.startedAt, tz) : '', r.endedAt ? formatDateTime(r.endedAt, tz) : '',
        r.durationSec ?? '', r.title, r.campaign ?? '', PRIORITY_LABELS[r.priority], AIRING_STATUS_LABELS[r.status], r.reason ?? '', r.transmitter ?? '',
        ...(ward ? [ward(r)] : []),
      ]);
      if (chunk.length > 64 * 1024) (yield chunk, (chunk = ''));
    }
    if (chunk) yield chunk;
  }
  return Readable.from(lines());
}

/** The same filters as `q`, on another page (the first one without `after`). */
function pageUrl(path: string, q: Record<string, string | number | undefined>, after?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  if (after) params.set('after', after);
  return `${path}?${params.toString()}`;
}

export function registerAiringRoutes(app: FastifyInstance, ctx: WebContext): void {
  const tz = ctx.config.timezone;
  // A hub's log holds its wards' rows too: they get a ward column and filter.
  const hub = ctx.config.wards.length > 0;

  app.get('/api/airings', { config: { access: 'viewer' } }, async (req, reply) => {
    const q = parseInput(querySchema, req.query);
    const query = toQuery(q, tz);
    if (q.format === 'csv') {
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="nhat-ky-phat-${formatLocalDate(ctx.now(), tz)}.csv"`)
        .send(airingsCsv(ctx.airings, query, tz, hub ? (r) => wardLabel(ctx, r) : null));
    }
    const page = await ctx.airings.page({ ...query, limit: q.limit, after: q.after });
    if (page.next) {
      const { after: _after, format: _format, ...filters } = q;
      reply.header('link', `<${pageUrl('/api/airings', filters, page.next)}>; rel="next"`);
    }
    return page.rows;
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
    const q = { ...raw, from: raw.from ?? formatLocalDate(new Date(now.getTime() - 6 * 86400_000), tz), to: raw.to ?? formatLocalDate(now, tz) };
    const query = toQuery(q, tz);
    // The campaigns of the period, whatever the other filters, to pick from (the match is exact).
    const [page, total, campaigns] = await Promise.all([
      ctx.airings.page({ ...query, limit: PAGE_ROWS, after: q.after }),
      ctx.airings.count(query, { atMost: COUNT_UP_TO }),
      ctx.airings.campaigns({ from: query.from, to: query.to }),
    ]);
    const rows = page.rows;
    const shown = { from: q.from, to: q.to, status: q.status, campaign: query.campaign, channel: query.channelId, ward: query.ward };
    const next = page.next ? pageUrl('/nhat-ky', shown, page.next) : null;
    // The export is the table on screen: the same filters, nothing dropped.
    const params = new URLSearchParams({ from: q.from, to: q.to });
    for (const [k, v] of [['status', q.status], ['campaign', query.campaign], ['channel', query.channelId], ['ward', query.ward]] as const) if (v) params.set(k, v);
    params.set('format', 'csv');
    const body = html`<form method="get" action="/nhat-ky" class="card filters">
        ${query.channelId ? html`<input type="hidden" name="channel" value="${query.channelId}">` : ''}
        <div><label for="f">Từ ngày</label><input type="date" id="f" name="from" value="${q.from}"></div>
        <div><label for="t">Đến ngày</label><input type="date" id="t" name="to" value="${q.to}"></div>
        <div><label for="c">Chiến dịch</label><input type="text" id="c" name="campaign" value="${q.campaign ?? ''}" list="campaigns" size="30">
          <datalist id="campaigns">${campaigns.map((c) => html`<option value="${c}">`)}</datalist></div>
        <div><label for="s">Trạng thái</label><select id="s" name="status"><option value="">Tất cả</option>
          ${AIRING_STATUSES.map((s) => html`<option value="${s}"${q.status === s ? html` selected` : ''}>${AIRING_STATUS_LABELS[s]}</option>`)}</select></div>
        ${hub ? html`<div><label for="w">Phường/xã</label><select id="w" name="ward"><option value="">Tất cả</option>
          ${ctx.config.wards.map((w) => html`<option value="${w.id}"${query.ward === w.id ? html` selected` : ''}>${w.name}</option>`)}</select></div>` : ''}
        <div><button type="submit">Lọc</button> <a class="button secondary" href="/api/airings?${params.toString()}" download data-testid="csv">Xuất CSV</a>
          <a href="/nhat-ky">Bỏ lọc</a></div>
      </form>
      <p class="muted">${total > COUNT_UP_TO ? `Hơn ${COUNT_UP_TO.toLocaleString('vi-VN')}` : total} lượt phát${total > rows.length ? ` · trang này ${rows.length} lượt` : ''}</p>
      <div class="scroll"><table><thead><tr>${hub ? html`<th>Phường/xã</th>` : ''}<th>Giờ theo lịch</th><th>Bắt đầu</th><th>Bản tin</th><th>Chiến dịch</th><th>Mức</th><th>Kênh</th><th>Thời lượng</th><th>Trạng thái</th></tr></thead><tbody>
      ${rows.map((r) => html`<tr>${hub ? html`<td>${wardLabel(ctx, r)}</td>` : ''}<td class="nowrap">${formatDateTime(r.scheduledAt, tz)}</td><td class="nowrap">${r.startedAt ? startedText(r.scheduledAt, r.startedAt) : ''}</td>
        <td>${r.title}</td><td>${r.campaign ?? ''}</td><td>${PRIORITY_LABELS[r.priority]}</td><td>${channelLabel(ctx.config, r.channelId)}</td>
        <td>${r.durationSec != null ? formatDuration(r.durationSec) : ''}</td>
        <td class="st-${r.status}">${AIRING_STATUS_LABELS[r.status]}${r.reason ? html`<br><span class="muted">${r.reason}</span>` : ''}</td></tr>`)}
      </tbody></table></div>
      ${q.after || next ? html`<p class="pager">${q.after ? html`<a href="${pageUrl('/nhat-ky', shown)}">← Trang đầu</a> ` : ''}
        ${next ? html`<a class="button secondary" href="${next}" data-testid="next-page">Trang sau →</a>` : ''}</p>` : ''}`;
    return sendPage(ctx, req, reply, { title: 'Nhật ký phát', active: '/nhat-ky' }, body);
  });
}
