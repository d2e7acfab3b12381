/**
 * A PDF → its pages' text: the text layer where it is usable (poppler, with geometry), OCR where it
 * is not (a scan, a page of unmapped glyphs or of legacy-encoded Vietnamese), page by page so that
 * progress can say "page N of M" and every child has a bounded piece of work.
 */
import { join } from 'node:path';
import { LpError } from '../errors.js';
import { pdfInfoCommand, pdfRasterCommand, pdfTextCommand } from './commands.js';
import type { PageReading } from './jobs.js';
import type { PageLayout } from './layout.js';
import { ocrImage } from './ocr.js';
import { runTool } from './run.js';
import type { WorkPool } from './work.js';

export interface PdfInfo {
  readonly pages: number;
  readonly encrypted: boolean;
  /** Width and height in points of the pages listed (1-based index − 1). */
  readonly sizes: readonly { readonly width: number; readonly height: number }[];
}

/** `pdfinfo -f 1 -l N` output → facts. Pure. */
export function parsePdfInfo(out: string): PdfInfo {
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1] ?? 0);
  const encrypted = /^Encrypted:\s+yes/m.test(out);
  const sizes: { width: number; height: number }[] = [];
  for (const m of out.matchAll(/^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)/gm)) {
    sizes[Number(m[1]) - 1] = { width: Number(m[2]), height: Number(m[3]) };
  }
  return { pages, encrypted, sizes };
}

/** Poppler's complaint → the user's error. */
export function pdfFailure(name: string, stderr: string): LpError {
  if (/Incorrect password/i.test(stderr)) return new LpError('LP_ERR_DOCUMENT_ENCRYPTED', name);
  const last = stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 300);
  return new LpError('LP_ERR_DOCUMENT_DAMAGED', `${name}: ${last || 'poppler không mở được tệp'}`);
}

/** The largest raster an OCR'd page becomes: A4 at 300 dpi is 8.7 million pixels. */
export const MAX_RASTER_PIXELS = 12_000_000;
export const OCR_DPI = 300;

/** 300 dpi, lowered for an oversized page so that its raster stays under {@link MAX_RASTER_PIXELS}. */
export function rasterDpi(size: { width: number; height: number } | undefined): number {
  if (!size || !(size.width > 0) || !(size.height > 0)) return OCR_DPI;
  const squareInches = (size.width / 72) * (size.height / 72);
  return Math.max(1, Math.min(OCR_DPI, Math.floor(Math.sqrt(MAX_RASTER_PIXELS / squareInches))));
}

export interface PdfProgress {
  readonly stage: 'text' | 'ocr';
  readonly page: number;
  readonly pages: number;
}

export interface PdfOptions {
  readonly dir: string;
  readonly maxPages: number;
  /** One page's text layer (DocumentLimits.pageTextSeconds). */
  readonly pageTextSeconds: number;
  readonly lang: string;
  readonly work: WorkPool;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: PdfProgress) => void;
}

/** The pages of `pdf` (already on disk in `opts.dir`), and which of them were OCR'd. */
export async function readPdfPages(pdf: string, name: string, opts: PdfOptions): Promise<{ pages: PageLayout[]; ocrPages: number[] }> {
  const inf = await runTool(pdfInfoCommand(pdf, opts.maxPages + 1), opts.signal);
  if (inf.code !== 0) throw pdfFailure(name, inf.stderr);
  const info = parsePdfInfo(inf.stdout.toString('utf8'));
  if (info.pages > opts.maxPages) throw new LpError('LP_ERR_DOCUMENT_TOO_MANY_PAGES', `${name}: ${info.pages} trang, tối đa ${opts.maxPages}`);
  if (info.pages === 0) throw new LpError('LP_ERR_DOCUMENT_DAMAGED', `${name}: không có trang nào`);

  const pages: PageLayout[] = [];
  const ocrPages: number[] = [];
  for (let page = 1; page <= info.pages; page++) {
    opts.onProgress?.({ stage: 'text', page, pages: info.pages });
    const t = await runTool(pdfTextCommand(pdf, page, opts.pageTextSeconds), opts.signal);
    if (t.code !== 0) throw pdfFailure(`${name} trang ${page}`, t.stderr);
    const layer = await opts.work.run('pdf-page', { xhtml: t.stdout.toString('utf8') });
    if (layer.usable) {
      pages.push(layer.page);
      continue;
    }
    opts.onProgress?.({ stage: 'ocr', page, pages: info.pages });
    const ocr = await ocrPage(pdf, page, info.sizes[page - 1], `${name} trang ${page}`, opts, layer);
    pages.push(ocr.page);
    if (ocr !== layer) ocrPages.push(page);
  }
  return { pages, ocrPages };
}

/**
 * The page as OCR reads it, or its text layer when that reads better (a short page of real text)
 * or when there is no OCR on this machine and the layer has something to say.
 */
async function ocrPage(pdf: string, page: number, size: PdfInfo['sizes'][number] | undefined, label: string, opts: PdfOptions, layer: PageReading): Promise<PageReading> {
  const dpi = rasterDpi(size);
  const base = join(opts.dir, `trang-${page}`);
  const r = await runTool(pdfRasterCommand(pdf, page, dpi, base), opts.signal);
  if (r.code !== 0) throw pdfFailure(label, r.stderr);
  let read: PageReading[];
  try {
    read = await ocrImage(`${base}.png`, { lang: opts.lang, dpi, signal: opts.signal, work: opts.work, label });
  } catch (e) {
    if (e instanceof LpError && e.code === 'LP_ERR_DEPENDENCY_MISSING' && layer.letters > 0) return layer;
    throw e;
  }
  const ocr = read[0];
  if (!ocr || ocr.letters === 0) return layer;
  if (layer.letters === 0) return ocr;
  return ocr.score > layer.score || (ocr.score === layer.score && ocr.letters > layer.letters) ? ocr : layer;
}
