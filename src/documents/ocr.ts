/**
 * OCR with Tesseract and its Vietnamese data, one image (or one multi-page TIFF) per child process
 * (commands.ts, run.ts); the TSV it prints is parsed in the worker thread.
 */
import { LpError } from '../errors.js';
import { ocrCommand, type OcrLayout } from './commands.js';
import type { PageReading } from './jobs.js';
import { runTool } from './run.js';
import type { WorkPool } from './work.js';

export interface OcrOptions {
  /** Tesseract language(s). @default 'vie' */
  readonly lang: string;
  /** The image's resolution when we made it (a PDF page); unknown for a photo. */
  readonly dpi?: number;
  /** Pages in the image (a TIFF may hold several). */
  readonly pages?: number;
  /** @default 'page' */
  readonly layout?: OcrLayout;
  readonly signal?: AbortSignal;
  readonly work: WorkPool;
  /** For messages: the document and the page. */
  readonly label: string;
}

/** Tesseract's complaint → the user's error: missing language data, an image it cannot read. */
function ocrFailure(stderr: string, opts: OcrOptions): LpError {
  if (/Failed loading language|Error opening data file/i.test(stderr)) {
    return new LpError('LP_ERR_DEPENDENCY_MISSING', `dữ liệu nhận dạng chữ "${opts.lang}": sudo apt-get install tesseract-ocr-${opts.lang.split('+')[0]}`);
  }
  const last = stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 300);
  return new LpError('LP_ERR_DOCUMENT_DAMAGED', `${opts.label}: ${last || 'tesseract không đọc được ảnh'}`);
}

/** The pages Tesseract reads in `image`, with their geometry and quality. */
export async function ocrImage(image: string, opts: OcrOptions): Promise<PageReading[]> {
  const r = await runTool(ocrCommand(image, { lang: opts.lang, dpi: opts.dpi, pages: opts.pages, layout: opts.layout }), opts.signal);
  if (r.code !== 0) throw ocrFailure(r.stderr, opts);
  return opts.work.run('ocr-pages', { tsv: r.stdout.toString('utf8') });
}

/** What a reading is worth: its letters, discounted by the share of them that is no Vietnamese. */
const worth = (r: PageReading | undefined) => (r ? r.letters * r.score : 0);

/**
 * A photo of one page: read with Tesseract's page segmentation, and again as one block of lines;
 * the block reading is kept only when it reads clearly more (the page reading keeps the columns of
 * an official header apart, so it wins a tie).
 */
export async function ocrPhoto(image: string, opts: OcrOptions): Promise<PageReading[]> {
  const page = await ocrImage(image, { ...opts, layout: 'page' });
  const block = await ocrImage(image, { ...opts, layout: 'block' });
  return worth(block[0]) > 1.1 * worth(page[0]) ? block : page;
}
