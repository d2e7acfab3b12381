/**
 * Bad documents get a coded error, quickly and within bounds: encrypted or damaged PDFs, an image
 * with no text, a 200-page PDF, a 60-megapixel photo, a "PDF" that is a zip, a PDF bomb, and a
 * document that runs past its deadline. Every case goes through the real tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocumentFixtures, type DocumentFixtures } from '../../bench/documents.js';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';
import { decodeDocument } from '../../src/documents/index.js';
import { isLpError } from '../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'lp-bad-docs-'));
let f: DocumentFixtures;
beforeAll(async () => {
  f = await makeDocumentFixtures();
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function refusal(bytes: Buffer, name: string, limits = {}): Promise<{ code: string; message: string }> {
  try {
    await decodeDocument(bytes, name, { limits });
  } catch (e) {
    if (isLpError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  return { code: 'no error', message: '' };
}

/** A solid picture (and grain) made by ffmpeg's lavfi source, for images with no text and the 60 MP photo. */
async function picture(out: string, size: string, grain: boolean): Promise<Buffer> {
  await runFfmpeg({
    label: 'ảnh thử', inputs: [{ source: `color=c=0xf4f1e8:s=${size}`, options: ['-f', 'lavfi'] }], output: out,
    outputOptions: ['-vf', grain ? 'noise=alls=30:allf=u:all_seed=3,format=gray' : 'format=gray', '-frames:v', '1', '-y'],
  });
  return readFileSync(out);
}

/** A PDF written object by object (the cross-reference offsets computed), objects numbered from 1. */
function rawPdf(objects: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0].length;
  objects.forEach((o, i) => {
    const obj = Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`);
    offsets.push(at);
    parts.push(obj);
    at += obj.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Root 1 0 R /Size ${objects.length + 1} >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const pdfStream = (dict: string, s: string) => `<< ${dict} /Length ${Buffer.byteLength(s)} >>\nstream\n${s}\nendstream`;

/**
 * The "billion laughs" of PDF: form k draws form k−1 ten times, nine levels deep, so one page of
 * 3 KB asks for 10⁹ text draws. Objects: 1 catalog, 2 pages, 3 page, 4 font, 5 the text, 6–14 forms, 15 contents.
 */
function nestedFormsBomb(levels = 9): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X ${5 + levels} 0 R >> >> /Contents ${6 + levels} 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    pdfStream('/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>', 'BT /F1 10 Tf 100 400 Td (loa phuong) Tj ET'),
  ];
  for (let k = 1; k <= levels; k++) {
    objs.push(pdfStream(`/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Y ${4 + k} 0 R >> >>`, Array(10).fill('/Y Do').join(' ')));
  }
  objs.push(pdfStream('', '/X Do'));
  return rawPdf(objs);
}

function manyPages(n: number): Promise<Buffer> {
  return new Promise((done) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(Buffer.concat(chunks)));
    for (let i = 1; i <= n; i++) doc.addPage({ size: 'A4' }).text(`Trang ${i} of a very long annex`, 72, 72);
    doc.end();
  });
}

describe('bad documents are refused with a code', () => {
  it('an encrypted PDF (user password) → LP_ERR_DOCUMENT_ENCRYPTED; one only copy-restricted is read', async () => {
    const locked = join(work, 'khoa.pdf');
    execFileSync('qpdf', ['--encrypt', 'mat-khau', 'chu-so-huu', '256', '--', f.page1Pdf, locked]);
    expect((await refusal(readFileSync(locked), 'khoa.pdf')).code).toBe('LP_ERR_DOCUMENT_ENCRYPTED');
    const restricted = join(work, 'han-che.pdf');
    execFileSync('qpdf', ['--encrypt', '', 'chu-so-huu', '256', '--extract=n', '--print=none', '--', f.page1Pdf, restricted]);
    const doc = await decodeDocument(readFileSync(restricted), 'han-che.pdf');
    expect(doc.text).toContain('KẾ HOẠCH');
  });

  it('a damaged PDF (cut short, or garbage after the header) → LP_ERR_DOCUMENT_DAMAGED', async () => {
    expect((await refusal(readFileSync(f.pdf).subarray(0, 20_000), 'cut.pdf')).code).toBe('LP_ERR_DOCUMENT_DAMAGED');
    expect((await refusal(Buffer.from('%PDF-1.4\nkhông phải PDF\n'), 'rac.pdf')).code).toBe('LP_ERR_DOCUMENT_DAMAGED');
    expect((await refusal(readFileSync(f.photo).subarray(0, 600), 'anh-hong.jpg')).code).toBe('LP_ERR_DOCUMENT_DAMAGED');
  });

  it('an image with no text → LP_ERR_DOCUMENT_NO_TEXT', async () => {
    const blank = await picture(join(work, 'trang-trang.png'), '900x1270', true);
    const r = await refusal(blank, 'trang-trang.png');
    expect(r.code).toBe('LP_ERR_DOCUMENT_NO_TEXT');
    expect(r.message).toContain('dùng tệp gốc');
  }, 120_000);

  it('a 200-page PDF → LP_ERR_DOCUMENT_TOO_MANY_PAGES, before any page is read', async () => {
    const r = await refusal(await manyPages(200), 'phu-luc.pdf');
    expect(r).toMatchObject({ code: 'LP_ERR_DOCUMENT_TOO_MANY_PAGES' });
    expect(r.message).toContain('200 trang, tối đa 30');
  });

  it('a 60-megapixel photo → LP_ERR_DOCUMENT_IMAGE_TOO_LARGE from its header, never decoded', async () => {
    const big = await picture(join(work, 'anh-60mp.jpg'), '9000x6700', false);
    const r = await refusal(big, 'anh-60mp.jpg');
    expect(r.code).toBe('LP_ERR_DOCUMENT_IMAGE_TOO_LARGE');
    expect(r.message).toContain('9000 × 6700 = 60.3 triệu điểm ảnh');
  }, 120_000);

  it('a "PDF" that is a zip → LP_ERR_INPUT_BINARY; a Word file named .pdf is read as the Word file it is', async () => {
    const dir = join(work, 'zip');
    execFileSync('mkdir', ['-p', join(dir, 'word')]);
    writeFileSync(join(dir, 'anh.txt'), 'không phải tài liệu');
    execFileSync('zip', ['-q', '-X', join(work, 'la-zip.pdf'), 'anh.txt'], { cwd: dir });
    const r = await refusal(readFileSync(join(work, 'la-zip.pdf')), 'la-zip.pdf');
    expect(r.code).toBe('LP_ERR_INPUT_BINARY');
    expect(r.message).toContain('tệp nén zip');
    writeFileSync(join(dir, '[Content_Types].xml'), '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    execFileSync('mkdir', ['-p', join(dir, '_rels')]);
    writeFileSync(join(dir, '_rels', '.rels'), '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
    writeFileSync(join(dir, 'word', 'document.xml'), '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Thông báo lịch tiêm chủng</w:t></w:r></w:p></w:body></w:document>');
    execFileSync('zip', ['-q', '-X', '-r', join(work, 'word-ten-pdf.pdf'), '[Content_Types].xml', '_rels', 'word'], { cwd: dir });
    const doc = await decodeDocument(readFileSync(join(work, 'word-ten-pdf.pdf')), 'word-ten-pdf.pdf');
    expect(doc).toMatchObject({ kind: 'docx', text: expect.stringContaining('Thông báo lịch tiêm chủng') });
  });

  it('an iPhone HEIC photo → LP_ERR_INPUT_BINARY saying to send a JPEG', async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64)]);
    expect((await refusal(heic, 'IMG_0001.HEIC')).message).toContain('JPEG');
  });

  it('a PDF bomb (3 KB of nested forms asking for 10⁹ draws) is killed at its time limit → LP_ERR_DOCUMENT_LIMIT', async () => {
    const bomb = nestedFormsBomb();
    expect(bomb.length).toBeLessThan(4096);
    // A 3 s page limit instead of 30: the same kill, without the suite waiting half a minute for it.
    const r = await refusal(bomb, 'bom.pdf', { pageTextSeconds: 3 });
    expect(r.code, r.message).toBe('LP_ERR_DOCUMENT_LIMIT');
    expect(r.message).toMatch(/pdftotext trang 1: (?:quá 3 giây|dừng bởi giới hạn)/);
  }, 120_000);

  it('a document past its deadline is stopped (its OCR killed) → LP_ERR_DOCUMENT_LIMIT', async () => {
    const r = await refusal(readFileSync(f.scanPdf), 'ke-hoach-quet.pdf', { totalTimeoutMs: 1500 });
    expect(r.code).toBe('LP_ERR_DOCUMENT_LIMIT');
    expect(r.message).toContain('quá 2 giây');
  }, 60_000);
});
