/**
 * The CPU-heavy steps of reading a document and preparing its text, as plain functions of plain
 * (structured-clone) data. They run in the documents worker thread (work.ts), so a 20 MB Word XML,
 * a page of OCR output or a paste of a million characters never holds the event loop that paces
 * the air; being plain, they are also what the worker's tests call directly.
 */
import { LpError } from '../errors.js';
import { checkQuality, cleanText, estimateSeconds, inspectSpoken, prepareScript, splitBulletins, type Dialect, type Lexicon, type QualityReport, type SpokenNote } from '../text/index.js';
import { docxText } from './docx.js';
import { layoutStats, pagesToText, parsePdfBbox, parseTesseractTsv, type PageLayout } from './layout.js';
import { checkPastedText, decodeTextInput } from './text.js';

/** Fewer letters than this on a PDF page and its text layer is not trusted alone: the page is OCR'd. */
export const MIN_LAYER_LETTERS = 40;

/** Fewer letters than this in a whole document is no text (a blank page, a photo of a wall). */
const MIN_DOCUMENT_LETTERS = 20;

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Control characters a PDF or OCR output may carry (form feeds, stray NULs, bidi marks): not text. */
const stripControls = (s: string) => s.replace(/[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/gu, ' ');

export interface PageReading {
  readonly page: PageLayout;
  /** Letters on the page. */
  readonly letters: number;
  /** Share of well-formed Vietnamese syllables (the quality guard's score). */
  readonly score: number;
  /** The text layer can be used as it is; otherwise the page is OCR'd. */
  readonly usable: boolean;
}

/**
 * Below this median word confidence an OCR'd page is grain read as letters (a photo of a wall, a
 * blank back side), not text: measured at 4–9 for grainy blank pages, 17–33 for badly blurred scans
 * of real text (those must reach the quality guard and be refused as suspect), 97 for a photo.
 */
export const MIN_OCR_CONFIDENCE = 12;

function readingOf(read: PageLayout): PageReading {
  const page = (read.confidence ?? 100) < MIN_OCR_CONFIDENCE ? { ...read, lines: [] } : read;
  const { letters, odd } = layoutStats(page);
  const q = checkQuality(page.lines.map((l) => l.text).join('\n'));
  // Legacy-encoded fonts (TCVN3 "Th«ng b¸o") and unmapped glyphs leave letters that are no Vietnamese.
  return { page, letters, score: q.score, usable: letters >= MIN_LAYER_LETTERS && odd <= letters * 0.05 && !q.suspect };
}

export interface DraftPiece {
  readonly title: string;
  /** Cleaned text of this bulletin. */
  readonly text: string;
  readonly spoken: string;
  readonly quality: QualityReport;
  readonly estimatedSeconds: number;
}

export interface PreparedScript {
  readonly clean: string;
  readonly spoken: string;
  readonly quality: QualityReport;
  /** Seconds the voice takes to read `spoken`. */
  readonly estimatedSeconds: number;
}

/** Every job: its argument and its result, both structured-clone data. */
export const JOBS = {
  'decode-text': (a: { bytes: Uint8Array; name: string }): string => decodeTextInput(asBuffer(a.bytes), a.name),

  'decode-docx': async (a: { bytes: Uint8Array; name: string; maxUnpacked: number }): Promise<string> =>
    decodeTextInput(Buffer.from(await docxText(asBuffer(a.bytes), a.name, a.maxUnpacked), 'utf8'), a.name),

  /** One page of `pdftotext -bbox-layout`, and whether its text layer will do. */
  'pdf-page': (a: { xhtml: string }): PageReading => {
    const page = parsePdfBbox(a.xhtml)[0] ?? { width: 0, height: 0, lines: [] };
    return readingOf(page);
  },

  /** Tesseract's TSV of one image (several pages for a multi-page TIFF). */
  'ocr-pages': (a: { tsv: string }): PageReading[] => parseTesseractTsv(a.tsv).map(readingOf),

  /** The document's pages → its text, furniture dropped, checked like a paste; too few letters is no text. */
  assemble: (a: { pages: PageLayout[]; name: string }): string => {
    const text = stripControls(pagesToText(a.pages));
    if ((text.match(/\p{L}/gu)?.length ?? 0) < MIN_DOCUMENT_LETTERS) throw new LpError('LP_ERR_DOCUMENT_NO_TEXT', a.name);
    return checkPastedText(text, a.name);
  },

  /** A raw text (file or paste, checked as a paste) → clean, spoken form, quality. */
  prepare: (a: { raw: string; name: string; lexicon?: Lexicon; dialect?: Dialect }): PreparedScript => {
    const s = prepareScript(checkPastedText(a.raw, a.name), { lexicon: a.lexicon, dialect: a.dialect });
    return { ...s, estimatedSeconds: estimateSeconds(s.spoken) };
  },

  /** A cleaned text → what the voice would spell letter by letter or leave over, for the operator to teach the lexicon. */
  inspect: (a: { clean: string; lexicon?: Lexicon }): SpokenNote[] => [...inspectSpoken(a.clean, { lexicon: a.lexicon }).notes],

  /**
   * A raw text → the bulletins it makes, each with its spoken form and quality; refused past
   * `maxBulletins` so that one document cannot flood the bulletin list.
   */
  draft: (a: { raw: string; name: string; lexicon?: Lexicon; maxBulletins: number }): DraftPiece[] => {
    const pieces = splitBulletins(cleanText(checkPastedText(a.raw, a.name)), { lexicon: a.lexicon });
    if (pieces.length > a.maxBulletins) {
      throw new LpError('LP_ERR_DOCUMENT_TOO_MANY_BULLETINS', `${a.name}: ${pieces.length} bản tin, tối đa ${a.maxBulletins}`);
    }
    return pieces.map((p) => {
      const s = prepareScript(p.text, { lexicon: a.lexicon });
      return { title: p.title, text: s.clean, spoken: s.spoken, quality: s.quality, estimatedSeconds: p.estimatedSeconds };
    });
  },
} as const;

export type JobKind = keyof typeof JOBS;
export type JobArg<K extends JobKind> = Parameters<(typeof JOBS)[K]>[0];
export type JobResult<K extends JobKind> = Awaited<ReturnType<(typeof JOBS)[K]>>;
