/**
 * Plans uploaded as .docx (a real Word file built with Debian's zip), text, a scanned PDF (followed on
 * its progress page) or pasted, through the same checks; the bulletin list pages.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imagesToPdf, makeDocumentFixtures } from '../../bench/documents.js';
import { decodeDocument, MAX_DOCX_UNPACKED, zipUnpackedSize } from '../../src/documents/index.js';
import { isLpError } from '../../src/errors.js';
import { ADMIN_PASSWORD, addUser, login, makeHarness, type Harness, type Login } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'lp-docx-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal WordprocessingML package, one paragraph per entry; runs split mid-word as Word does. */
function makeDocx(name: string, paragraphs: readonly string[]): Buffer {
  const dir = join(work, name);
  mkdirSync(join(dir, '_rels'), { recursive: true });
  mkdirSync(join(dir, 'word'), { recursive: true });
  writeFileSync(join(dir, '[Content_Types].xml'), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  writeFileSync(join(dir, '_rels', '.rels'), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  const body = paragraphs.map((p) => {
    const cut = Math.floor(p.length / 2);
    return `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p.slice(0, cut))}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${xmlEscape(p.slice(cut))}</w:t></w:r></w:p>`;
  }).join('');
  writeFileSync(join(dir, 'word', 'document.xml'), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  const out = join(work, `${name}.docx`);
  execFileSync('zip', ['-q', '-X', '-r', out, '[Content_Types].xml', '_rels', 'word'], { cwd: dir });
  return readFileSync(out);
}

/** A one-entry zip (stored sizes as given) for the size guard: the directory may lie about sizes. */
function oneEntryZip(entry: string, data: Buffer, declaredSize = data.length): Buffer {
  const comp = deflateRawSync(data);
  const nameBuf = Buffer.from(entry);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(declaredSize, 22); local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(comp.length, 20); central.writeUInt32LE(declaredSize, 24); central.writeUInt16LE(nameBuf.length, 28);
  const cdOffset = local.length + nameBuf.length + comp.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, comp, central, nameBuf, end]);
}

const decodeUpload = async (data: Buffer, name: string) => (await decodeDocument(data, name)).text;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isLpError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

const PLAN = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'THÔNG BÁO',
  'Về việc tổ chức tiêm vắc xin sởi cho trẻ em',
  'Ngày 25/11/2026, Trạm Y tế phường tổ chức tiêm vắc xin sởi cho trẻ từ 1 đến 5 tuổi tại nhà văn hóa tổ dân phố số 3.',
  'Đề nghị các gia đình đưa trẻ đến đúng giờ, mang theo sổ tiêm chủng.',
];

describe('an uploaded .docx or text, decoded by content', () => {
  it('reads the paragraphs of a real .docx as text, diacritics intact (NFC)', async () => {
    const text = await decodeUpload(makeDocx('plan', PLAN), 'ke-hoach.docx');
    for (const p of PLAN) expect(text).toContain(p);
    expect(text).toBe(text.normalize('NFC'));
    // Paragraphs stay apart (the cleaner and the splitter work on lines).
    expect(text.indexOf('THÔNG BÁO')).toBeLessThan(text.indexOf('Ngày 25/11/2026'));
    expect(text).toMatch(/THÔNG BÁO\n+Về việc/);
  });

  it('refuses empty, old .doc, non-zip, broken and zip-bomb uploads with coded errors', async () => {
    expect(await codeOf(decodeUpload(makeDocx('empty', ['', '   ']), 'rong.docx'))).toBe('LP_ERR_INPUT_EMPTY');
    expect(await codeOf(decodeUpload(Buffer.alloc(0), 'rong.docx'))).toBe('LP_ERR_INPUT_EMPTY');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    expect(await codeOf(decodeUpload(ole, 'cu.docx'))).toBe('LP_ERR_INPUT_DOCX');
    // Chosen by content, not by name: plain text called .docx is read as the text it is.
    expect(await decodeUpload(Buffer.from('Chỉ là chữ, không phải Word'), 'gia.docx')).toBe('Chỉ là chữ, không phải Word');
    // A zip, but not a Word document.
    expect(await codeOf(decodeUpload(oneEntryZip('anh.png', Buffer.from('x'.repeat(100))), 'anh.docx'))).toBe('LP_ERR_INPUT_DOCX');
    // A zip cut short: no central directory.
    const docx = makeDocx('cut', PLAN);
    expect(await codeOf(decodeUpload(docx.subarray(0, docx.length - 40), 'cut.docx'))).toBe('LP_ERR_INPUT_DOCX');
    const bomb = oneEntryZip('word/document.xml', Buffer.from('<w:document/>'), MAX_DOCX_UNPACKED + 1);
    expect(zipUnpackedSize(bomb)).toBe(MAX_DOCX_UNPACKED + 1);
    expect(await codeOf(decodeUpload(bomb, 'bom.docx'))).toBe('LP_ERR_INPUT_TOO_LARGE');
    expect(await codeOf(decodeUpload(Buffer.alloc(11 * 1024 * 1024, 0x50), 'lon.docx'))).toBe('LP_ERR_INPUT_TOO_LARGE');
  });

  it('refuses a zip bomb whose directory understates its size: the real inflated size counts', async () => {
    const real = Buffer.alloc(MAX_DOCX_UNPACKED + 1024, 0x20);
    const liar = oneEntryZip('word/document.xml', real, 13);
    expect(liar.length).toBeLessThan(200 * 1024);
    expect(zipUnpackedSize(liar)).toBe(13);
    expect(await codeOf(decodeUpload(liar, 'bom-gia-nho.docx'))).toBe('LP_ERR_INPUT_TOO_LARGE');
  });

  it('passes text files to the text decoder (binary refused, BOM dropped)', async () => {
    expect(await decodeUpload(Buffer.from('\uFEFFBản tin sáng', 'utf8'), 'a.txt')).toBe('Bản tin sáng');
    expect(await codeOf(decodeUpload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), 'anh.md'))).toBe('LP_ERR_INPUT_BINARY');
  });
});

function multipart(csrf: string, filename: string, data: Buffer, fields: Record<string, string> = {}): { body: Buffer; type: string } {
  const b = '----lpDocxBoundary7';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: csrf, ...fields })) {
    parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

describe('POST /api/bulletins with a .docx', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('drafts a bulletin from an uploaded Word plan (header lines cleaned away, spoken form has no digits)', async () => {
    const l = await login(h.app, 'admin', ADMIN_PASSWORD);
    const m = multipart(l.csrf, 'thong-bao-tiem-chung.docx', makeDocx('route', PLAN), { campaign: 'Tiêm chủng mở rộng' });
    const res = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: { cookie: l.cookie, 'content-type': m.type }, payload: m.body });
    expect(res.statusCode).toBe(303);
    const id = Number(/\/ban-tin\/(\d+)$/.exec(res.headers.location as string)?.[1]);
    const b = (await h.app.inject({ url: `/api/bulletins/${id}`, headers: { cookie: l.cookie } })).json();
    expect(b.source).toBe('thong-bao-tiem-chung.docx');
    expect(b.campaign).toBe('Tiêm chủng mở rộng');
    expect(b.text).toContain('Trạm Y tế phường tổ chức tiêm vắc xin sởi');
    expect(b.text).not.toContain('Độc lập - Tự do - Hạnh phúc');
    expect(b.spoken).toContain('hai mươi lăm tháng mười một');
    expect(b.spoken).not.toMatch(/\d/);
  });

  it('answers a broken Word file with an error page naming LP_ERR_INPUT_DOCX, and creates nothing', async () => {
    const l = await login(h.app, 'admin', ADMIN_PASSWORD);
    const m = multipart(l.csrf, 'hong.docx', Buffer.from('PK\u0003\u0004 không đủ'));
    const res = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: { cookie: l.cookie, 'content-type': m.type }, payload: m.body });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('LP_ERR_INPUT_DOCX');
    expect(res.body).toContain('hong.docx');
    expect((await h.app.inject({ url: '/api/bulletins', headers: { cookie: l.cookie } })).json()).toEqual([]);
  });
});

describe('pastes, scans and the bulletin list', () => {
  let h: Harness;
  let l: Login;
  beforeEach(async () => {
    h = await makeHarness();
    l = await login(h.app, 'admin', ADMIN_PASSWORD);
  });
  afterEach(async () => {
    await h.close();
  });
  const listed = async () => (await h.app.inject({ url: '/api/bulletins', headers: { cookie: l.cookie } })).json() as { id: number }[];
  const paste = (text: string) => h.app.inject({ method: 'POST', url: '/api/bulletins', headers: l.headers, payload: { text } });

  it('a paste gets the checks a file gets: hidden controls and more than 1 MB are refused, nothing is made', async () => {
    const rlo = await paste('Thông báo \u202Egnohp\u202C họp tổ dân phố.');
    expect(rlo.statusCode).toBe(400);
    expect(rlo.json()).toMatchObject({ code: 'LP_ERR_INPUT_CONTROL_CHARS', message: expect.stringContaining('U+202E') });
    expect((await paste('Thông báo\u0000 họp.')).json().code).toBe('LP_ERR_INPUT_CONTROL_CHARS');
    const big = await paste('Thông báo họp tổ dân phố. '.repeat(45_000));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('LP_ERR_INPUT_TOO_LARGE');
    expect(await listed()).toEqual([]);
  });

  it('one document may not flood the list: past 40 bulletins it is refused whole, with a code', async () => {
    const body = readFileSync('/work/shared/campaigns/gia-vien-ward-plan-2026.txt', 'utf8').split('Nơi nhận:')[0];
    const res = await paste(`${body}\n\n`.repeat(20));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'LP_ERR_DOCUMENT_TOO_MANY_BULLETINS', message: expect.stringContaining('tối đa 40') });
    expect(await listed()).toEqual([]);
  });

  it('the list pages, newest first (page and API)', async () => {
    const store = h.stores.bulletins;
    for (let i = 1; i <= 120; i++) {
      await store.create({ title: `Bản tin số ${i}`, text: 'Nội dung.', spoken: 'Nội dung.', quality: { suspect: false, score: 1, warnings: [] } }, 'admin', h.clock.now);
    }
    const first = await h.app.inject({ url: '/ban-tin', headers: { cookie: l.cookie } });
    expect(first.body).toContain('Bản tin số 120');
    expect(first.body).not.toContain('Bản tin số 70<');
    expect(first.body).toMatch(/Trang 1 \/ 3 <a href="\/ban-tin\?trang=2">Cũ hơn/);
    const last = await h.app.inject({ url: '/ban-tin?trang=3', headers: { cookie: l.cookie } });
    expect(last.body).toContain('Bản tin số 1<');
    expect(last.body).toContain('Trang 3 / 3');
    const api = (await h.app.inject({ url: '/api/bulletins?limit=10&offset=110', headers: { cookie: l.cookie } })).json() as { title: string }[];
    expect(api.map((b) => b.title)).toEqual(Array.from({ length: 10 }, (_x, i) => `Bản tin số ${10 - i}`));
  });

  it('a scanned PDF uploaded in the browser is followed on a progress page until its drafts are made', async () => {
    const f = await makeDocumentFixtures();
    const scan = join(work, 'quet-2-trang.pdf');
    await imagesToPdf(f.scanPages.slice(0, 2), scan);
    const m = multipart(l.csrf, 'ke-hoach-quet.pdf', readFileSync(scan), { campaign: 'Nghị quyết 57' });
    const res = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: { cookie: l.cookie, 'content-type': m.type }, payload: m.body });
    expect(res.statusCode).toBe(303);
    const job = res.headers.location as string;
    expect(job).toMatch(/^\/ban-tin\/xu-ly\/[0-9a-f-]{36}$/);
    const seen = new Set<string>();
    let page = await h.app.inject({ url: job, headers: { cookie: l.cookie } });
    for (let i = 0; page.statusCode === 200 && i < 600; i++) {
      expect(page.headers.refresh).toBe('1');
      seen.add(/data-testid="job-progress">([^<]*)</.exec(page.body)?.[1] ?? '');
      await new Promise((r) => setTimeout(r, 250));
      page = await h.app.inject({ url: job, headers: { cookie: l.cookie } });
    }
    expect(page.statusCode, page.body).toBe(303);
    expect([...seen].some((s) => /^trang [12]\/2: nhận dạng chữ \(OCR\)$/.test(s)), [...seen].join(' | ')).toBe(true);
    const made = (await (await h.app.inject({ url: `/api/bulletins/jobs/${job.split('/').pop()}`, headers: { cookie: l.cookie } })).json()) as { state: string; bulletinIds: number[] };
    expect(made.state).toBe('done');
    const b = (await h.app.inject({ url: `/api/bulletins/${made.bulletinIds[0]}`, headers: { cookie: l.cookie } })).json();
    expect(b).toMatchObject({ source: 'ke-hoach-quet.pdf', campaign: 'Nghị quyết 57' });
    expect(b.spoken).toContain('Nghị quyết số năm mươi bảy');
    // Only who uploaded (or an admin) follows the job.
    await addUser(h, 'bien-tap', 'operator');
    const other = await login(h.app, 'bien-tap', 'bien-tap-mat-khau');
    expect((await h.app.inject({ url: job, headers: { cookie: other.cookie } })).statusCode).toBe(404);
  }, 300_000);

  it('a locked PDF ends on the progress page with its code, and nothing is made', async () => {
    const f = await makeDocumentFixtures();
    const locked = join(work, 'khoa.pdf');
    execFileSync('qpdf', ['--encrypt', 'mk', 'chu', '256', '--', f.page1Pdf, locked]);
    const m = multipart(l.csrf, 'khoa.pdf', readFileSync(locked));
    const res = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: { cookie: l.cookie, 'content-type': m.type }, payload: m.body });
    let page = await h.app.inject({ url: res.headers.location as string, headers: { cookie: l.cookie } });
    for (let i = 0; !page.body.includes('job-error') && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await h.app.inject({ url: res.headers.location as string, headers: { cookie: l.cookie } });
    }
    expect(page.body).toContain('LP_ERR_DOCUMENT_ENCRYPTED');
    expect(page.headers.refresh).toBeUndefined();
    expect(await listed()).toEqual([]);
  }, 120_000);
});
