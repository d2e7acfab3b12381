/**
 * Documents bench, and the fixtures the documents tests share. From a shared campaign plan (.txt):
 * the plan printed to PDF by Debian's Chromium (running head, "Trang N/M" feet: a text layer), the
 * same pages rasterised at 300 dpi by pdftoppm into a scanned PDF (images only), and a skewed, noisy
 * JPEG "photo" of page 1 (ffmpeg's rotate and noise filters). Deterministic: same inputs, same bytes
 * but for the PDF's creation date.
 *
 * Figures (character similarity = 2·LCS / (|a| + |b|) over code points of the spoken scripts, %):
 * - pdf_text_char_accuracy: text-layer PDF vs the .txt; peer pdf_text_char_accuracy_peer_plain,
 *   poppler's plain `pdftotext` output (no geometry: furniture kept, line-end hyphens dropped).
 * - ocr_char_accuracy_scan: scanned PDF vs the .txt; peer ocr_char_accuracy_scan_peer_eng, the same
 *   OCR without Tesseract's Vietnamese data.
 * - ocr_char_accuracy_photo: the photo of page 1 vs page 1 of the text-layer PDF.
 * - ocr_seconds_per_page: CPU seconds (utime+stime of the children: pdftoppm + Tesseract) per
 *   scanned page, so other load on the machine barely moves it; peer ocr_seconds_per_page_peer_eng.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import { chromium } from 'playwright-core';
import { runFfmpeg } from '../src/audio/ffmpeg.js';
import { pdfRasterCommand } from '../src/documents/commands.js';
import { decodeDocument, type DecodedDocument } from '../src/documents/index.js';
import { runTool } from '../src/documents/run.js';
import { prepareScript } from '../src/text/index.js';
import type { Emit } from './run.js';

const SHARED = process.env.LOAPHUONG_SHARED_DIR ?? resolve(process.cwd(), '..', 'shared');
export const FIXTURE_PLAN = resolve(SHARED, 'campaigns', 'gia-vien-ward-plan-2026.txt');
/** A4 in points, as Chromium prints it. */
const A4 = [595.92, 842.88] as const;
/** Bumped when the way fixtures are made changes, so a stale cache is not reused. */
const FIXTURE_VERSION = 3;

/**
 * Character similarity of two texts, %: 2·LCS / (|a| + |b|), by Myers' O(ND) difference algorithm
 * (fast when the texts are close, which is what is measured).
 */
export function charSimilarity(a: string, b: string): number {
  const x = [...a.normalize('NFC')];
  const y = [...b.normalize('NFC')];
  const n = x.length;
  const m = y.length;
  if (n + m === 0) return 100;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let i = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      v[off + k] = i;
      if (i >= n && j >= m) return 100 * (1 - d / max);
    }
  }
  return 0;
}

/** What the voice would read from a raw text. */
export const spokenOf = (raw: string) => prepareScript(raw).spoken;

export interface DocumentFixtures {
  /** The source plan. */
  readonly text: string;
  /** Printed by Chromium: a text layer, running head and page-number feet. */
  readonly pdf: string;
  /** The same pages as 300 dpi greyscale images, no text layer. */
  readonly scanPdf: string;
  /** Page 1 at 200 dpi, turned 2.5°, with grain, as a JPEG. */
  readonly photo: string;
  /** Page 1 of `pdf` alone (the photo's reference). */
  readonly page1Pdf: string;
  /** The scanned pages, one PNG each (300 dpi, greyscale). */
  readonly scanPages: readonly string[];
  readonly pages: number;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The plan as a page a ward office would print: one paragraph per block, *emphasis* in italics. */
export function planHtml(text: string): string {
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  const body = blocks.map((b) => `<p>${b.split('\n').map((l) => escapeHtml(l).replace(/\*([^*]+)\*/g, '<em>$1</em>')).join('<br>')}</p>`).join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
    body { font-family: 'DejaVu Serif', serif; font-size: 13pt; line-height: 1.35; text-align: justify }
    p { margin: 0 0 6pt 0 }</style></head><body>${body}</body></html>`;
}

/** Chromium's print of `html` with a running head and "Trang N/M" at the foot of every page. */
export async function printPdf(html: string, runningHead: string): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html);
    const small = 'font-size:9pt;width:100%;text-align:center;font-family:DejaVu Serif';
    return await page.pdf({
      format: 'A4', margin: { top: '25mm', bottom: '25mm', left: '30mm', right: '20mm' }, displayHeaderFooter: true,
      headerTemplate: `<div style="${small}">${escapeHtml(runningHead)}</div>`,
      footerTemplate: `<div style="${small}">Trang <span class="pageNumber"></span>/<span class="totalPages"></span></div>`,
    });
  } finally {
    await browser.close();
  }
}

/** A PDF of images only, one per A4 page: what a scanner's "scan to PDF" makes. */
export function imagesToPdf(images: readonly string[], out: string): Promise<void> {
  return new Promise((done, fail) => {
    const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0), Producer: 'loaphuong bench' } });
    const sink = createWriteStream(out);
    sink.on('finish', () => done()).on('error', fail);
    doc.pipe(sink);
    for (const img of images) doc.addPage({ size: [...A4], margin: 0 }).image(img, 0, 0, { width: A4[0], height: A4[1] });
    doc.end();
  });
}

/** One page of a PDF as a greyscale PNG (the documents stage's own raster command). */
export async function rasterPage(pdf: string, page: number, dpi: number, outBase: string): Promise<string> {
  const r = await runTool(pdfRasterCommand(pdf, page, dpi, outBase));
  if (r.code !== 0) throw new Error(`pdftoppm: ${r.stderr}`);
  return `${outBase}.png`;
}

/** One image through ffmpeg's filters `vf` into `out` (its format from the name). */
export async function imageThrough(input: string, out: string, vf: string): Promise<void> {
  await runFfmpeg({ label: 'ảnh thử', inputs: [{ source: input, options: [] }], output: out, outputOptions: ['-vf', vf, '-frames:v', '1', '-q:v', '5', '-y'] });
}

/** A phone photo of a printed page: turned a little, grainy, JPEG-compressed. Seeded: the same bytes each time. */
export function photoOf(png: string, out: string, degrees = 2.5): Promise<void> {
  const a = `${degrees}*PI/180`;
  return imageThrough(png, out, `rotate=${a}:ow=rotw(${a}):oh=roth(${a}):fillcolor=white,noise=alls=14:allf=u:all_seed=7,format=gray`);
}

/** The fixtures, made once per version and source text (cached in the temp dir, shared by test files). */
export async function makeDocumentFixtures(): Promise<DocumentFixtures> {
  const text = readFileSync(FIXTURE_PLAN, 'utf8');
  const key = createHash('sha256').update(`${FIXTURE_VERSION}\n${text}`).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `lp-doc-fixtures-${key}`);
  const files = { text: FIXTURE_PLAN, pdf: join(dir, 'ke-hoach.pdf'), scanPdf: join(dir, 'ke-hoach-quet.pdf'), photo: join(dir, 'anh-chup-trang-1.jpg'), page1Pdf: join(dir, 'ke-hoach-trang-1.pdf') };
  const withPages = (pages: number) => ({ ...files, pages, scanPages: Array.from({ length: pages }, (_x, i) => join(dir, `quet-${i + 1}.png`)) });
  if (existsSync(join(dir, 'pages'))) return withPages(Number(readFileSync(join(dir, 'pages'), 'utf8')));

  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const at = (f: string) => join(work, f.slice(dir.length + 1));
  writeFileSync(at(files.pdf), await printPdf(planHtml(text), 'UBND PHƯỜNG GIA VIÊN — Kế hoạch tuyên truyền Nghị quyết 57'));
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [at(files.pdf)], { encoding: 'utf8' }))?.[1]);
  const scans: string[] = [];
  for (let p = 1; p <= pages; p++) scans.push(await rasterPage(at(files.pdf), p, 300, join(work, `quet-${p}`)));
  await imagesToPdf(scans, at(files.scanPdf));
  await photoOf(await rasterPage(at(files.pdf), 1, 200, join(work, 'trang-1-200dpi')), at(files.photo));
  execFileSync('qpdf', [at(files.pdf), '--pages', '.', '1', '--', at(files.page1Pdf)]);
  writeFileSync(join(work, 'pages'), String(pages));
  // Whole or not at all: another test file may be making the same fixtures at the same moment.
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true });
  }
  return withPages(pages);
}

/** CPU seconds used so far by this process's finished children (utime+stime from /proc). */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: cutime and cstime are fields 16 and 17 of proc(5), in clock ticks (100 Hz).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function timedDecode(file: string, lang: string): Promise<{ doc: DecodedDocument; cpu: number }> {
  const before = childCpuSeconds();
  const doc = await decodeDocument(readFileSync(file), file, { ocrLanguage: lang });
  return { doc, cpu: childCpuSeconds() - before };
}

export async function run(emit: Emit): Promise<void> {
  const f = await makeDocumentFixtures();
  const reference = spokenOf(readFileSync(f.text, 'utf8'));

  const layer = await decodeDocument(readFileSync(f.pdf), f.pdf);
  emit('pdf_text_char_accuracy', charSimilarity(spokenOf(layer.text), reference), '%');
  const plain = execFileSync('pdftotext', ['-enc', 'UTF-8', f.pdf, '-'], { encoding: 'utf8' });
  emit('pdf_text_char_accuracy_peer_plain', charSimilarity(spokenOf(plain), reference), '%');

  const vie = await timedDecode(f.scanPdf, 'vie');
  const eng = await timedDecode(f.scanPdf, 'eng');
  process.stderr.write(`[bench] documents: ${f.pages} scanned pages, OCR'd ${vie.doc.ocrPages.length}; CPU ${vie.cpu.toFixed(1)} s (vie), ${eng.cpu.toFixed(1)} s (eng)\n`);
  emit('ocr_char_accuracy_scan', charSimilarity(spokenOf(vie.doc.text), reference), '%');
  emit('ocr_char_accuracy_scan_peer_eng', charSimilarity(spokenOf(eng.doc.text), reference), '%');
  emit('ocr_seconds_per_page', vie.cpu / f.pages, 's');
  emit('ocr_seconds_per_page_peer_eng', eng.cpu / f.pages, 's');

  const photo = await decodeDocument(readFileSync(f.photo), f.photo);
  const page1 = await decodeDocument(readFileSync(f.page1Pdf), f.page1Pdf);
  emit('ocr_char_accuracy_photo', charSimilarity(spokenOf(photo.text), spokenOf(page1.text)), '%');
}
