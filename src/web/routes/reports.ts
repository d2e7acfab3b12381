/** Báo cáo: the monthly report of airings, previewed as a page and downloaded as CSV, XLSX or PDF. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  buildMonthlyReport, describeCounts, parseReportFormat, REPORT_CONTENT_TYPES, REPORT_FORMATS, reportFileName, streamReport, summarizeMonth,
  type MonthlyReportOptions,
} from '../../reports/index.js';
import { parseInput, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { formatMonth, localTimeOf, monthRange } from '../../time/index.js';

const querySchema = z.object({ month: z.string().optional(), format: z.string().optional() });

export function registerReportRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { config } = ctx;
  const channelNames = Object.fromEntries(config.channels.map((c) => [c.id, c.name]));
  // A hub (its config lists wards): the report says which ward aired what, and sums each ward.
  const wardNames = config.wards.length ? Object.fromEntries(config.wards.map((w) => [w.id, w.name])) : undefined;

  const optionsFor = (month: string): MonthlyReportOptions => ({ month, ward: config.ward.name, place: config.ward.place, timezone: config.timezone, now: ctx.now(), channelNames, wardNames });
  /** The month's rows in the log's order (time, then id), streamed a page at a time. */
  const rowsOf = (month: string) => {
    const { from, to } = monthRange(month, config.timezone);
    return ctx.airings.stream({ from, to });
  };

  app.get('/api/reports/monthly', { config: { access: 'viewer' } }, async (req, reply) => {
    const q = parseInput(querySchema, req.query);
    const month = q.month ?? '';
    if (!q.format || q.format === 'json') {
      const { from, to } = monthRange(month, config.timezone);
      return buildMonthlyReport(await ctx.airings.list({ from, to }), optionsFor(month));
    }
    const format = parseReportFormat(q.format);
    // A bad month is a coded 4xx here, before any byte is sent.
    const report = streamReport(rowsOf(month), optionsFor(month), format);
    return reply.type(REPORT_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${reportFileName(report.header, format)}"`)
      .send(Readable.from(report.chunks));
  });

  app.get('/bao-cao', { config: { access: 'viewer' } }, async (req, reply) => {
    const q = parseInput(querySchema, req.query);
    const month = q.month || formatMonth(localTimeOf(ctx.now(), config.timezone));
    const r = await summarizeMonth(rowsOf(month), optionsFor(month));
    const body = html`<form method="get" action="/bao-cao" class="card filters">
        <div><label for="m">Tháng</label><input type="month" id="m" name="month" value="${month}"></div>
        <div><button type="submit">Xem</button></div>
        <div>Tải về: ${REPORT_FORMATS.map((f) => html` <a class="button secondary" href="/api/reports/monthly?month=${month}&amp;format=${f}" download>${f.toUpperCase()}</a>`)}</div>
      </form>
      <section class="card"><h2>Báo cáo kết quả tuyên truyền ${r.monthLabel} — ${r.ward}</h2>
        ${r.complete ? '' : html`<p class="warn">Tháng chưa kết thúc: số liệu tính đến thời điểm hiện tại.</p>`}
        <p>Tổng cộng <strong>${r.totals.airings}</strong> lượt phát, <strong>${r.totals.minutes}</strong> phút,
          ${r.totals.campaigns} chiến dịch, ${r.totals.bulletins} bản tin. ${describeCounts(r.totals.counts)}</p>
        <table><thead><tr><th>Chiến dịch</th><th>Bản tin</th><th>Số lượt</th><th>Số phút</th><th>Ngày giờ phát</th><th>Kết quả</th>${r.byWard.length ? html`<th>Phường/xã</th>` : ''}<th>Kênh</th><th>Máy phát</th></tr></thead><tbody>
        ${r.groups.map((g) => html`<tr><td>${g.campaign}</td><td>${g.title}</td><td>${g.airings}</td><td>${g.minutes}</td><td>${g.times}</td>
          <td>${describeCounts(g.counts)}</td>${r.byWard.length ? html`<td>${g.wards.join(', ')}</td>` : ''}<td>${g.channels.join(', ')}</td><td>${g.transmitters.join(', ')}</td></tr>`)}
        </tbody></table>
        ${r.byWard.length ? html`<h2>Theo phường/xã</h2><table data-testid="by-ward"><thead><tr><th>Phường/xã</th><th>Số lượt</th><th>Số phút</th><th>Số bản tin</th><th>Kết quả</th></tr></thead><tbody>
          ${r.byWard.map((w) => html`<tr><td>${w.ward}</td><td>${w.airings}</td><td>${w.minutes}</td><td>${w.bulletins}</td><td>${describeCounts(w.counts)}</td></tr>`)}</tbody></table>` : ''}
        <p class="right"><em>${r.dateLine}</em></p></section>`;
    return sendPage(ctx, req, reply, { title: 'Báo cáo', active: '/bao-cao' }, body);
  });
}
