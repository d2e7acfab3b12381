/**
 * Bản tin: draft from a pasted or uploaded plan (cleaned and spoken form side by side, split into
 * bulletins), preview the audio, approve. An approved bulletin's text is saved under
 * `contentDir/scripts-audio/bulletins/<id>.txt` so schedule files can name it.
 */
import { createReadStream } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeDocument, describeProgress, documentWork, mayNeedOcr, scanAdvice, type DocumentProgress } from '../../documents/index.js';
import { PRIORITY_LABELS } from '../../domain.js';
import { LpError } from '../../errors.js';
import type { WardState } from '../../hub/protocol.js';
import type { InboxItem } from '../../hub/upstream-store.js';
import { BULLETIN_STATUS_LABELS, type Bulletin, type BulletinDraft } from '../../store/bulletins.js';
import { roleAtLeast } from '../../store/users.js';
import { loadLexicon, type SpokenNote } from '../../text/index.js';
import { actorOf, isFormPost, parseInput, respond, sendPage, setFlash, type Actor, type WebContext } from '../context.js';
import { bulletinPath, writeFileAtomic } from '../files.js';
import { html, type Html } from '../html.js';
import { csrfField, priorityBadge } from '../layout.js';
import { MAX_DRAFTS_PER_DOCUMENT, UploadJobs } from '../upload.js';
import { formatDateTime, formatDuration } from '../../time/index.js';

const upload = z.object({ filename: z.string(), data: z.instanceof(Buffer) });

const createSchema = z.object({
  text: z.string().max(2_000_000).optional(),
  file: upload.optional(),
  title: z.string().trim().max(200).optional(),
  campaign: z.string().trim().max(200).optional(),
});

const updateSchema = z.object({
  text: z.string().trim().min(1).max(2_000_000),
  title: z.string().trim().min(1).max(200),
  campaign: z.string().trim().max(200).optional(),
});

const idParam = z.object({ id: z.coerce.number().int().positive() });
const jobParam = z.object({ job: z.string().uuid() });
/** Bulletins per page of the list. */
const PAGE_SIZE = 50;
/** A page of the list: by `offset`, or after `before` (the last id of the previous page). */
const listQuery = z.object({
  status: z.enum(['draft', 'approved']).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE * 4).default(PAGE_SIZE),
  offset: z.coerce.number().int().min(0).default(0),
  before: z.coerce.number().int().positive().optional(),
});
const pageQuery = z.object({ trang: z.coerce.number().int().min(1).default(1) });
/** Splitting and reading a long plan aloud in the worker thread: minutes would be a bug or an attack. */
const DRAFT_TIMEOUT_MS = 120_000;

const AUDIO_TYPES: Record<string, string> = { '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.m4a': 'audio/mp4' };

/** An edited text as a draft, prepared in the worker thread; spoken form and quality checked on it. */
async function editedDraft(ctx: WebContext, text: string, title: string, campaign: string | undefined, source: string | null): Promise<BulletinDraft> {
  // The ward's own lexicon (data dir) is read each time: an officer may have just added a word.
  const p = await documentWork().run('prepare', { raw: text, name: title, lexicon: loadLexicon(ctx.config.dataDir) });
  return {
    title, campaign: campaign || null, text: p.clean, spoken: p.spoken, source,
    quality: { suspect: p.quality.suspect, score: p.quality.score, warnings: p.quality.warnings.map((w) => w.message) },
    // An edited draft has no split estimate: it is measured on its new spoken form.
    estimatedSeconds: p.estimatedSeconds,
  };
}

interface CreateInput {
  readonly file?: { readonly filename: string; readonly data: Buffer };
  readonly text?: string;
  readonly title?: string;
  readonly campaign?: string;
}

/**
 * A pasted or uploaded plan → its drafts: decoded (OCR if need be), split and read aloud in the
 * worker thread, at most MAX_DRAFTS_PER_DOCUMENT of them, then saved and audited.
 */
async function createDrafts(ctx: WebContext, a: Actor, input: CreateInput, onProgress?: (p: DocumentProgress) => void, signal?: AbortSignal): Promise<Bulletin[]> {
  const { file } = input;
  const doc = file ? await decodeDocument(file.data, file.filename, { onProgress, signal }) : null;
  const raw = doc ? doc.text : (input.text ?? '');
  if (!raw.trim()) throw new LpError('LP_ERR_INPUT_EMPTY', 'dán nội dung hoặc chọn một tệp .txt / .md / .docx / .pdf / ảnh');
  const name = file?.filename ?? 'văn bản dán';
  const pieces = await documentWork().run('draft', { raw, name, lexicon: loadLexicon(ctx.config.dataDir), maxBulletins: MAX_DRAFTS_PER_DOCUMENT }, { timeoutMs: DRAFT_TIMEOUT_MS });
  if (!pieces.length) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', name);
  const advice = doc && scanAdvice(doc);
  const now = ctx.now();
  const created: Bulletin[] = [];
  for (const [i, piece] of pieces.entries()) {
    const title = (pieces.length === 1 ? input.title || piece.title : piece.title || `${input.title || 'Bản tin'} (${i + 1})`) || 'Bản tin';
    const warnings = piece.quality.warnings.map((w) => w.message);
    // A poor scan says what to do about it: a sharper scan, or the original file.
    if (piece.quality.suspect && advice) warnings.push(advice);
    created.push(await ctx.bulletins.create({
      title, campaign: input.campaign || null, text: piece.text, spoken: piece.spoken, source: file?.filename ?? 'dán',
      quality: { suspect: piece.quality.suspect, score: piece.quality.score, warnings }, estimatedSeconds: piece.estimatedSeconds,
    }, a.username, now));
  }
  for (const b of created) await ctx.audit.record({ at: now, actor: a.username, action: 'bulletin.create', subject: `bản tin ${b.id}`, detail: { title: b.title } });
  return created;
}

const madeFlash = (n: number) => `Đã tạo ${n} bản tin nháp`;
const madeLocation = (ids: readonly number[]) => (ids.length === 1 ? `/ban-tin/${ids[0]}` : '/ban-tin');

const paragraphs = (s: string): string[] => s.split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean);

/**
 * Clean text next to its spoken form. When both have the same paragraphs (the usual case) each
 * paragraph sits beside its own spoken form, so a long plan reads line against line; on a narrow
 * screen the pairs stack (text, then how it is read). Otherwise, two scrolling columns.
 */
function sideBySide(clean: string, spoken: string): Html {
  const c = paragraphs(clean);
  const s = paragraphs(spoken);
  if (c.length && c.length === s.length) {
    return html`<div class="pairs"><h2>Văn bản đã làm sạch</h2><h2>Dạng đọc (giọng đọc sẽ đọc)</h2>
      ${c.map((p, i) => html`<p class="clean" data-testid="clean">${p}</p><p class="spoken" data-testid="spoken">${s[i]}</p>`)}</div>`;
  }
  return html`<div class="side"><section><h2>Văn bản đã làm sạch</h2><pre data-testid="clean">${clean}</pre></section>
    <section><h2>Dạng đọc (giọng đọc sẽ đọc)</h2><pre data-testid="spoken">${spoken}</pre></section></div>`;
}

const NOTE_LABELS: Record<SpokenNote['kind'], string> = {
  spelled: 'đánh vần từng chữ cái', letter: 'chữ cái đứng riêng', leftover: 'giọng đọc khó đọc đúng', typo: 'nghi gõ nhầm, nên sửa',
};

/**
 * What the voice will do that the operator may want to fix before approving: words it spells, lone
 * letters, leftovers, each with its paragraph. A line in data/lexicon.txt fixes most of them.
 */
function spokenNotesCard(notes: readonly SpokenNote[]): Html {
  if (!notes.length) return html`<p class="muted" data-testid="spoken-notes">Dạng đọc: không có từ nào bị đánh vần hay đọc sót.</p>`;
  return html`<section class="card" data-testid="spoken-notes"><h2>Giọng đọc cần lưu ý</h2>
    <p class="muted">Thêm dòng <code>VIẾT TẮT = cách đọc</code> vào <code>data/lexicon.txt</code> để giọng đọc nói đúng, rồi lưu lại bản nháp.</p>
    <table><thead><tr><th>Đoạn</th><th>Trong văn bản</th><th>Giọng đọc sẽ nói</th><th>Loại</th></tr></thead><tbody>
    ${notes.map((n) => html`<tr><td>${n.paragraph}</td><td>${n.text}</td><td>${n.reading}</td><td>${NOTE_LABELS[n.kind]}</td></tr>`)}
    </tbody></table></section>`;
}

/**
 * Approves a bulletin: its text goes on disk first (an approved row always has its file for the
 * schedule to read), then the row, then the audit entry (once: approving twice changes nothing).
 */
async function approveBulletin(ctx: WebContext, a: Actor, id: number, now: Date): Promise<Bulletin> {
  const before = await ctx.bulletins.get(id);
  writeFileAtomic(join(ctx.config.contentDir, bulletinPath(id)), before.text.trimEnd() + '\n');
  const b = await ctx.bulletins.approve(id, a.username, now);
  if (before.status !== 'approved') {
    await ctx.audit.record({ at: now, actor: a.username, action: 'bulletin.approve', subject: `bản tin ${id}`, detail: { title: b.title, createdBy: b.createdBy } });
  }
  return b;
}

/** A bulletin from the hub as this ward's inbox shows it. */
const INBOX_STATE_LABELS: Record<WardState, string> = {
  received: 'Mới nhận', offered: 'Chờ duyệt', accepted: 'Đã nhận phát', declined: 'Đã từ chối',
  queued: 'Đã xếp phát', aired: 'Đã phát', expired: 'Quá hạn', failed: 'Không phát được',
};

const inboxParam = z.object({ id: z.string().min(1).max(80) });
const declineSchema = z.object({ note: z.string().trim().max(500).optional() });

const expired = (item: InboxItem, now: Date): boolean => item.until !== null && Date.parse(item.until) <= now.getTime();

/**
 * Bản tin từ cấp trên: what the hub sent. A thông thường waits here "offered by …" until an
 * approver accepts it (it becomes this ward's own approved bulletin, to schedule) or declines it;
 * the hub is told either way. khẩn cấp and ưu tiên are listed with what became of them.
 */
function inboxCard(items: readonly InboxItem[], a: Actor, tz: string, now: Date): Html {
  const approver = roleAtLeast(a.role, 'approver');
  return html`<section class="card" data-testid="inbox"><h2>Bản tin từ cấp trên</h2>
    <table><thead><tr><th>Nhận lúc</th><th>Bản tin</th><th>Mức</th><th>Hạn phát</th><th>Trạng thái</th><th></th></tr></thead><tbody>
    ${items.map((i) => html`<tr data-inbox="${i.id}"><td class="nowrap">${formatDateTime(i.receivedAt, tz)}</td>
      <td><a href="/ban-tin/cap-tren/${i.id}">${i.title}</a><br><span class="muted">do ${i.from} gửi (${i.sentBy})</span></td>
      <td>${priorityBadge(i.priority)}</td><td class="nowrap">${i.until ? formatDateTime(i.until, tz) : '—'}</td>
      <td>${INBOX_STATE_LABELS[i.state]}${i.stateBy ? html`<br><span class="muted">${i.stateBy}</span>` : ''}</td>
      <td>${i.state === 'offered' && approver && !expired(i, now) ? decideForms(i, a) : ''}</td></tr>`)}
    </tbody></table></section>`;
}

function decideForms(i: InboxItem, a: Actor): Html {
  return html`<form method="post" action="/api/inbox/${i.id}/accept" class="inline">${csrfField(a)}<button type="submit" class="small">Nhận và duyệt</button></form>
    <form method="post" action="/api/inbox/${i.id}/decline" class="inline">${csrfField(a)}<input type="text" name="note" placeholder="lý do" size="12" maxlength="500"><button type="submit" class="small secondary">Từ chối</button></form>`;
}

export function registerBulletinRoutes(app: FastifyInstance, ctx: WebContext): void {
  const tz = ctx.config.timezone;
  const uploads = new UploadJobs({ now: () => ctx.now().getTime() });
  app.addHook('onClose', async () => uploads.close());

  app.get('/api/bulletins', { config: { access: 'viewer' } }, async (req) => ctx.bulletins.list(parseInput(listQuery, req.query)));

  app.get('/api/bulletins/:id', { config: { access: 'viewer' } }, async (req) => ctx.bulletins.get(parseInput(idParam, req.params).id));

  app.post('/api/bulletins', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const input = parseInput(createSchema, req.body);
    const file = input.file && input.file.filename ? input.file : undefined;
    const create: CreateInput = { ...input, file };
    // A scan in a browser: the page follows the OCR instead of a request hanging for minutes.
    if (file && isFormPost(req) && mayNeedOcr(file.data)) {
      const job = uploads.start(a.username, file.filename, async (onProgress, signal) =>
        (await createDrafts(ctx, a, create, onProgress, signal)).map((b) => b.id));
      return reply.redirect(`/ban-tin/xu-ly/${job.id}`, 303);
    }
    const created = await createDrafts(ctx, a, create);
    return respond(req, reply, { bulletins: created }, madeLocation(created.map((b) => b.id)), madeFlash(created.length));
  });

  app.get('/api/bulletins/jobs/:job', { config: { access: 'operator' } }, async (req) => uploads.get(parseInput(jobParam, req.params).job, actorOf(req)));

  app.get('/ban-tin/xu-ly/:job', { config: { access: 'operator' } }, async (req, reply) => {
    const job = uploads.get(parseInput(jobParam, req.params).job, actorOf(req));
    if (job.state === 'done') {
      setFlash(reply, madeFlash(job.bulletinIds.length));
      return reply.redirect(madeLocation(job.bulletinIds), 303);
    }
    const p = job.progress;
    // The page reloads itself (an HTTP Refresh: no script needed) until the work is done.
    if (job.state === 'running') reply.header('refresh', '1');
    const body = job.state === 'failed' && job.error
      ? html`<div class="card"><p class="flash error" role="alert" data-testid="job-error"><strong>${job.error.code}</strong> : ${job.error.message}</p>
          <p>Tệp: ${job.filename}. Không có bản tin nào được tạo.</p><p><a class="button" href="/ban-tin">← Về danh sách bản tin</a></p></div>`
      : html`<div class="card"><h2>Đang đọc tệp ${job.filename}</h2>
          <p data-testid="job-progress">${p ? describeProgress(p) : 'đang mở tệp'}</p>
          <progress max="${p?.pages ?? 1}" value="${p ? p.page - (p.stage === 'ocr' ? 0.5 : 0.9) : 0}"></progress>
          <p class="muted">Trang quét hoặc ảnh chụp được nhận dạng chữ từng trang (vài giây mỗi trang). Trang này tự cập nhật; các bản tin nháp được tạo khi đọc xong, kể cả khi bạn rời trang.</p></div>`;
    return sendPage(ctx, req, reply, { title: 'Đang xử lý tài liệu', active: '/ban-tin' }, body);
  });

  app.post('/api/bulletins/:id', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const { id } = parseInput(idParam, req.params);
    const input = parseInput(updateSchema, req.body);
    const old = await ctx.bulletins.get(id);
    const b = await ctx.bulletins.update(id, await editedDraft(ctx, input.text, input.title, input.campaign, old.source));
    await ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'bulletin.edit', subject: `bản tin ${id}`, detail: { title: b.title } });
    return respond(req, reply, b, `/ban-tin/${id}`, 'Đã lưu bản nháp');
  });

  app.post('/api/bulletins/:id/approve', { config: { access: 'approver' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const b = await approveBulletin(ctx, actorOf(req), id, ctx.now());
    return respond(req, reply, b, `/ban-tin/${id}`, `Đã duyệt bản tin "${b.title}"`);
  });

  app.get('/api/bulletins/:id/audio', { config: { access: 'viewer' } }, async (req, reply) => {
    const b = await ctx.bulletins.get(parseInput(idParam, req.params).id);
    const out = await ctx.renderer.render({ spoken: b.spoken, title: b.title });
    return reply.type(AUDIO_TYPES[extname(out.path).toLowerCase()] ?? 'application/octet-stream')
      .header('cache-control', 'private, max-age=300').send(createReadStream(out.path));
  });

  app.get('/api/inbox', { config: { access: 'viewer' } }, async (req) => ctx.upstream.list(parseInput(listQuery.pick({ limit: true, offset: true }), req.query)));

  app.post('/api/inbox/:id/accept', { config: { access: 'approver' } }, async (req, reply) => {
    const a = actorOf(req);
    const { id } = parseInput(inboxParam, req.params);
    const now = ctx.now();
    const item = await ctx.upstream.get(id);
    if (expired(item, now)) throw new LpError('LP_ERR_HUB_EXPIRED', `${item.title}: hạn ${formatDateTime(item.until!, tz)}`);
    // Claimed first, so two approvers at once cannot both make bulletins of it.
    if (!(await ctx.upstream.change(id, { state: 'accepted', at: now, by: a.username }, ['offered']))) {
      throw new LpError('LP_ERR_BAD_REQUEST', `"${item.title}" đã được xử lý (${INBOX_STATE_LABELS[(await ctx.upstream.get(id)).state]})`);
    }
    let made: Bulletin[];
    try {
      made = [];
      for (const b of await createDrafts(ctx, a, { text: item.text, title: item.title })) made.push(await approveBulletin(ctx, a, b.id, now));
    } catch (e) {
      await ctx.upstream.change(id, { state: 'offered', at: item.stateAt ? new Date(item.stateAt) : now }, ['accepted']);
      throw e;
    }
    const accepted = await ctx.upstream.change(id, { state: 'accepted', at: now, by: a.username, bulletins: made.map((b) => b.id) });
    await ctx.audit.record({ at: now, actor: a.username, action: 'inbox.accept', subject: `bản tin cấp trên ${id}`, detail: { title: item.title, from: item.from, bulletins: made.map((b) => b.id) } });
    ctx.ward?.poke();
    return respond(req, reply, { item: accepted, bulletins: made }, `/lich-phat/them?bulletin=${made[0].id}`, `Đã nhận và duyệt "${item.title}"; hãy xếp giờ phát`);
  });

  app.post('/api/inbox/:id/decline', { config: { access: 'approver' } }, async (req, reply) => {
    const a = actorOf(req);
    const { id } = parseInput(inboxParam, req.params);
    const { note } = parseInput(declineSchema, req.body);
    const now = ctx.now();
    const item = await ctx.upstream.get(id);
    const declined = await ctx.upstream.change(id, { state: 'declined', at: now, by: a.username, note: note || null }, ['offered']);
    if (!declined) throw new LpError('LP_ERR_BAD_REQUEST', `"${item.title}" đã được xử lý (${INBOX_STATE_LABELS[(await ctx.upstream.get(id)).state]})`);
    await ctx.audit.record({ at: now, actor: a.username, action: 'inbox.decline', subject: `bản tin cấp trên ${id}`, detail: { title: item.title, from: item.from, note: note || null } });
    ctx.ward?.poke();
    return respond(req, reply, declined, '/ban-tin', `Đã từ chối "${item.title}"`);
  });

  app.get('/ban-tin/cap-tren/:id', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    const i = await ctx.upstream.get(parseInput(inboxParam, req.params).id);
    const now = ctx.now();
    const body = html`<p>${priorityBadge(i.priority)} · Do <strong>${i.from}</strong> gửi (${i.sentBy}, ${formatDateTime(i.sentAt, tz)}) ·
        Hạn phát: ${i.until ? formatDateTime(i.until, tz) : 'không có'} · <strong>${INBOX_STATE_LABELS[i.state]}</strong>${i.stateBy ? ` (${i.stateBy})` : ''}
        ${i.note ? html` · <span class="muted">${i.note}</span>` : ''}</p>
      ${expired(i, now) && i.state === 'offered' ? html`<p class="warn"><strong>LP_ERR_HUB_EXPIRED</strong> : đã quá hạn phát, không nhận được nữa.</p>` : ''}
      <pre class="card wrap" data-testid="inbox-text">${i.text}</pre>
      ${i.bulletins.length ? html`<p>Bản tin của phường: ${i.bulletins.map((id) => html`<a href="/ban-tin/${id}">số ${id}</a> `)}</p>` : ''}
      ${i.state === 'offered' && roleAtLeast(a.role, 'approver') && !expired(i, now) ? html`<div class="card">${decideForms(i, a)}</div>` : ''}
      <p class="muted">${PRIORITY_LABELS[i.priority]}: ${i.priority === 'thuong' ? 'phường quyết định có phát và phát lúc nào.' : i.priority === 'uu-tien' ? 'phát đầu buổi phát kế tiếp, trước các bản tin của phường.' : 'phát ngay trên mọi kênh.'}</p>`;
    return sendPage(ctx, req, reply, { title: `Bản tin cấp trên: ${i.title}`, active: '/ban-tin' }, body);
  });

  app.get('/ban-tin', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    const { trang } = parseInput(pageQuery, req.query);
    const pages = Math.max(1, Math.ceil(await ctx.bulletins.count() / PAGE_SIZE));
    const list = await ctx.bulletins.list({ limit: PAGE_SIZE, offset: (trang - 1) * PAGE_SIZE });
    // A ward's inbox from its hub comes first: a thông thường there waits for an approver.
    const inbox = trang === 1 && (ctx.ward || (await ctx.upstream.count()) > 0) ? await ctx.upstream.list({ limit: 20 }) : null;
    const body = html`${inbox ? inboxCard(inbox, a, tz, ctx.now()) : ''}${roleAtLeast(a.role, 'operator') ? html`<form method="post" action="/api/bulletins" enctype="multipart/form-data" class="card">${csrfField(a)}
        <h2>Tạo bản tin</h2>
        <div class="filters"><div><label for="bt">Tiêu đề</label><input type="text" id="bt" name="title" maxlength="200" size="40"></div>
        <div><label for="bc">Chiến dịch</label><input type="text" id="bc" name="campaign" maxlength="200" size="40"></div></div>
        <label for="bx">Dán nội dung kế hoạch / thông báo</label><textarea id="bx" name="text"></textarea>
        <label for="bf">hoặc chọn tệp (.txt, .md, .docx, .pdf, ảnh chụp hoặc bản quét .png, .jpg, .tif)</label><input type="file" id="bf" name="file" accept=".txt,.md,.docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf,image/png,image/jpeg,image/tiff">
        <p class="muted">Văn bản được làm sạch (bỏ quốc hiệu, nơi nhận, chữ ký, số trang), chuyển sang dạng đọc và tách thành các bản tin. Bản quét và ảnh chụp được nhận dạng chữ tiếng Việt.</p>
        <p><button type="submit">Tạo bản tin nháp</button></p></form>` : ''}
      <section class="card"><h2>Danh sách bản tin</h2><table><thead><tr><th>Số</th><th>Tiêu đề</th><th>Chiến dịch</th><th>Trạng thái</th><th>Soạn</th><th>Duyệt</th></tr></thead><tbody>
      ${list.map((b) => html`<tr><td>${b.id}</td><td><a href="/ban-tin/${b.id}">${b.title}</a>${b.quality.suspect ? html` <span class="badge p-khan-cap">nghi lỗi OCR</span>` : ''}</td>
        <td>${b.campaign ?? ''}</td><td class="st-${b.status}">${BULLETIN_STATUS_LABELS[b.status]}</td>
        <td>${b.createdBy}<br><span class="muted">${formatDateTime(b.createdAt, tz)}</span></td>
        <td>${b.approvedBy ? html`${b.approvedBy}<br><span class="muted">${formatDateTime(b.approvedAt!, tz)}</span>` : ''}</td></tr>`)}
      </tbody></table>
      ${pages > 1 ? html`<p class="pager" data-testid="pager">${trang > 1 ? html`<a href="/ban-tin?trang=${trang - 1}">← Mới hơn</a> ` : ''}Trang ${trang} / ${pages}${trang < pages ? html` <a href="/ban-tin?trang=${trang + 1}">Cũ hơn →</a>` : ''}</p>` : ''}</section>`;
    return sendPage(ctx, req, reply, { title: 'Bản tin', active: '/ban-tin' }, body);
  });

  app.get('/ban-tin/:id', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = actorOf(req);
    const b = await ctx.bulletins.get(parseInput(idParam, req.params).id);
    const draft = b.status === 'draft';
    const notes = await documentWork().run('inspect', { clean: b.text, lexicon: loadLexicon(ctx.config.dataDir) });
    const body = html`<p><span class="st-${b.status}"><strong>${BULLETIN_STATUS_LABELS[b.status]}</strong></span> ·
        Soạn: ${b.createdBy} (${formatDateTime(b.createdAt, tz)})
        ${b.approvedBy ? html` · Duyệt: ${b.approvedBy} (${formatDateTime(b.approvedAt!, tz)})` : ''}
        ${b.campaign ? html` · Chiến dịch: ${b.campaign}` : ''}
        ${b.estimatedSeconds ? html` · Khoảng ${formatDuration(b.estimatedSeconds)}` : ''}</p>
      ${b.quality.suspect ? html`<p class="warn"><strong>LP_ERR_TEXT_SUSPECT</strong> : văn bản có dấu hiệu lỗi nhận dạng chữ (điểm ${b.quality.score.toFixed(2)}). Hãy soát lại trước khi duyệt.</p>` : ''}
      ${b.quality.warnings.map((w) => html`<p class="warn">${w}</p>`)}
      ${spokenNotesCard(notes)}
      ${sideBySide(b.text, b.spoken)}
      <div class="card"><h2>Nghe thử</h2><audio controls preload="none" src="/api/bulletins/${b.id}/audio"></audio>
        <p class="muted">Âm thanh được tạo khi bấm nghe (vài giây).</p></div>
      ${draft && roleAtLeast(a.role, 'approver') ? html`<form method="post" action="/api/bulletins/${b.id}/approve" class="card" data-confirm="Duyệt bản tin này để được lên lịch phát?">${csrfField(a)}
        <p>Sau khi duyệt, nội dung được giữ nguyên và bản tin có thể lên lịch phát.</p><button type="submit">Duyệt bản tin</button></form>` : ''}
      ${!draft && roleAtLeast(a.role, 'operator') ? html`<p><a class="button" href="/lich-phat/them?bulletin=${b.id}">Lên lịch phát bản tin này</a></p>` : ''}
      ${draft && roleAtLeast(a.role, 'operator') ? html`<form method="post" action="/api/bulletins/${b.id}" class="card">${csrfField(a)}<h2>Sửa bản nháp</h2>
        <label for="et">Tiêu đề</label><input type="text" id="et" name="title" value="${b.title}" required maxlength="200" size="50">
        <label for="ec">Chiến dịch</label><input type="text" id="ec" name="campaign" value="${b.campaign ?? ''}" maxlength="200" size="50">
        <label for="ex">Nội dung</label><textarea id="ex" name="text" required>${b.text}</textarea>
        <p><button type="submit" class="secondary">Lưu bản nháp</button></p></form>` : ''}`;
    return sendPage(ctx, req, reply, { title: `Bản tin: ${b.title}`, active: '/ban-tin' }, body);
  });

}
