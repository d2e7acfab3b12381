/**
 * The poppler-utils and Tesseract commands, built as plain data (tests read the exact arguments)
 * and run only by run.ts. Every command carries its own limits: a wall-clock timeout, a cap on what
 * it may print, and kernel limits (address space, CPU seconds, size of a file it writes), so a PDF
 * bomb or a crafted image costs a bounded amount of the station's machine and then a coded error.
 *
 * Why poppler (Debian's poppler-utils) and not an npm PDF library: it is the reference open-source
 * PDF reader, maintained with Debian's security updates, runs outside Node (a crash or a bomb kills a
 * child, not the station), gives word geometry (`-bbox-layout`) for removing page furniture, and
 * rasterises pages for OCR; the npm readers (pdf.js) would run in-process and need a canvas to render.
 */
import type { FfmpegCommand } from '../audio/ffmpeg.js';

/** Kernel limits applied with util-linux's `prlimit` (a process cannot raise them). */
export interface ToolLimits {
  readonly memoryBytes: number;
  readonly cpuSeconds: number;
  /** Largest file the tool may write (pdftoppm's page image). */
  readonly fileBytes: number;
}

export interface ToolCommand {
  /** What it is for, in errors and logs ("pdftotext trang 3"). */
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
  /** Debian package that installs `file`, named when it is missing. */
  readonly debianPackage: string;
  /** Killed past this many milliseconds. */
  readonly timeoutMs: number;
  /** Killed when it prints more than this on stdout. */
  readonly maxOutputBytes: number;
  readonly limits: ToolLimits;
  /** Extra environment. */
  readonly env?: Readonly<Record<string, string>>;
}

const MB = 1024 * 1024;
const POPPLER = 'poppler-utils';

/** Page sizes, page count, encryption: `pdfinfo` reads the cross-reference table, not the content. */
export function pdfInfoCommand(pdf: string, lastPage: number): ToolCommand {
  return {
    label: 'pdfinfo', file: 'pdfinfo', args: ['-f', '1', '-l', String(lastPage), pdf], debianPackage: POPPLER,
    timeoutMs: 15_000, maxOutputBytes: MB, limits: { memoryBytes: 512 * MB, cpuSeconds: 15, fileBytes: 16 * MB },
  };
}

/**
 * One page's text layer with the geometry of every word (XHTML on stdout), in poppler's reading
 * order. `-bbox-layout` keeps words as printed: no de-hyphenation, which the plain output does and
 * which turns "57-" + "NQ/TW" at a line end into "57NQ/TW". `seconds` bounds a page that asks for
 * endless drawing (a PDF bomb): wall and CPU time alike.
 */
export function pdfTextCommand(pdf: string, page: number, seconds = 30): ToolCommand {
  return {
    label: `pdftotext trang ${page}`, file: 'pdftotext',
    args: ['-bbox-layout', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'], debianPackage: POPPLER,
    timeoutMs: seconds * 1000, maxOutputBytes: 32 * MB, limits: { memoryBytes: 1024 * MB, cpuSeconds: seconds, fileBytes: 16 * MB },
  };
}

/** One page as a greyscale PNG at `dpi` (`outBase`.png), for OCR. */
export function pdfRasterCommand(pdf: string, page: number, dpi: number, outBase: string): ToolCommand {
  return {
    label: `pdftoppm trang ${page}`, file: 'pdftoppm',
    args: ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, outBase], debianPackage: POPPLER,
    timeoutMs: 60_000, maxOutputBytes: MB, limits: { memoryBytes: 1024 * MB, cpuSeconds: 60, fileBytes: 256 * MB },
  };
}

/**
 * How Tesseract finds the text: `page` (its page segmentation, `--psm 3`: columns and blocks, the
 * default) or `block` (`--psm 6`: the whole image as one block of lines). Grain in a phone photo can
 * make the page segmentation take paragraphs for pictures and skip them; one block reads them.
 */
export type OcrLayout = 'page' | 'block';

/**
 * OCR of one image into Tesseract's TSV (every word with its box and confidence). `vie` is
 * Tesseract's Vietnamese model (Debian tesseract-ocr-vie): without it the diacritics are lost and
 * the text looks like the OCR damage the quality guard refuses. One OpenMP thread: on a 2-core
 * station box the other core stays with the air.
 */
export function ocrCommand(image: string, opts: { lang: string; dpi?: number; pages?: number; layout?: OcrLayout }): ToolCommand {
  const pages = Math.max(1, opts.pages ?? 1);
  return {
    label: `tesseract ${opts.lang}`, file: 'tesseract',
    args: [image, 'stdout', '-l', opts.lang, '--psm', opts.layout === 'block' ? '6' : '3', ...(opts.dpi ? ['--dpi', String(opts.dpi)] : []), 'tsv'],
    debianPackage: opts.lang === 'vie' ? 'tesseract-ocr tesseract-ocr-vie' : 'tesseract-ocr',
    timeoutMs: 180_000 * pages, maxOutputBytes: 16 * MB * pages, limits: { memoryBytes: 2048 * MB, cpuSeconds: 180 * pages, fileBytes: 16 * MB },
    env: { OMP_THREAD_LIMIT: '1' },
  };
}

/**
 * ffmpeg's filters that stand a photo upright, by EXIF orientation (2–8; 1 needs none): flips for
 * the mirrored ones, `transpose` for the quarter turns (0: along the main diagonal, 1: a quarter
 * clockwise, 2: a quarter anticlockwise, 3: along the other diagonal).
 */
const UPRIGHT: Readonly<Record<number, string>> = {
  2: 'hflip', 3: 'hflip,vflip', 4: 'vflip', 5: 'transpose=0', 6: 'transpose=1', 7: 'transpose=3', 8: 'transpose=2',
};

/**
 * A photo turned as its EXIF orientation says, into a greyscale PNG for OCR (Tesseract ignores the
 * tag). Run by src/audio/ffmpeg.ts like every ffmpeg command; the image's pixels were bounded from
 * its header before (DocumentLimits.maxImagePixels). `-autorotate 0`: Debian 12's ffmpeg turns a
 * JPEG by its tag on its own, quarter turns only, and other versions differ; the turn is ours.
 */
export function uprightCommand(image: string, out: string, orientation: number): FfmpegCommand {
  const turn = UPRIGHT[orientation];
  if (!turn) throw new Error(`orientation ${orientation}: nothing to turn`);
  return { label: 'xoay ảnh', inputs: [{ source: image, options: ['-autorotate', '0'] }], output: out, outputOptions: ['-vf', `${turn},format=gray`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png'] };
}
