/**
 * What a file is, from its first bytes (never from its name alone: a "ke-hoach.pdf" may be a Word
 * file, a "scan.jpg" a PNG), and how many pixels an image declares before anything decodes it.
 * Pure: bytes in, facts out.
 */

export type DocumentKind = 'text' | 'docx' | 'doc' | 'zip' | 'pdf' | 'png' | 'jpeg' | 'tiff' | 'heic';

/** The kinds that are pictures of a page, read by OCR. */
export const IMAGE_KINDS: ReadonlySet<DocumentKind> = new Set(['png', 'jpeg', 'tiff']);

/** Enough of the file's start for every signature below and for the zip directory of a small docx. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (b: Buffer, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** A zip holding `word/document.xml` is a Word file, whatever it is called. */
function isDocx(b: Buffer): boolean {
  // The entry names sit in the local headers (first bytes) and again in the central directory (end).
  return b.includes('word/document.xml') || (b.includes('[Content_Types].xml') && b.includes('word/'));
}

/**
 * The kind of a file from its bytes. `text` means "no known signature": the text decoder then
 * decides (UTF-8, UTF-16, or binary refused with its own code).
 */
export function sniffKind(b: Buffer): DocumentKind {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return isDocx(b) ? 'docx' : 'zip';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'doc';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && /^(?:heic|heix|mif1|heif)$/.test(b.toString('latin1', 8, 12))) return 'heic';
  // The PDF header may follow some junk (the format allows 1 KB of it); a text file never says this.
  const head = b.subarray(0, 1024).toString('latin1');
  if (/%PDF-\d\.\d/.test(head)) return 'pdf';
  return 'text';
}

export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  /** Pages (a TIFF may hold several: a faxed or scanned set). */
  readonly pages: number;
  /**
   * How the pixels must be turned to stand upright: EXIF orientation 1–8 (1 upright). A phone held
   * upright often stores the sensor's sideways pixels and says 6 or 8 here; Tesseract ignores the
   * tag and would read the page sideways. Read from a JPEG's EXIF; 1 for the other kinds.
   */
  readonly orientation: number;
}

function pngFacts(b: Buffer): ImageFacts | null {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), pages: 1, orientation: 1 };
}

/** The orientation tag (0x0112) of IFD0 in an EXIF block's TIFF data at `base`; 1 when absent or out of range. */
function exifOrientation(b: Buffer, base: number, end: number): number {
  if (base + 8 > end) return 1;
  const le = b[base] === 0x49;
  const u16 = (at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const ifd = base + (le ? b.readUInt32LE(base + 4) : b.readUInt32BE(base + 4));
  if (ifd + 2 > end) return 1;
  for (let i = 0, n = u16(ifd); i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) break;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

function jpegFacts(b: Buffer): ImageFacts | null {
  let at = 2;
  let orientation = 1;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) { at++; continue; } // fill byte
    // Markers without a length (restart markers, TEM).
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { at += 2; continue; }
    const length = b.readUInt16BE(at + 2);
    // Start-of-frame markers (C0–CF except DHT C4, JPG C8, DAC CC) carry the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7), pages: 1, orientation };
    }
    if (length < 2) return null;
    // APP1 "Exif\0\0": comes before the frame; its TIFF data holds the orientation.
    if (marker === 0xe1 && b.toString('latin1', at + 4, at + 10) === 'Exif\0\0') orientation = exifOrientation(b, at + 10, Math.min(b.length, at + 2 + length));
    at += 2 + length;
  }
  return null;
}

/** Every page's size is read; the largest one is what a decoder has to hold. */
function tiffFacts(b: Buffer): ImageFacts | null {
  const le = b[0] === 0x49;
  const u16 = (at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  let ifd = u32(4);
  let pages = 0;
  let width = 0;
  let height = 0;
  const seen = new Set<number>();
  // A loop in the IFD chain (a crafted file) ends at the first repeat; 10,000 pages is no scan.
  while (ifd !== 0 && !seen.has(ifd) && pages < 10_000) {
    if (ifd + 2 > b.length) return pages ? { width, height, pages, orientation: 1 } : null;
    seen.add(ifd);
    const count = u16(ifd);
    let w = 0;
    let h = 0;
    for (let i = 0; i < count; i++) {
      const e = ifd + 2 + i * 12;
      if (e + 12 > b.length) break;
      const tag = u16(e);
      const type = u16(e + 2);
      const value = type === 3 ? u16(e + 8) : u32(e + 8);
      if (tag === 256) w = value;
      if (tag === 257) h = value;
    }
    pages++;
    if (w * h > width * height) { width = w; height = h; }
    const next = ifd + 2 + count * 12;
    if (next + 4 > b.length) break;
    ifd = u32(next);
  }
  return pages && width && height ? { width, height, pages, orientation: 1 } : null;
}

/**
 * The size an image declares in its header, or null when the header cannot be read (a damaged
 * file). Read before any decoder runs, so a 60-megapixel photo is refused without being unpacked.
 */
export function imageFacts(kind: DocumentKind, b: Buffer): ImageFacts | null {
  if (kind === 'png') return pngFacts(b);
  if (kind === 'jpeg') return jpegFacts(b);
  if (kind === 'tiff') return b.length >= 8 ? tiffFacts(b) : null;
  return null;
}
