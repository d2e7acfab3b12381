/**
 * Lịch phát: the week's planned airings by priority, and slots written back to the schedule files.
 * Every write is validated with the same parser the station uses, written atomically (temp file +
 * rename) and followed by a reload of the running station. Only approved bulletins may be named;
 * a relay only on a server of `relay.hosts` (the admin's list in the config file, which no web
 * route writes). A write that breaks the locality's airtime rules is saved (the rules are the
 * officer's to keep, and some days have exceptions) and answered with the overruns.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { z } from 'zod';
import { PRIORITIES, PRIORITY_LABELS, type Priority } from '../../domain.js';
import { AudioLengths, audioPaths } from '../../audio/lengths.js';
import { LpError } from '../../errors.js';
import {
  checkAirtime, describeAirtimeRules, formatProblem, loadSchedules, parseScheduleText, planAirings, relayHostAllowed, type AirtimeViolation, type FileItem,
  type Schedule, type Slot,
} from '../../schedule/index.js';
import type { StationWarning } from '../../station/api.js';
import { roleAtLeast } from '../../store/users.js';
import { actorOf, channelLabel, parseInput, respond, sendPage, type WebContext } from '../context.js';
import { BULLETIN_DIR, bulletinPath, writeFileAtomic } from '../files.js';
import { html } from '../html.js';
import { csrfField, priorityBadge } from '../layout.js';
import {
  addDays, formatClock, formatDate, formatDateTime, formatIsoWithOffset, formatLocalDate, formatTime, instantOfWritten, localTimeOf, mondayOf, parseInstant,
  parseTimeOfDay, requireDate, startOfDay, WEEKDAYS_VI, type LocalDate,
} from '../../time/index.js';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.ya?ml$/;

const slotSchema = z.object({
  bulletinId: z.coerce.number().int().positive(),
  priority: z.enum(PRIORITIES).default('thuong'),
  /** Daily times, "06:30, 17:00". */
  times: z.string().trim().optional().transform((s) => (s ? s.split(/[,;\s]+/).filter(Boolean) : [])),
  /** One-off local time "YYYY-MM-DDTHH:MM". */
  at: z.string().trim().optional(),
  from: z.string().trim().optional(),
  until: z.string().trim().optional(),
  campaign: z.string().trim().max(200).optional(),
});

const fileSchema = z.object({ content: z.string().max(200_000) });

/** The form's local "YYYY-MM-DDTHH:MM" → ISO with the zone's offset, as schedule files write one-offs. */
export function localToIsoWithOffset(s: string, tz: string): string {
  const at = parseInstant(s, tz);
  if (at === null) throw new LpError('LP_ERR_DATE_INVALID', s);
  return formatIsoWithOffset(at, tz);
}

function dailyCron(hhmm: string): string {
  const t = parseTimeOfDay(hhmm);
  if (!t) throw new LpError('LP_ERR_BAD_REQUEST', `giờ phát "${hhmm}": dùng dạng HH:MM, ví dụ 06:30`);
  return `${t.s} ${t.mi} ${t.h} * * *`;
}

/** In words where it is simple ("hằng ngày 06:30", "một lần 21/11/2026 09:15"), else the cron as written. */
function slotLabel(s: Slot, tz: string): string {
  if (s.kind === 'at') return `một lần ${formatDateTime(instantOfWritten(s.when, tz), tz)}`;
  const daily = /^0 (\d{1,2}) (\d{1,2}) \* \* \*$/.exec(s.cron.expression.trim());
  return daily ? `hằng ngày ${formatClock({ h: Number(daily[2]), mi: Number(daily[1]), s: 0 })}` : `cron "${s.cron.expression}"`;
}

export function registerScheduleRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { config } = ctx;
  const tz = config.timezone;
  const channelIds = config.channels.map((c) => c.id);
  const parseOpts = { contentDir: config.contentDir, channels: channelIds, relayHosts: config.relay.hosts };
  const lengths = new AudioLengths();
  const bulletinRoot = resolve(config.contentDir, BULLETIN_DIR) + sep;
  const contentRoot = resolve(config.contentDir) + sep;
  const dataRoot = resolve(config.dataDir) + sep;

  /**
   * What a schedule written from the web may make the station read and air: files under the content
   * dir, never under the data dir (database, CLI token, generated passwords), and bulletins only as
   * .txt/.md texts (not the config file or credentials beside them). Files put on disk by hand may
   * name anything; an operator's browser may not.
   */
  function checkReach(item: FileItem, file: string): void {
    const refuse = (path: string): never => {
      throw new LpError('LP_ERR_SCHEDULE_INVALID', `${file} (dòng ${item.line}): "${relative(config.contentDir, path)}" — giao diện web chỉ dùng tệp .txt/.md và tệp âm thanh trong thư mục nội dung ${config.contentDir}, ngoài thư mục dữ liệu`);
    };
    const sounds = [item.intro, item.outro, item.bed].filter((x): x is string => !!x && x !== 'builtin');
    for (const given of [item.path, ...sounds]) {
      const path = resolve(given); // an absolute path is taken as written, "/x/../y" included
      if (!path.startsWith(contentRoot) || path.startsWith(dataRoot)) refuse(path);
    }
    if (item.kind === 'bulletin' && !/\.(txt|md)$/i.test(item.path)) refuse(item.path);
  }

  /** The file's own problems as one coded error (line-precise, as the parser wrote them). */
  async function validate(text: string, file: string): Promise<Schedule> {
    // Bulletins first, without touching files: an unapproved bulletin has no text on disk yet, and
    // "not approved" says more than "file missing". Relays too: the server's name has its own code.
    const loose = parseScheduleText(text, file, { ...parseOpts, checkFiles: false, relayHosts: undefined });
    for (const item of loose.schedule?.items ?? []) {
      // A relay reads no file; it may only name a server the admin listed (no requests to this
      // machine's own services or the office network on an operator's word).
      if (item.kind === 'relay') {
        if (!relayHostAllowed(item.url, config.relay.hosts)) {
          throw new LpError('LP_ERR_RELAY_HOST_NOT_ALLOWED', `${file} (dòng ${item.line}): ${new URL(item.url).host}; được phép: ${config.relay.hosts.join(', ') || 'chưa khai báo máy chủ nào'}`);
        }
        continue;
      }
      checkReach(item, file);
      const abs = resolve(config.contentDir, item.path);
      if (!abs.startsWith(bulletinRoot)) continue;
      const id = Number(/^(\d+)\.txt$/.exec(abs.slice(bulletinRoot.length))?.[1]);
      const b = id ? await ctx.bulletins.find(id) : null;
      if (!b || b.status !== 'approved') throw new LpError('LP_ERR_BULLETIN_NOT_APPROVED', `${relative(config.contentDir, abs)} (dòng ${item.line})`);
    }
    const r = parseScheduleText(text, file, parseOpts);
    if (r.problems.length || !r.schedule) {
      throw new LpError('LP_ERR_SCHEDULE_INVALID', r.problems.map(formatProblem).join('\n') || file);
    }
    return r.schedule;
  }

  async function save(file: string, text: string, actor: string, action: string): Promise<{ schedule: Schedule; warnings: readonly StationWarning[]; airtime: AirtimeViolation[] }> {
    const schedule = await validate(text, file);
    const existed = existsSync(file);
    writeFileAtomic(file, text);
    await ctx.audit.record({ at: ctx.now(), actor, action, subject: relative(config.schedulesDir, file), detail: { created: !existed, campaign: schedule.campaign, slots: schedule.slots.map((sl) => slotLabel(sl, tz)) } });
    const warnings = await ctx.station.reloadSchedules();
    // The next seven whole days, as the calendar counts them: what the officer is told on saving.
    const today = localTimeOf(ctx.now(), tz);
    const { airtime } = await plan(new Date(startOfDay(today, tz)), new Date(startOfDay(addDays(today, 7), tz)));
    return { schedule, warnings, airtime };
  }

  /** The flash after a write: what was saved, and the airtime overruns it brought, if any. */
  const savedFlash = (done: string, airtime: readonly AirtimeViolation[]): string =>
    airtime.length ? `${done}. Cảnh báo LP_ERR_AIRTIME_EXCEEDED: 7 ngày tới có ${airtime.length} chỗ vượt quy định thời lượng phát (xem Lịch phát)` : done;

  function fileOf(name: string): string {
    if (!FILE_NAME.test(name)) throw new LpError('LP_ERR_BAD_REQUEST', `tên tệp lịch "${name}": chỉ chữ không dấu, số, . _ - và đuôi .yaml`);
    return join(config.schedulesDir, name);
  }

  /** The Monday-to-Sunday week holding `day` (default today), as whole local days. */
  function weekOf(day: string | undefined): { monday: LocalDate; from: Date; until: Date; days: string[] } {
    const monday = mondayOf(day ? requireDate(day) : localTimeOf(ctx.now(), tz));
    const days = Array.from({ length: 7 }, (_, i) => formatDate(addDays(monday, i)));
    return { monday, from: new Date(startOfDay(monday, tz)), until: new Date(startOfDay(addDays(monday, 7), tz)), days };
  }

  /** A week's plan; weeks are whole local days, which is what the airtime rules count in. Audio items count with their real lengths. */
  async function plan(from: Date, until: Date) {
    const loaded = loadSchedules(config.schedulesDir, parseOpts);
    await lengths.refresh(audioPaths(loaded.schedules));
    const p = planAirings(loaded.schedules, {
      from, until, timezone: tz, quietHours: config.quietHours, channels: channelIds, durationOf: (item) => (item.kind === 'audio' ? lengths.get(item.path) : undefined),
    });
    return { ...loaded, plan: p, airtime: checkAirtime(p.blocks, config.airtime, tz).violations };
  }

  app.get('/api/schedules', { config: { access: 'viewer' } }, async (req) => {
    const q = parseInput(z.object({ week: z.string().optional() }), req.query);
    const w = weekOf(q.week);
    const { schedules, problems, plan: p, airtime } = await plan(w.from, w.until);
    return { from: w.from.toISOString(), until: w.until.toISOString(), schedules, problems, blocks: p.blocks, conflicts: p.conflicts, skipped: p.skipped, airtime };
  });

  app.post('/api/schedules', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const input = parseInput(slotSchema, req.body);
    const b = await ctx.bulletins.get(input.bulletinId);
    if (b.status !== 'approved') throw new LpError('LP_ERR_BULLETIN_NOT_APPROVED', `bản tin số ${b.id} "${b.title}"`);
    const slots = [...input.times.map((t) => ({ cron: dailyCron(t) })), ...(input.at ? [{ at: localToIsoWithOffset(input.at, tz) }] : [])];
    if (!slots.length) throw new LpError('LP_ERR_BAD_REQUEST', 'cần ít nhất một giờ phát hằng ngày hoặc một thời điểm phát');
    for (const d of [input.from, input.until]) if (d) requireDate(d);

    const file = join(config.schedulesDir, `ban-tin-${b.id}.yaml`);
    // An existing file keeps its comments and hand edits: the new slots are appended to it.
    const doc = existsSync(file) ? parseDocument(readFileSync(file, 'utf8')) : parseDocument('{}');
    // A hand edit that broke the file: say so (the document could not even be written back).
    if (doc.errors.length) throw new LpError('LP_ERR_SCHEDULE_INVALID', `${file}: ${doc.errors[0].message.split('\n')[0]}`);
    if (!isMap(doc.contents)) throw new LpError('LP_ERR_SCHEDULE_INVALID', `${file}: không phải bảng "khóa: giá trị"`);
    const root = doc.contents as YAMLMap;
    if (!root.has('campaign')) root.set('campaign', input.campaign || b.campaign || b.title);
    root.set('priority', input.priority);
    if (input.from) root.set('from', input.from);
    if (input.until) root.set('until', input.until);
    if (!root.has('items')) root.set('items', doc.createNode([{ bulletin: bulletinPath(b.id), title: b.title }]));
    const seq = root.get('slots');
    if (isSeq(seq)) for (const s of slots) (seq as YAMLSeq).add(doc.createNode(s));
    else root.set('slots', doc.createNode(slots));
    if (!existsSync(file)) doc.commentBefore = ` Lịch phát bản tin số ${b.id} "${b.title}", tạo từ giao diện web (duyệt bởi ${b.approvedBy}).`;

    const r = await save(file, doc.toString(), a.username, 'schedule.add-slot');
    const firstDay = input.at ? input.at.slice(0, 10) : undefined;
    return respond(req, reply, { file, schedule: r.schedule, warnings: r.warnings, airtime: r.airtime },
      `/lich-phat${firstDay ? `?tuan=${firstDay}` : ''}`, savedFlash(`Đã lên lịch bản tin "${b.title}" (${slots.length} giờ phát)`, r.airtime));
  });

  app.get('/api/schedules/files/:name', { config: { access: 'viewer' } }, async (req, reply) => {
    const file = fileOf((req.params as { name: string }).name);
    if (!existsSync(file)) throw new LpError('LP_ERR_SCHEDULE_NOT_FOUND', file);
    return reply.type('text/yaml; charset=utf-8').send(readFileSync(file, 'utf8'));
  });

  app.post('/api/schedules/files/:name', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const name = (req.params as { name: string }).name;
    const file = fileOf(name);
    const { content } = parseInput(fileSchema, req.body);
    const r = await save(file, content.replace(/\r\n/g, '\n'), a.username, 'schedule.write');
    return respond(req, reply, { file, schedule: r.schedule, warnings: r.warnings, airtime: r.airtime }, '/lich-phat', savedFlash(`Đã lưu tệp lịch ${name}`, r.airtime));
  });

  app.get('/lich-phat', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    const q = parseInput(z.object({ tuan: z.string().optional() }), req.query);
    const w = weekOf(q.tuan);
    const { schedules, problems, plan: p, airtime } = await plan(w.from, w.until);
    const now = ctx.now();
    const today = formatLocalDate(now, tz);
    const shift = (days: number): string => formatDate(addDays(w.monday, days));
    const canEdit = roleAtLeast(a.role, 'operator');
    const body = html`<p class="filters"><a class="button secondary" href="/lich-phat?tuan=${shift(-7)}">← Tuần trước</a>
        <a class="button secondary" href="/lich-phat">Tuần này</a>
        <a class="button secondary" href="/lich-phat?tuan=${shift(7)}">Tuần sau →</a>
        ${canEdit ? html`<a class="button" href="/lich-phat/them">+ Thêm giờ phát</a>` : ''}</p>
      <div class="week" role="table" aria-label="Lịch phát trong tuần">${w.days.map((day, i) => {
        const blocks = p.blocks.filter((bk) => formatLocalDate(bk.startAt, tz) === day);
        const over = airtime.some((v) => v.day === day);
        return html`<div class="day${day === today ? ' today' : ''}${over ? ' over-airtime' : ''}" role="cell" data-day="${day}"${over ? html` title="Vượt quy định thời lượng phát"` : ''}><h3>${WEEKDAYS_VI[i]}<br>${day.slice(8)}/${day.slice(5, 7)}</h3>
          ${blocks.map((bk) => html`<div class="slot p-${bk.priority}${bk.startAt < now ? ' past' : ''}" title="${PRIORITY_LABELS[bk.priority]} · ${bk.campaign}">
            <strong>${formatTime(bk.startAt, tz)}</strong> ${bk.items.map((it) => it.title).join(', ')}
            <br><span class="muted">${channelLabel(config, bk.channelId)}</span></div>`)}</div>`;
      })}</div>
      ${airtime.length ? html`<section class="card" id="airtime"><h2>Vượt quy định thời lượng phát</h2><p class="muted">Quy định của địa phương: ${describeAirtimeRules(config.airtime)}</p>
        ${airtime.map((v) => html`<p class="warn">${v.message}</p>`)}</section>` : ''}
      ${p.conflicts.length ? html`<section class="card"><h2>Xung đột lịch</h2>${p.conflicts.map((c) => html`<p class="warn">${c.message}<br><em>→ ${c.resolution}</em></p>`)}</section>` : ''}
      ${problems.length ? html`<section class="card"><h2>Tệp lịch có lỗi (không được phát)</h2>${problems.map((pr) => html`<pre class="warn">${formatProblem(pr)}</pre>`)}</section>` : ''}
      ${p.skipped.length ? html`<section class="card"><h2>Lượt bỏ qua</h2>${p.skipped.map((s) => html`<p class="muted">${s.reason}</p>`)}</section>` : ''}
      <section class="card"><h2>Các tệp lịch</h2><table><thead><tr><th>Tệp</th><th>Chiến dịch</th><th>Mức</th><th>Giờ phát</th><th>Nội dung</th></tr></thead><tbody>
      ${schedules.map((s) => {
        const name = relative(config.schedulesDir, s.file);
        return html`<tr><td>${canEdit ? html`<a href="/lich-phat/tep/${name}">${name}</a>` : name}</td><td>${s.campaign}</td><td>${priorityBadge(s.priority)}</td>
          <td>${s.slots.map((sl) => html`${slotLabel(sl, tz)}<br>`)}</td><td>${s.items.map((it) => html`${it.title}<br>`)}</td></tr>`;
      })}</tbody></table>
      ${canEdit ? html`<p><a href="/lich-phat/tep/moi.yaml">Viết một tệp lịch mới (YAML)</a></p>` : ''}</section>`;
    return sendPage(ctx, req, reply, { title: 'Lịch phát', active: '/lich-phat' }, body);
  });

  app.get('/lich-phat/them', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const q = parseInput(z.object({ bulletin: z.coerce.number().int().optional() }), req.query);
    const approved = await ctx.bulletins.list({ status: 'approved' });
    const body = approved.length ? html`<form method="post" action="/api/schedules" class="card">${csrfField(a)}
        <label for="sb">Bản tin đã duyệt</label><select id="sb" name="bulletinId">
          ${approved.map((b) => html`<option value="${b.id}"${b.id === q.bulletin ? html` selected` : ''}>${b.id} — ${b.title}</option>`)}</select>
        <label for="sp">Mức ưu tiên</label><select id="sp" name="priority">${PRIORITIES.map((p: Priority) => html`<option value="${p}">${PRIORITY_LABELS[p]}</option>`)}</select>
        <label for="sc">Chiến dịch (để trống: theo bản tin)</label><input type="text" id="sc" name="campaign" maxlength="200" size="50">
        <label for="st">Giờ phát hằng ngày (cách nhau dấu phẩy)</label><input type="text" id="st" name="times" placeholder="06:30, 17:00">
        <label for="sa">hoặc phát một lần vào lúc</label><input type="datetime-local" id="sa" name="at">
        <div class="filters"><div><label for="sf">Từ ngày</label><input type="date" id="sf" name="from"></div>
          <div><label for="su">Đến ngày</label><input type="date" id="su" name="until"></div></div>
        <p><button type="submit">Lưu vào lịch phát</button></p></form>`
      : html`<p class="warn">Chưa có bản tin nào được duyệt. Chỉ bản tin đã duyệt mới lên lịch được. <a href="/ban-tin">Đến trang Bản tin</a></p>`;
    return sendPage(ctx, req, reply, { title: 'Thêm giờ phát', active: '/lich-phat' }, body);
  });

  app.get('/lich-phat/tep/:name', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const name = (req.params as { name: string }).name;
    const file = fileOf(name);
    const content = existsSync(file) ? readFileSync(file, 'utf8')
      : `campaign: Tên chiến dịch\npriority: thuong\nitems:\n  - bulletin: ${bulletinPath(1)}\nslots:\n  - cron: "0 30 6 * * *"\n`;
    const body = html`<form method="post" action="/api/schedules/files/${name}" class="card" id="edit-file">${csrfField(a)}
      <p class="muted">Tệp được kiểm tra trước khi lưu; tệp có lỗi không được ghi. Xem docs/SCHEDULES.md.</p>
      ${existsSync(file) ? '' : html`<p class="muted">Tệp mới. Muốn đặt tên khác, sửa địa chỉ trang thành /lich-phat/tep/ten-tep.yaml</p>`}
      <label for="fc">${name}</label><textarea id="fc" name="content" class="code">${content}</textarea>
      <p><button type="submit">Kiểm tra và lưu</button></p></form>`;
    return sendPage(ctx, req, reply, { title: `Tệp lịch ${name}`, active: '/lich-phat' }, body);
  });
}
