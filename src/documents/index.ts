/**
 * The documents stage: every way a plan arrives → its raw text for the text stage. One decoder for
 * every door (the `text`, `render` and `air-now` commands, the Bản tin upload and paste, schedule
 * items), chosen by the file's content: .txt/.md, .docx, PDF (text layer, or OCR of a scanned page),
 * and photos or scans (.png, .jpg, .tif) read by Tesseract with its Vietnamese data.
 *
 * The CPU-heavy steps run in the worker thread (work.ts) and the external tools in child processes
 * with limits (run.ts), so the station's event loop only waits. Every refusal is a coded error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../audio/ffmpeg.js';
import { LpError } from '../errors.js';
import { uprightCommand } from './commands.js';
import { MAX_DOCX_UNPACKED } from './docx.js';
import type { PageLayout } from './layout.js';
import { ocrImage, ocrPhoto } from './ocr.js';
import { readPdfPages } from './pdf.js';
import { readBounded } from './read.js';
import { IMAGE_KINDS, imageFacts, sniffKind, SNIFF_BYTES, type DocumentKind, type ImageFacts } from './sniff.js';
import { MAX_INPUT_BYTES } from './text.js';
import { documentWork, type WorkPool } from './work.js';

export { checkPastedText, decodeTextInput, MAX_INPUT_BYTES } from './text.js';
export { MAX_DOCX_UNPACKED, zipUnpackedSize } from './docx.js';
export { sniffKind, type DocumentKind } from './sniff.js';
export { documentWork, WorkPool } from './work.js';
export type { DraftPiece, PreparedScript } from './jobs.js';

export interface DocumentLimits {
  /** Largest .docx, .pdf or image file (a text file: MAX_INPUT_BYTES). @default 20 MB */
  readonly maxFileBytes: number;
  /** Pages of a PDF or TIFF. A ward's plan has a handful; 30 is already a booklet. @default 30 */
  readonly maxPages: number;
  /** Pixels an image may declare (a 12 MP phone photo is fine; 40 MP would take minutes to read). @default 40 000 000 */
  readonly maxImagePixels: number;
  /** What a .docx may unpack to. @default 64 MB */
  readonly maxDocxUnpacked: number;
  /** A regular file that has not finished reading by then is refused (a stuck network mount). @default 20 s */
  readonly readTimeoutMs: number;
  /**
   * A FIFO, socket or device that has not ended by then is refused: within the 10 s a CLI promises
   * for an input that never ends (docs/RELIABILITY.md), a FIFO nobody opens for writing included.
   * @default 6 s (the CLI itself takes about a second to start)
   */
  readonly streamTimeoutMs: number;
  /** The whole of one document, every page and its OCR included. @default 15 min */
  readonly totalTimeoutMs: number;
  /** One step in the worker thread (parsing a Word file, a page). @default 60 s */
  readonly stepTimeoutMs: number;
  /** pdftotext on one page (a real page takes well under a second; a PDF bomb never ends). @default 30 s */
  readonly pageTextSeconds: number;
}

export const DEFAULT_LIMITS: DocumentLimits = Object.freeze({
  maxFileBytes: 20 * 1024 * 1024,
  maxPages: 30,
  maxImagePixels: 40_000_000,
  maxDocxUnpacked: MAX_DOCX_UNPACKED,
  readTimeoutMs: 20_000,
  streamTimeoutMs: 6_000,
  totalTimeoutMs: 15 * 60_000,
  stepTimeoutMs: 60_000,
  pageTextSeconds: 30,
});

export interface DocumentProgress {
  /** Reading a page's text layer, or OCR of a page. */
  readonly stage: 'text' | 'ocr';
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
}

export interface DecodedDocument {
  /** Raw text (NFC) for the text stage; checked like a paste (size, hidden controls). */
  readonly text: string;
  readonly kind: 'text' | 'docx' | 'pdf' | 'image';
  readonly pages: number;
  /** 1-based pages whose text came from OCR. */
  readonly ocrPages: readonly number[];
}

export interface DecodeOptions {
  readonly onProgress?: (p: DocumentProgress) => void;
  readonly signal?: AbortSignal;
  readonly limits?: Partial<DocumentLimits>;
  /** Tesseract language data. @default 'vie' */
  readonly ocrLanguage?: string;
  /** @default the process's pool (documentWork()) */
  readonly work?: WorkPool;
}

/** "trang 2/6: nhận dạng chữ (OCR)" — the same words in the CLI and on the web page. */
export function describeProgress(p: DocumentProgress): string {
  return `trang ${p.page}/${p.pages}: ${p.stage === 'ocr' ? 'nhận dạng chữ (OCR)' : 'đọc chữ'}`;
}

/**
 * What the officer can do when OCR'd text fails the quality guard, added to LP_ERR_TEXT_SUSPECT's
 * detail; null when no page was OCR'd (then the text itself needs checking).
 */
export function scanAdvice(doc: Pick<DecodedDocument, 'ocrPages' | 'kind'>): string | null {
  if (!doc.ocrPages.length) return null;
  const which = doc.kind === 'image' ? 'ảnh chụp/quét' : `bản quét (trang ${doc.ocrPages.join(', ')})`;
  return `văn bản được nhận dạng từ ${which}: hãy quét lại rõ hơn (300 dpi, trang thẳng, đủ sáng) hoặc dùng tệp gốc (.docx, PDF xuất từ máy tính)`;
}

/** Whether decoding these bytes may take minutes (OCR): the web page then shows its progress. */
export function mayNeedOcr(bytes: Buffer): boolean {
  const kind = sniffKind(bytes.subarray(0, SNIFF_BYTES));
  return kind === 'pdf' || IMAGE_KINDS.has(kind);
}

const capFor = (limits: DocumentLimits) => (head: Buffer | null) => (head && sniffKind(head) === 'text' ? MAX_INPUT_BYTES : limits.maxFileBytes);

/** Refusals decided by the kind alone. */
function refuseKind(kind: DocumentKind, name: string): LpError | null {
  if (kind === 'doc') return new LpError('LP_ERR_INPUT_DOCX', `${name}: đây là tệp .doc (Word 97–2003)`);
  if (kind === 'zip') {
    return /\.docx$/i.test(name)
      ? new LpError('LP_ERR_INPUT_DOCX', `${name}: không phải tệp .docx`)
      : new LpError('LP_ERR_INPUT_BINARY', `${name}: là tệp nén zip, không phải tài liệu`);
  }
  if (kind === 'heic') return new LpError('LP_ERR_INPUT_BINARY', `${name}: ảnh HEIC của iPhone; hãy gửi ảnh dạng JPEG`);
  return null;
}

/** An image is refused from its header alone: too many pages, or too many pixels to decode. */
function checkImage(facts: ImageFacts, name: string, limits: DocumentLimits): void {
  if (facts.pages > limits.maxPages) throw new LpError('LP_ERR_DOCUMENT_TOO_MANY_PAGES', `${name}: ${facts.pages} trang, tối đa ${limits.maxPages}`);
  const pixels = facts.width * facts.height;
  if (pixels > limits.maxImagePixels) {
    throw new LpError('LP_ERR_DOCUMENT_IMAGE_TOO_LARGE', `${name}: ${facts.width} × ${facts.height} = ${(pixels / 1e6).toFixed(1)} triệu điểm ảnh, tối đa ${(limits.maxImagePixels / 1e6).toFixed(0)}`);
  }
}

/** Bytes of any accepted kind → the document's raw text, or a coded error. */
export async function decodeDocument(bytes: Buffer, name: string, opts: DecodeOptions = {}): Promise<DecodedDocument> {
  const limits: DocumentLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const work = opts.work ?? documentWork();
  const step = { timeoutMs: limits.stepTimeoutMs };
  const kind = sniffKind(bytes);
  const refused = refuseKind(kind, name);
  if (refused) throw refused;
  if (kind === 'text') return { text: await work.run('decode-text', { bytes, name }, step), kind: 'text', pages: 1, ocrPages: [] };
  if (bytes.length > limits.maxFileBytes) throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: ${bytes.length} byte, tối đa ${limits.maxFileBytes}`);
  if (kind === 'docx') {
    return { text: await work.run('decode-docx', { bytes, name, maxUnpacked: limits.maxDocxUnpacked }, step), kind: 'docx', pages: 1, ocrPages: [] };
  }

  const facts = kind === 'pdf' ? null : imageFacts(kind, bytes);
  if (facts) checkImage(facts, name, limits);
  else if (kind !== 'pdf') throw new LpError('LP_ERR_DOCUMENT_DAMAGED', `${name}: không đọc được kích thước ảnh`);

  // PDF or image: children with limits, under one deadline for the whole document.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new LpError('LP_ERR_DOCUMENT_LIMIT', `${name}: quá ${Math.round(limits.totalTimeoutMs / 1000)} giây`)), limits.totalTimeoutMs);
  const onCancel = () => deadline.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  const dir = await mkdtemp(join(tmpdir(), 'lp-doc-'));
  try {
    const lang = opts.ocrLanguage ?? 'vie';
    let pages: PageLayout[];
    let ocrPages: number[];
    let outKind: DecodedDocument['kind'];
    if (!facts) {
      const file = join(dir, 'tai-lieu.pdf');
      await writeFile(file, bytes);
      ({ pages, ocrPages } = await readPdfPages(file, name, { dir, maxPages: limits.maxPages, pageTextSeconds: limits.pageTextSeconds, lang, work, signal: deadline.signal, onProgress: opts.onProgress }));
      outKind = 'pdf';
    } else {
      let file = join(dir, `anh.${kind === 'jpeg' ? 'jpg' : kind}`);
      await writeFile(file, bytes);
      if (facts.orientation !== 1) {
        const upright = join(dir, 'anh-thang.png');
        await runFfmpeg(uprightCommand(file, upright, facts.orientation), { signal: deadline.signal });
        file = upright;
      }
      opts.onProgress?.({ stage: 'ocr', page: 1, pages: facts.pages });
      const ocr = { lang, pages: facts.pages, signal: deadline.signal, work, label: name };
      const read = facts.pages === 1 ? await ocrPhoto(file, ocr) : await ocrImage(file, ocr);
      pages = read.map((r) => r.page);
      ocrPages = read.map((_r, i) => i + 1);
      outKind = 'image';
    }
    return { text: await work.run('assemble', { pages, name }, step), kind: outKind, pages: pages.length, ocrPages };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file the user named (any path: a FIFO or a device is read with a cap and a time limit). */
export async function readDocument(path: string, opts: DecodeOptions = {}): Promise<DecodedDocument> {
  const limits: DocumentLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const bytes = await readBounded(path, { capFor: capFor(limits), headBytes: SNIFF_BYTES, timeoutMs: limits.readTimeoutMs, streamTimeoutMs: limits.streamTimeoutMs });
  return decodeDocument(bytes, path, opts);
}
