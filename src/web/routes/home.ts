/** Trang chủ: what is on air, what comes next, the state of stream and transmitter, warnings. */
import type { FastifyInstance } from 'fastify';
import { AIRING_STATUS_LABELS, PRIORITY_LABELS } from '../../domain.js';
import type { ChannelState, StationStatus } from '../../station/api.js';
import { channelLabel, sendPage, type WebContext } from '../context.js';
import { html, type Html } from '../html.js';
import { priorityBadge } from '../layout.js';
import { wardsCard } from './hub.js';
import { formatDateTime, formatDuration, formatTime } from '../../time/index.js';

const STREAM_LABELS: Record<ChannelState['stream'], string> = { up: 'Đang phát lên Icecast', connecting: 'Đang kết nối', down: 'Mất kết nối' };
const TX_LABELS: Record<ChannelState['transmitter']['state'], string> = { on: 'Đang bật', off: 'Đang tắt', error: 'Lỗi' };
/** How the transmitter is keyed, in the officer's words (the profile kinds of hardware/*.yaml). */
const TX_KINDS: Record<string, string> = { none: 'không điều khiển', 'http-relay': 'rơ-le Wi-Fi', command: 'lệnh điều khiển' };

/**
 * Warnings that need someone now — the mount taken by a foreign source, the log not being written,
 * a stream down, dead air, a relay whose upstream failed — are alarms: shown first, above the
 * channels, and announced to screen readers.
 */
const ALARM_CODES = new Set(['LP_ERR_MOUNT_TAKEN', 'LP_ERR_STORE_FAILED', 'LP_ERR_STORE_DISK_FULL', 'LP_ERR_STREAM_DOWN', 'LP_ERR_DEAD_AIR', 'LP_ERR_RELAY_UPSTREAM']);

const warningLine = (w: StationStatus['warnings'][number]): Html =>
  html`<strong>${w.code}</strong> : ${w.message}${w.subject ? html` <span class="muted">(${w.subject})</span>` : ''}`;

/** The live panel; also served alone so the page can refresh it without touching the player. */
function livePanel(s: StationStatus, now: Date, tz: string): Html {
  const channelName = (id: string): string => s.channels.find((c) => c.id === id)?.name ?? id;
  const alarms = s.warnings.filter((w) => ALARM_CODES.has(w.code));
  const others = s.warnings.filter((w) => !ALARM_CODES.has(w.code));
  return html`${alarms.length
      ? html`<section class="card" role="alert"><h2>Báo động</h2>${alarms.map((w) => html`<p class="warn st-error">${warningLine(w)}</p>`)}</section>`
      : ''}${s.channels.map((c) => html`<section class="card" data-channel="${c.id}"><h2>${c.name} <span class="muted">(${c.mount})</span></h2>
    ${c.onAir
      ? html`<p class="onair"><span class="dot" aria-hidden="true"></span>Đang phát: <strong>${c.onAir.title}</strong> ${priorityBadge(c.onAir.priority)}</p>
        <p>${c.onAir.campaign ? html`Chiến dịch: ${c.onAir.campaign} · ` : ''}Bắt đầu ${formatTime(c.onAir.startedAt, tz)} ·
        đã phát <span data-since="${c.onAir.startedAt}" data-now="${now.toISOString()}">${formatDuration((now.getTime() - Date.parse(c.onAir.startedAt)) / 1000)}</span></p>`
      : html`<p class="onair muted">Không có bản tin đang phát</p>`}
    <p>Luồng phát: <strong class="st-${c.stream}">${STREAM_LABELS[c.stream]}</strong> ·
      Máy phát (${TX_KINDS[c.transmitter.kind] ?? c.transmitter.kind}): <strong class="st-${c.transmitter.state}">${TX_LABELS[c.transmitter.state]}</strong>
      ${c.transmitter.lastError ? html`<span class="st-error">— ${c.transmitter.lastError}</span>` : ''}</p></section>`)}
    <section class="card"><h2>Sắp phát</h2>${s.next.length
      ? html`<table><thead><tr><th>Giờ phát</th><th>Bản tin</th><th>Mức ưu tiên</th><th>Kênh</th><th>Âm thanh</th></tr></thead><tbody>
        ${s.next.map((n) => html`<tr><td>${formatDateTime(n.startAt, tz)}</td><td>${n.title}${n.campaign ? html`<br><span class="muted">${n.campaign}</span>` : ''}</td>
          <td>${priorityBadge(n.priority)}</td><td>${channelName(n.channelId)}</td>
          <td>${n.render === 'ready' ? 'Sẵn sàng' : n.render === 'pending' ? 'Chờ chuẩn bị' : html`<span class="st-error">Lỗi: ${n.renderError ?? ''}</span>`}</td></tr>`)}
        </tbody></table>`
      : html`<p class="muted">Chưa có lượt phát nào sắp tới</p>`}</section>
    <section class="card"><h2>Cảnh báo</h2>${others.length
      ? others.map((w) => html`<p class="warn">${warningLine(w)}</p>`)
      : html`<p class="muted">Không có cảnh báo</p>`}</section>`;
}

export function registerHomeRoutes(app: FastifyInstance, ctx: WebContext): void {
  const tz = ctx.config.timezone;

  app.get('/api/status', { config: { access: 'viewer' } }, async () => ctx.station.status());

  app.get('/_/truc-tiep', { config: { access: 'viewer' } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(livePanel(ctx.station.status(), ctx.now(), tz).value));

  app.get('/', { config: { access: 'viewer' } }, async (req, reply) => {
    const s = ctx.station.status();
    const now = ctx.now();
    const { rows: recent } = await ctx.airings.page({ from: new Date(now.getTime() - 7 * 86400_000), limit: 10, order: 'desc' });
    const body = html`<div class="card"><h2>Nghe thử</h2>${s.channels.map((c) => html`<p>${c.name}:
        <audio controls preload="none" src="${c.listenUrl}"></audio></p>`)}</div>
      ${ctx.hub ? wardsCard(await ctx.hub.overview(), tz) : ''}
      <div id="live">${livePanel(s, now, tz)}</div>
      <section class="card"><h2>Lượt phát gần đây</h2>${recent.length
        ? html`<table><thead><tr><th>Lúc</th><th>Bản tin</th><th>Mức</th><th>Kênh</th><th>Thời lượng</th><th>Trạng thái</th></tr></thead><tbody>
          ${recent.map((r) => html`<tr><td class="nowrap">${formatDateTime(r.startedAt ?? r.scheduledAt, tz)}</td><td>${r.title}</td><td>${PRIORITY_LABELS[r.priority]}</td>
            <td>${channelLabel(ctx.config, r.channelId)}</td><td>${r.durationSec != null ? formatDuration(r.durationSec) : ''}</td>
            <td class="st-${r.status}">${AIRING_STATUS_LABELS[r.status]}</td></tr>`)}</tbody></table>
          <p><a href="/nhat-ky">Xem toàn bộ nhật ký phát →</a></p>`
        : html`<p class="muted">Chưa có lượt phát nào trong 7 ngày qua</p>`}</section>`;
    return sendPage(ctx, req, reply, { title: 'Trang chủ', active: '/' }, body);
  });
}
