/**
 * Pages with geometry → the text the cleaner reads. Both readers give lines with their boxes:
 * poppler's `pdftotext -bbox-layout` (a PDF's text layer, in its reading order) and Tesseract's TSV
 * (OCR). Here, where the position of each line is known, the page furniture is dropped: page
 * numbers and the running heads and feet that repeat in the margins of several pages. Pure.
 *
 * Lines are handed over as printed, hyphens kept: the cleaner joins wrapped lines and mends a
 * syllable cut at a line end ("truy-" / "ền"), including across a page break once the furniture
 * between the two halves is gone.
 */

export interface LineBox {
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** The block (paragraph) of the page this line belongs to. */
  readonly block: number;
}

export interface PageLayout {
  readonly width: number;
  readonly height: number;
  readonly lines: readonly LineBox[];
  /** OCR only: the median confidence of its words, 0–100. */
  readonly confidence?: number;
}

/** Share of the page height at the top and at the bottom where running heads, feet and numbers sit. */
const MARGIN_BAND = 0.1;
/** Two lines are "at the same place" on two pages within this share of the page height. */
const SAME_PLACE = 0.03;

/** "3", "- 3 -", "(3)", "Trang 3", "Trang 3/6", "3 / 6", "Page 3 of 6". */
const PAGE_NUMBER = /^(?:(?:trang|page|tr\.)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:\/|of|trên)\s*\d{1,4})?$/iu;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

const attr = (tag: string, name: string): number => Number(new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? NaN);

/** `pdftotext -bbox-layout` XHTML → one layout per page, lines in poppler's reading order. */
export function parsePdfBbox(xhtml: string): PageLayout[] {
  const pages: PageLayout[] = [];
  for (const p of xhtml.matchAll(/<page\b([^>]*)>([\s\S]*?)<\/page>/g)) {
    const lines: LineBox[] = [];
    let block = 0;
    for (const b of p[2].matchAll(/<block\b[^>]*>([\s\S]*?)<\/block>/g)) {
      block++;
      for (const l of b[1].matchAll(/<line\b([^>]*)>([\s\S]*?)<\/line>/g)) {
        const words = [...l[2].matchAll(/<word\b[^>]*>([\s\S]*?)<\/word>/g)].map((w) => unescapeXml(w[1]).trim()).filter(Boolean);
        if (!words.length) continue;
        lines.push({ text: words.join(' ').normalize('NFC'), x0: attr(l[1], 'xMin'), y0: attr(l[1], 'yMin'), x1: attr(l[1], 'xMax'), y1: attr(l[1], 'yMax'), block });
      }
    }
    pages.push({ width: attr(p[1], 'width'), height: attr(p[1], 'height'), lines });
  }
  return pages;
}

/**
 * Tesseract TSV → one layout per page. Specks of noise read as punctuation with almost no
 * confidence are dropped; words are kept as read otherwise (the quality guard judges the result).
 */
export function parseTesseractTsv(tsv: string): PageLayout[] {
  const pages = new Map<number, { width: number; height: number; confs: number[]; lines: Map<string, { words: string[]; x0: number; y0: number; x1: number; y1: number; block: number }> }>();
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c.length < 12 || !/^\d+$/.test(c[0])) continue;
    const [level, page, blockNum, par, line] = c.slice(0, 5).map(Number);
    const [left, top, width, height, conf] = c.slice(6, 11).map(Number);
    if (!pages.has(page)) pages.set(page, { width: 0, height: 0, confs: [], lines: new Map() });
    const pg = pages.get(page)!;
    if (level === 1) {
      pg.width = width;
      pg.height = height;
      continue;
    }
    const text = c.slice(11).join('\t').trim();
    if (level !== 5 || !text) continue;
    // Every word counts for the page's confidence, the specks too: grain is mostly specks.
    pg.confs.push(conf);
    if (conf < 10 && !/[\p{L}\d]/u.test(text)) continue;
    const key = `${blockNum}.${par}.${line}`;
    const l = pg.lines.get(key);
    if (!l) pg.lines.set(key, { words: [text], x0: left, y0: top, x1: left + width, y1: top + height, block: blockNum * 1000 + par });
    else {
      l.words.push(text);
      l.x0 = Math.min(l.x0, left);
      l.y0 = Math.min(l.y0, top);
      l.x1 = Math.max(l.x1, left + width);
      l.y1 = Math.max(l.y1, top + height);
    }
  }
  return [...pages.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => ({
    width: p.width, height: p.height, confidence: median(p.confs),
    lines: [...p.lines.values()].map((l) => ({ text: l.words.join(' ').normalize('NFC'), x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1, block: l.block })),
  }));
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

type Band = 'top' | 'bottom';

function bandOf(l: LineBox, p: PageLayout): Band | null {
  if (!(p.height > 0)) return null;
  const mid = (l.y0 + l.y1) / 2 / p.height;
  if (mid < MARGIN_BAND) return 'top';
  if (mid > 1 - MARGIN_BAND) return 'bottom';
  return null;
}

/** What a running line says whatever page it is on: its page number and dates become '#'. */
const furnitureKey = (s: string) => s.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/** Why a line is page furniture, or null when it is text. */
export type FurnitureReason = 'page-number' | 'running';

/**
 * For each page, the reason each of its lines is furniture (or null). A page number is a line of
 * its own in a margin band; a running head or foot is a margin line that another page repeats at
 * the same height (a single page has none: its margin lines are its own text).
 */
export function furniture(pages: readonly PageLayout[]): (FurnitureReason | null)[][] {
  const margin = pages.map((p) => p.lines.map((l) => {
    const band = bandOf(l, p);
    return band ? { band, key: furnitureKey(l.text), at: (l.y0 + l.y1) / 2 / p.height } : null;
  }));
  return pages.map((p, i) => p.lines.map((l, j) => {
    const m = margin[i][j];
    if (!m) return null as FurnitureReason | null;
    if (PAGE_NUMBER.test(l.text.trim())) return 'page-number';
    const repeated = margin.some((other, k) => k !== i && other.some((o) => o !== null && o.band === m.band && o.key === m.key && Math.abs(o.at - m.at) < SAME_PLACE));
    return repeated ? 'running' : null;
  }));
}

/** The pages' text without their furniture: lines as printed, a blank line between blocks and pages. */
export function pagesToText(pages: readonly PageLayout[]): string {
  const drop = furniture(pages);
  const out: string[] = [];
  pages.forEach((p, i) => {
    let block: number | null = null;
    p.lines.forEach((l, j) => {
      if (drop[i][j]) return;
      if (block !== null && l.block !== block) out.push('');
      out.push(l.text);
      block = l.block;
    });
    out.push('');
  });
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Letters on a page, and characters that no real text layer holds (unmapped glyphs, private use). */
export function layoutStats(p: PageLayout): { letters: number; odd: number } {
  let letters = 0;
  let odd = 0;
  for (const l of p.lines) {
    letters += l.text.match(/\p{L}/gu)?.length ?? 0;
    odd += l.text.match(/[\uFFFD\p{Co}\p{Cc}]/gu)?.length ?? 0;
  }
  return { letters, odd };
}
