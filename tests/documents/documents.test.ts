/**
 * Documents as they arrive, decoded for real (poppler, Tesseract with its Vietnamese data): the
 * shared plan printed to PDF by Chromium, the same pages scanned, a skewed noisy photo of page 1,
 * and a notice laid out line by line (two-column header, running foot, page numbers on top, a
 * syllable cut across the page break). The spoken script from each is compared with the one from
 * the text file (character similarity, bench/documents.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charSimilarity, imagesToPdf, imageThrough, makeDocumentFixtures, spokenOf, type DocumentFixtures } from '../../bench/documents.js';
import { decodeDocument, describeProgress, type DocumentProgress } from '../../src/documents/index.js';
import { cleanText } from '../../src/text/index.js';
import { cli, placedPdf, type Placed } from './helpers.js';

let f: DocumentFixtures;
let reference: string;
const work = mkdtempSync(join(tmpdir(), 'lp-docs-'));

beforeAll(async () => {
  f = await makeDocumentFixtures();
  reference = spokenOf(readFileSync(f.text, 'utf8'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function decode(file: string) {
  const progress: DocumentProgress[] = [];
  const doc = await decodeDocument(readFileSync(file), file, { onProgress: (p) => progress.push(p) });
  return { doc, progress, spoken: spokenOf(doc.text) };
}

describe('a PDF with a text layer (printed by Chromium)', () => {
  it('reads as the text file does (≥ 99 %), without the running head and page numbers, page by page', async () => {
    const { doc, progress, spoken } = await decode(f.pdf);
    expect(doc).toMatchObject({ kind: 'pdf', pages: f.pages, ocrPages: [] });
    expect(charSimilarity(spoken, reference)).toBeGreaterThanOrEqual(99);
    const clean = cleanText(doc.text);
    expect(clean).not.toContain('Kế hoạch tuyên truyền Nghị quyết 57');
    expect(clean).not.toMatch(/Trang \d/);
    // A line-end hyphen is kept for the cleaner ("128/KH-" + "SVHTTDL"); poppler's plain output drops it.
    expect(doc.text).toContain('128/KH-\nSVHTTDL');
    expect(progress).toEqual(Array.from({ length: f.pages }, (_x, i) => ({ stage: 'text', page: i + 1, pages: f.pages })));
  });
});

describe('scans and photos (Tesseract, Vietnamese data)', () => {
  it('a clean scan of every page reads as the text file does (≥ 97 %), each page OCR\'d with progress', async () => {
    const { doc, progress, spoken } = await decode(f.scanPdf);
    expect(doc.ocrPages).toEqual(Array.from({ length: f.pages }, (_x, i) => i + 1));
    const similarity = charSimilarity(spoken, reference);
    expect(similarity, `similarity ${similarity.toFixed(2)} %`).toBeGreaterThanOrEqual(97);
    expect(progress.filter((p) => p.stage === 'ocr').map(describeProgress)).toEqual(
      Array.from({ length: f.pages }, (_x, i) => `trang ${i + 1}/${f.pages}: nhận dạng chữ (OCR)`));
    expect(cleanText(doc.text)).not.toMatch(/Trang \d\/\d/);
  }, 400_000);

  it('in a PDF of text pages and a scanned page, only the page without a text layer is OCR\'d', async () => {
    const scanned2 = join(work, 'trang-2-quet.pdf');
    await imagesToPdf([f.scanPages[1]], scanned2);
    const mixed = join(work, 'tron.pdf');
    execFileSync('qpdf', ['--empty', '--pages', f.page1Pdf, scanned2, '--', mixed]);
    const { doc, progress } = await decode(mixed);
    expect(doc).toMatchObject({ kind: 'pdf', pages: 2, ocrPages: [2] });
    expect(progress.map(describeProgress)).toEqual(['trang 1/2: đọc chữ', 'trang 2/2: đọc chữ', 'trang 2/2: nhận dạng chữ (OCR)']);
    expect(doc.text).toContain('Số: 90/KH-UBND');
  }, 200_000);

  it('a skewed, grainy phone photo of page 1 reads as page 1 does (≥ 97 %; the bench prints the figure)', async () => {
    const photo = await decode(f.photo);
    const page1 = await decode(f.page1Pdf);
    expect(photo.doc).toMatchObject({ kind: 'image', pages: 1, ocrPages: [1] });
    const similarity = charSimilarity(photo.spoken, page1.spoken);
    expect(similarity, `similarity ${similarity.toFixed(2)} %`).toBeGreaterThanOrEqual(97);
  }, 200_000);

  it('a blurred scan is refused by the quality guard with what to do: a sharper scan or the original file', async () => {
    const blurred = join(work, 'mo.png');
    await imageThrough(f.scanPages[0], blurred, 'gblur=sigma=8');
    const pdf = join(work, 'ban-quet-mo.pdf');
    await imagesToPdf([blurred], pdf);
    const r = await cli(['text', 'check', pdf], { LOAPHUONG_DATA_DIR: join(work, 'data') }, work);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/LP_ERR_TEXT_SUSPECT : .*quét lại rõ hơn.*dùng tệp gốc/);
    expect(r.stderr).toContain('trang 1/1: nhận dạng chữ (OCR)');
  }, 200_000);

  it('`text speak` on a scanned PDF prints the spoken form on stdout and "trang N/M" on stderr', async () => {
    const pdf = join(work, 'hai-trang.pdf');
    await imagesToPdf(f.scanPages.slice(0, 2), pdf);
    const r = await cli(['text', 'speak', pdf], { LOAPHUONG_DATA_DIR: join(work, 'data') }, work);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Tuyên truyền Nghị quyết số năm mươi bảy');
    expect(r.stdout).not.toMatch(/\d/);
    expect(r.stderr).toContain('trang 1/2: nhận dạng chữ (OCR)');
    expect(r.stderr).toContain('trang 2/2: nhận dạng chữ (OCR)');
  }, 200_000);
});

describe('page furniture of an official notice laid out line by line', () => {
  const L = 70;
  const R = 320;
  const body1 = [
    'Thực hiện kế hoạch phòng chống dịch bệnh năm 2026 của Ủy ban nhân dân',
    'phường, nhằm chủ động ngăn chặn dịch sốt xuất huyết lây lan trong mùa mưa,',
    'Ủy ban nhân dân phường Gia Viên đề nghị các tổ dân phố đẩy mạnh công tác truy-',
  ];
  const body2 = [
    'ền thông để người dân chủ động diệt loăng quăng, bọ gậy tại gia đình.',
    'Các hộ gia đình thu gom vật dụng chứa nước đọng quanh nhà trước ngày 15/4/2026.',
  ];
  const foot = 'Thông báo số 15/TB-UBND của phường Gia Viên';
  const pages: Placed[][] = [
    [
      ['ỦY BAN NHÂN DÂN', L, 60], ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', R, 60],
      ['PHƯỜNG GIA VIÊN', L + 12, 76], ['Độc lập - Tự do - Hạnh phúc', R + 30, 76],
      ['Số: 15/TB-UBND', L + 14, 100], ['Gia Viên, ngày 5 tháng 4 năm 2026', R + 14, 100],
      ['THÔNG BÁO', 250, 150], ['Về việc phòng chống dịch sốt xuất huyết', 170, 168],
      ...body1.map((t, i): Placed => [t, L, 640 + i * 18]),
      [foot, 180, 800],
    ],
    [
      ['2', 295, 40],
      ...body2.map((t, i): Placed => [t, L, 100 + i * 18]),
      ['Nơi nhận:', L, 200], ['- Các tổ dân phố;', L, 216], ['- Lưu: VT.', L, 232],
      ['TM. ỦY BAN NHÂN DÂN', R, 200], ['CHỦ TỊCH', R + 40, 216], ['Nguyễn Văn An', R + 20, 280],
      [foot, 180, 800],
    ],
  ];

  it('drops the foot and the page number, keeps the header columns apart, mends the cut syllable', async () => {
    const pdf = join(work, 'thong-bao.pdf');
    await placedPdf(pdf, pages);
    const { doc, spoken } = await decode(pdf);
    expect(doc.ocrPages).toEqual([]);
    const clean = cleanText(doc.text);
    expect(clean).not.toContain(foot);
    expect(clean).not.toMatch(/^2$/m);
    expect(clean).toContain('công tác truyền thông để người dân');
    // The whole notice as a text file would give it: same spoken script.
    const asText = ['ỦY BAN NHÂN DÂN', 'PHƯỜNG GIA VIÊN', 'Số: 15/TB-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
      'Gia Viên, ngày 5 tháng 4 năm 2026', '', 'THÔNG BÁO', 'Về việc phòng chống dịch sốt xuất huyết', '',
      `${body1.join(' ').replace(/truy-$/, 'truy')}${body2[0]}`, body2[1], '', 'Nơi nhận:', '- Các tổ dân phố;', '- Lưu: VT.',
      '', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', '', 'Nguyễn Văn An'].join('\n');
    expect(spoken).toBe(spokenOf(asText));
  });
});
