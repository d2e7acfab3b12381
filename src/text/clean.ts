/**
 * From a messy plan (hard-wrapped lines, Markdown, PDF artefacts) to clean paragraphs, dropping
 * what a ward never airs: the header block, "Nơi nhận:" and its list, the signature block, "Lưu:"
 * lines and source footers. Output: paragraphs separated by one blank line, headings on their own.
 * Pure and total: any string in, a string out, never throws.
 */

import { fixedPoint, type FixedPoint } from './fixpoint.js';
import { isAllCaps } from './heading.js';
import { isVietnameseSyllable } from './syllable.js';

interface Line {
  text: string;
  /** Came from a Markdown heading or a table row: always its own paragraph. */
  block: boolean;
}

const LOWER_START = /^\p{Ll}/u;
const TERMINAL_END = /[.!?:;…]["”’)\]]*$/u;
/** "I.", "1.", "1.1.", "1)", "1.)", "a)", "-", "+", "•" at the start of a line. */
const MARKER_START = /^(?:[IVXL]+\.\s|\d+(?:\.\d+)*\.?\)?\s|\(\d+\)\s|\p{Ll}\)\s|[-+•–]\s)/u;
const NUMBERED_HEADING = /^(?:[IVXL]+\.|\d+(?:\.\d+)*\.?\)?|\p{Ll}\))\s/u;
/** Words after which a line cannot end a sentence or a heading: the line was wrapped. */
const CONNECTIVES = new Set(
  'của và các về trong với cho để là những số ngày tại theo từ đến được có hoặc nhằm đối như thì mà do bởi một cùng này đã sẽ đang trên dưới'.split(' '),
);

const NOI_NHAN = /^n[oơóòôố0]i\s*nh[aậâạăấ]n\b/iu;
const SIGNATURE_START = /^(?:(?:TM|KT|Q|TL|TUQ)\s*\.|T\s*\/\s*M\s*\.?)\s*\p{Lu}/u;
// ("Nguồn: ngân sách xã" names a plan's funds: no footer, the text goes on.)
const SOURCE_FOOTER = /^(?:nguồn tra cứu|nguồn|source)\s*:(?![^\n]*(?:ngân sách|kinh phí|vốn|xã hội hóa|xã hội hoá|huy động|tài trợ|đóng góp))/iu;
const LUU = /^lưu\s*:/iu;
/**
 * A photo or video caption's credit, never part of the notice: a line "Ảnh: TTXVN", "Ảnh minh họa",
 * "Video: …", "Nguồn: …" (a line of its own: a credit, not the end of the text; "Nguồn: ngân sách xã" names funds and stays), "(Ảnh: Nguyễn Văn A)";
 * inline, the same in parentheses, or closing a line after a sentence.
 */
const CAPTION_LINE = /^\(?\s*(?:ảnh|hình|hình ảnh|video|clip|đồ họa|đồ hoạ|infographic|tác giả|tin,?\s*ảnh|tin và ảnh|bài và ảnh|bài,?\s*ảnh|nguồn(?:\s+tin)?(?=\s*[:：]\s*(?![^\n]*(?:ngân sách|kinh phí|vốn|xã hội hóa|xã hội hoá|huy động|tài trợ|đóng góp)))|nguồn ảnh|link nội dung|link bài viết|>*\s*xem thêm|ảnh minh họa|ảnh minh hoạ|ảnh chụp màn hình)(?:\s*\d{1,2})?(?:\s*(?:minh họa|minh hoạ|tư liệu|internet))?\s*(?:[:：]\s*[^\n]{0,120})?\)?\.?$/iu;
const CAPTION_INLINE = /\s*\(\s*(?:ảnh|hình|video|clip|đồ họa|nguồn|nguồn ảnh)(?:\s+(?:minh họa|minh hoạ|tư liệu|internet))?\s*(?::[^()]{0,100})?\)|(?<=[.!?])\s+(?:ảnh|video|nguồn ảnh)(?:\s+minh\s+họa|\s+minh\s+hoạ|\s+chụp\s+màn\s+hình)?\s*(?::\s*[^.!?]{1,80})?\.?$/giu;
/** "… hướng vào Biển Đông NGUỒN: NCHMF", "… - Nguồn: huongkhe.hatinh.gov.vn", "… Ảnh: nchmf.gov.vn": a credit closing a caption line. */
const CREDIT_TAIL = /\s+(?:[-–]\s*)?(?:NGUỒN|Nguồn|ẢNH|Ảnh)\s*:\s*(?:[\p{L}\d-]+(?:\.[\p{L}\d-]+)+|[^\s.!?]+(?:\s+[^\s!?]+){0,5})\s*$/u;
const QUOC_HIEU = /^(?:cộng hòa|cộng hoà|cong hoa)\s+xã hội chủ nghĩa việt nam$|^độc lập\s*[-–—]\s*tự do\s*[-–—]\s*hạnh phúc$|^đảng cộng sản việt nam$/iu;
const SO_KY_HIEU = /^số\s*:\s*\S*$|^số\s*:\s*[\d\s]*[/-][\p{L}\d/.\s-]*$|^số\s+\d+\s*[-/]\s*\p{Lu}[\p{Lu}\d/.&-]*$/iu;
/**
 * Below the header a number line starts with "Số" as written on the form; a wrapped PDF line that
 * starts "số 57-NQ/TW." is a sentence's middle, kept (and joined to the line above).
 */
const isNumberLine = (t: string) => /^(?:Số|SỐ)(?![\p{L}])/u.test(t) && SO_KY_HIEU.test(t);
/** The signing date alone on its line, above or below the signer. */
const BARE_DATE = /^ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*\.?$/iu;
/** The stamp an e-office system prints on a digitally signed PDF ("Người ký: …", "Thời gian ký: …"). */
const E_SIGNATURE = /^(?:người ký|ký bởi|thời gian ký|ngày ký|cơ quan|chức vụ|email|e-mail)\s*:/iu;
const E_SIGNATURE_KEY = /^(?:người ký|ký bởi|thời gian ký|ngày ký)\s*:/iu;
const DATE_LINE = /^[\p{L}\s.]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*\.?$/iu;
const AGENCY = /^(?:ỦY BAN|UỶ BAN|UBND|HĐND|HỘI ĐỒNG|ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ|THÀNH ỦY|THÀNH UỶ|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|HUYỆN UỶ|BAN |SỞ |PHÒNG |TRUNG TÂM|MẶT TRẬN|ỦY BAN MTTQ|CÔNG AN|BỘ |CHI BỘ|ĐOÀN |HỘI |PHƯỜNG |XÃ |THỊ TRẤN|THỊ XÃ|QUẬN |HUYỆN |TỈNH |THÀNH PHỐ|ĐẶC KHU)/u;
const DOC_TYPE = /^(?:KẾ HOẠCH|THÔNG BÁO|QUYẾT ĐỊNH|CÔNG VĂN|BÁO CÁO|CHỈ THỊ|NGHỊ QUYẾT|HƯỚNG DẪN|TỜ TRÌNH|CHƯƠNG TRÌNH|LỜI KÊU GỌI|CÔNG ĐIỆN|THƯ NGỎ)\b/u;
const SIGNER_TITLE = /^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|BÍ THƯ|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|TRƯỞNG CÔNG AN|THỦ TRƯỞNG|HIỆU TRƯỞNG|TỔ TRƯỞNG|TRƯỞNG THÔN)\b.*$/u;
const SIGNED_NOTE = /^[([]\s*(?:đã ký|ký tên|ký|chữ ký|handwritten|signature|signed|seal|con dấu|đóng dấu)[^)\]]*[)\]]$/iu;
const PAGE_ARTEFACT = /^(?:(?:trang|page)\s*\d+(?:\s*(?:\/|of|trên)\s*\d+)?|[-–]?\s*\d{1,3}\s*[-–]?)$/iu;

/** A person's name: 2–5 capitalised words, nothing else. */
function isName(s: string): boolean {
  return /^(?:\p{Lu}[\p{Ll}]*\.?\s+){1,4}\p{Lu}[\p{Ll}]*$/u.test(s) || (isAllCaps(s) && /^(?:\p{Lu}+\s+){1,4}\p{Lu}+$/u.test(s) && s.length <= 40);
}

/** Inline Markdown and HTML marks → plain text. */
function stripInline(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    // A tag is a name then a space, a slash or the bracket: "<BĐ III, 0.50m | >BĐ II" is a flood table, no tag.
    .replace(/<\/?[A-Za-z][A-Za-z\d-]*(?:\s[^<>]*)?\/?>/g, ' ')
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/`+/g, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\d*])[*_](?=\S)([^*_]*?\S)[*_](?![\p{L}\d])/gu, '$1$2')
    .replace(/\*+/g, '')
    .replace(/(^|\s)_+(?=\s|$)/g, '$1')
    // Every kind of space (U+2028 and U+1680 too): a long run of one the later rules do not
    // collapse made their leading `\s*` quadratic.
    .replace(/[^\S\uFEFF]+/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim();
}

const TABLE_ROW = /^\|.*\|$/;
const TABLE_RULE = /^\|[\s:|-]+\|$/;

/**
 * Running heads and feet of a PDF export: a line that opens or closes two pages or more (pages cut at
 * form feeds and page-number lines) is the page furniture, not text.
 */
function runningLines(rows: string[]): Set<string> {
  const seen = new Map<string, number>();
  let page: string[] = [];
  const endPage = () => {
    const edges = new Set([page[0], page[page.length - 1]].filter((x): x is string => x !== undefined && x.length >= 10));
    for (const e of edges) seen.set(e, (seen.get(e) ?? 0) + 1);
    page = [];
  };
  for (const row of rows) {
    const parts = row.split('\f').map((x) => x.trim().replace(/\s+/g, ' '));
    parts.forEach((t, k) => {
      if (k > 0 || PAGE_ARTEFACT.test(t)) endPage();
      if (t && !PAGE_ARTEFACT.test(t)) page.push(t);
    });
  }
  endPage();
  return new Set([...seen].filter(([, n]) => n >= 2).map(([t]) => t));
}

/**
 * Letters of other scripts that look like Latin ones, typed inside Vietnamese words by old fonts and keyboards: "Ðối" with
 * an Icelandic eth (U+00D0), "Сông" with a Cyrillic С. The voice would name them or skip them; inside a word with Latin
 * letters they are the Latin letter they look like. A word wholly in another script stays as written.
 */
const LOOKALIKE: Record<string, string> = {
  Ð: 'Đ', ð: 'đ',
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ѕ: 'S', Ј: 'J',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ѕ: 's', ј: 'j',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X', ο: 'o',
};
const LOOKALIKE_CHAR = new RegExp(`[${Object.keys(LOOKALIKE).join('')}]`, 'u');
const LOOKALIKE_ALL = new RegExp(LOOKALIKE_CHAR.source, 'gu');
function latinLookalikes(text: string): string {
  if (!LOOKALIKE_CHAR.test(text)) return text;
  return text.replace(/[\p{L}\p{M}]+/gu, (w) => {
    if (!LOOKALIKE_CHAR.test(w)) return w;
    const mapped = w.replace(LOOKALIKE_ALL, (ch) => LOOKALIKE[ch]);
    // Only where the word has a Latin letter of its own (not one just mapped, not the eth itself).
    const own = w.replace(LOOKALIKE_ALL, '');
    return /\p{Script=Latin}/u.test(own) ? mapped.normalize('NFC') : w;
  });
}

/** Raw text → lines with Markdown block syntax removed. */
function toLines(raw: string): Line[] {
  const rows = latinLookalikes(String(raw ?? '').normalize('NFC'))
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const running = runningLines(rows);
  const text = rows
    .filter((r) => !running.has(r.replace(/\f/g, '').trim().replace(/\s+/g, ' ')))
    .join('\n')
    .replace(/\f/g, '\n\n')
    .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F\uFFFD]/g, ' ')
    .replace(/\t/g, ' ');
  const out: Line[] = [];
  let fenced = false;
  const lines = text.split('\n');
  for (let [i, line] of lines.entries()) {
    line = line.trim();
    // A table's header row (the one above the |---| rule) holds column labels, not content.
    if (TABLE_ROW.test(line) && !TABLE_RULE.test(line) && TABLE_RULE.test(lines[i + 1]?.trim() ?? '')) continue;
    if (/^(```|~~~)/.test(line)) { fenced = !fenced; out.push({ text: '', block: false }); continue; }
    if (/^(?:[-*_=]\s*){3,}$/.test(line)) { out.push({ text: '', block: false }); continue; }
    let block = fenced;
    const heading = /^#{1,6}\s*(.*?)\s*#*$/.exec(line);
    if (heading) { line = heading[1]; block = true; }
    line = line.replace(/^(?:>\s?)+/, '');
    if (TABLE_ROW.test(line)) {
      if (TABLE_RULE.test(line)) continue;
      line = line.slice(1, -1).split('|').map((c) => c.trim()).filter(Boolean).join(', ');
      block = true;
    }
    line = line.replace(/^[*•●▪◦·]\s+/, '- ').replace(/^[–—]\s+/, '- ');
    line = stripInline(line);
    line = line.replace(/^(?:>\s?)+/, '');
    const late = /^#{1,6}\s+(.*)$/.exec(line); // "**## Tiêu đề**"
    if (late) { line = late[1].replace(/^(?:>\s?)+/, ''); block = true; }
    // A line with no letter or digit ("**", "...") is no text.
    if (!/[\p{L}\d]/u.test(line)) line = '';
    if (PAGE_ARTEFACT.test(line) || SIGNED_NOTE.test(line) || CAPTION_LINE.test(line)) line = '';
    line = line.replace(CAPTION_INLINE, '').replace(CREDIT_TAIL, '');
    line = tidy(line);
    out.push({ text: line, block: block && line !== '' });
  }
  return out;
}

/** Index of the first line of the never-aired footer (Nơi nhận, signature, source), or lines.length. */
function footerStart(lines: Line[]): number {
  let seenContent = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    if (!t) continue;
    if (seenContent >= 1 && (NOI_NHAN.test(t) || SOURCE_FOOTER.test(t) || (SIGNATURE_START.test(t) && isAllCaps(t)))) return i;
    seenContent++;
  }
  return lines.length;
}

/** Drops the header block at the top: Quốc hiệu, agency, số/ký hiệu, place and date, "Kính gửi". */
function dropHeader(lines: Line[]): Line[] {
  const formal = lines.slice(0, 15).some((l) => QUOC_HIEU.test(l.text) || SO_KY_HIEU.test(l.text) || DATE_LINE.test(l.text));
  let i = 0;
  for (; i < lines.length; i++) {
    const t = lines[i].text;
    if (!t) continue;
    if (QUOC_HIEU.test(t) || SO_KY_HIEU.test(t) || DATE_LINE.test(t)) continue;
    // An agency name in capitals above the document title ("ỦY BAN NHÂN DÂN / PHƯỜNG GIA VIÊN").
    if (isAllCaps(t) && AGENCY.test(t) && (formal || lines.slice(i + 1).filter((l) => l.text).slice(0, 3).some((l) => DOC_TYPE.test(l.text)))) continue;
    break;
  }
  return dropAddressees(lines.slice(i).filter((l) => !DATE_LINE.test(l.text)));
}

/** "Kính gửi:" and the recipients listed under it are addressing, not content. */
function dropAddressees(lines: Line[]): Line[] {
  let inList = false;
  let bare = false; // recipients without dashes, one a line, each ending in ";" and the last in "."
  return lines.filter((l) => {
    if (!l.text) return true;
    if (/^kính gửi\s*:?/iu.test(l.text)) { inList = true; bare = /:\s*$/.test(l.text); return false; }
    if (inList && /^[-+]\s/.test(l.text)) return false;
    if (inList && bare && l.text.length <= 100 && /[;.]$/.test(l.text)) { inList = l.text.endsWith(';'); return false; }
    inList = false;
    return true;
  });
}

/** Drops a trailing signature with no "TM./KT." marker: titles in capitals, the signer's name. */
function dropTrailingSignature(lines: Line[]): Line[] {
  const kept = lines.filter((l) => l.text !== '');
  const total = kept.length;
  for (;;) {
    const last = kept[kept.length - 1];
    if (!last) break;
    const prev = kept[kept.length - 2];
    if (SIGNER_TITLE.test(last.text) && isAllCaps(last.text)) { kept.pop(); continue; }
    if (prev && isName(last.text) && SIGNER_TITLE.test(prev.text) && isAllCaps(prev.text)) { kept.pop(); continue; }
    // An agency signing in capitals at the very end ("BAN VẬN ĐỘNG"), and the signing date above it.
    if (kept.length > 1 && isAllCaps(last.text) && AGENCY.test(last.text) && last.text.length <= 80) { kept.pop(); continue; }
    if (kept.length > 1 && BARE_DATE.test(last.text) && kept.length < total) { kept.pop(); continue; }
    break;
  }
  return kept.length === total ? lines : kept;
}

/**
 * Drops the e-signature stamp: two or more adjacent stamp lines, one naming the signing. A value
 * wrapped onto a lower-case line stays in the stamp; otherwise the first pass would keep it and
 * join it, and a second pass would drop the joined stamp (cleaning must be idempotent).
 */
function dropESignature(lines: Line[]): Line[] {
  const drop = new Set<number>();
  const text = lines.map((l, i) => ({ t: l.text, i })).filter((x) => x.t);
  for (let a = 0; a < text.length; a++) {
    let b = a;
    while (b < text.length && (E_SIGNATURE.test(text[b].t) || (b > a && LOWER_START.test(text[b].t)))) b++;
    const run = text.slice(a, b);
    if (run.length >= 2 && run.some((x) => E_SIGNATURE_KEY.test(x.t))) run.forEach((x) => drop.add(x.i));
    a = Math.max(a, b);
  }
  return drop.size ? lines.filter((_l, i) => !drop.has(i)) : lines;
}

/** The usual width of wrapped lines, measured on lines that certainly continue (next is lower-case). */
function wrapWidth(lines: Line[]): number {
  const widths: number[] = [];
  let prev: Line | undefined;
  for (const l of lines) {
    if (!l.text) continue;
    if (prev && !prev.block && !TERMINAL_END.test(prev.text) && LOWER_START.test(l.text)) widths.push(prev.text.length);
    prev = l;
  }
  if (widths.length < 3) return Infinity;
  widths.sort((a, b) => a - b);
  return widths[Math.floor(widths.length / 2)];
}

function lastWord(s: string): string {
  return (/(\p{L}+)\s*$/u.exec(s)?.[1] ?? '').toLowerCase();
}

/**
 * The last characters of a text, for the rules that look at how it ends. A regex anchored only at
 * `$` is tried from every position, and reading a string built by appending copies it whole: on a
 * growing paragraph, joining n lines cost n² (a 200 KB plan took seconds). Every such rule needs far
 * fewer characters than this.
 */
const ending = (s: string) => (s.length > 64 ? s.slice(-64) : s);

/**
 * Should line b continue the paragraph that line a ends? A blank line between them (`gap`) marks a
 * block break in PDF and OCR output: only the line's own evidence (a cut word, a lower-case start, a
 * comma or a connective at the end) joins across it, never the width alone ("8. Đề nghị … phường" +
 * blank + "Tăng cường…" are a heading and a paragraph).
 */
function continues(a: Line, b: Line, width: number, gap = false): boolean {
  if (a.block || b.block) return false;
  const at = a.text;
  const end = ending(at);
  const bt = b.text;
  if (/[\p{L}\d]-$/u.test(end) && /^[\p{L}\d]/u.test(bt)) return true; // "57-" / "NQ/TW"
  // A dash before a lower-case word continues a compound cut by the wrap ("chính trị / - xã hội").
  if (/^[-–]\s+\p{Ll}/u.test(bt) && !TERMINAL_END.test(end)) return true;
  if (MARKER_START.test(bt)) return false;
  if (/[.!?]["”’)]*$/u.test(end)) return false;
  if (LOWER_START.test(bt) || /^[(“"]\s*\p{Ll}/u.test(bt)) return true;
  if (TERMINAL_END.test(end)) return false;
  if (/[,(]$/.test(end) || CONNECTIVES.has(lastWord(end))) return true;
  if (gap || (NUMBERED_HEADING.test(at) && at.length < 0.8 * width)) return false;
  return at.length >= 0.8 * width;
}

/** A paragraph being joined, kept as pieces and joined once at the end (see {@link ending}). */
type Pieces = string[];

/** The last characters of a paragraph kept as pieces (the last piece is never empty). */
function endOf(pieces: Pieces): string {
  let s = '';
  for (let i = pieces.length - 1; i >= 0 && s.length < 64; i--) s = pieces[i].slice(-64) + s;
  return ending(s);
}

/**
 * Appends line b to a paragraph. "57-" / "NQ/TW" join with no space; a syllable cut by a PDF
 * hyphenation ("truy-" / "ền") is mended when the two halves make one Vietnamese syllable.
 */
function glue(pieces: Pieces, b: string): void {
  const end = endOf(pieces); // a syllable is at most 7 letters: a longer head is no syllable either way
  if (!/[\p{L}\d]-$/u.test(end) || !/^[\p{L}\d]/u.test(b)) {
    pieces.push(' ', b);
    return;
  }
  const head = /(\p{L}+)-$/u.exec(end)?.[1];
  const tail = /^\p{Ll}+/u.exec(b)?.[0];
  if (head && tail && isVietnameseSyllable(head + tail)) pieces[pieces.length - 1] = pieces[pieces.length - 1].slice(0, -1);
  pieces.push(b);
}

/** Joins lines into paragraphs (blank lines in hard-wrapped PDFs are not always breaks). */
function toParagraphs(lines: Line[]): string[] {
  const width = wrapWidth(lines);
  const paras: Pieces[] = [];
  // The rules look at the last physical line, not the growing paragraph.
  let prev: Line | undefined;
  let gap = false;
  for (const l of lines) {
    if (!l.text) { gap = true; continue; }
    if (prev && continues(prev, l, width, gap)) glue(paras[paras.length - 1], l.text);
    else paras.push([l.text]);
    prev = l;
    gap = false;
  }
  // Headings and table rows lose their marks here; apply the rules once more without them so that
  // cleaning clean text changes nothing. With no width, only how the paragraph ends counts.
  const out: Pieces[] = [];
  for (const p of paras.map((x) => x.join(''))) {
    const last = out[out.length - 1];
    if (last !== undefined && continues({ text: endOf(last), block: false }, { text: p, block: false }, Infinity)) glue(last, p);
    else out.push([p]);
  }
  return out.map((x) => x.join(''));
}

/** Final tidy of one paragraph. */
function tidy(p: string): string {
  return p
    .replace(/\s*\.\/\.?\s*$/, '.') // "giải quyết./." → "giải quyết."
    // ".top, .vip" keep their space: domain endings written alone, not a sentence's end.
    .replace(/\s+([,;:!?…)]|\.(?![a-z]{2,10}(?![\p{L}\d])))/gu, '$1')
    .replace(/([(“])\s+/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The clean text and whether cleaning settled (see `fixedPoint`). */
export function cleanPasses(raw: string): FixedPoint {
  // One pass can uncover what the next would remove (markup hiding a heading mark, a header line
  // formed by joining): repeat to the fixed point, so cleaning twice changes nothing.
  return fixedPoint(cleanOnce, typeof raw === 'string' ? raw : String(raw ?? ''));
}

export function cleanText(raw: string): string {
  return cleanPasses(raw).value;
}

/** One pass of the cleaner; see {@link cleanText}. */
function cleanOnce(raw: string): string {
  let lines = toLines(raw);
  // Quốc hiệu and "Số: …" are header even where a layout put them below the agency or subject line.
  lines = lines.slice(0, footerStart(lines)).filter((l) => !LUU.test(l.text) && !QUOC_HIEU.test(l.text) && !isNumberLine(l.text));
  lines = dropTrailingSignature(dropHeader(dropESignature(lines)));
  return toParagraphs(lines).map(tidy).filter((p) => /[\p{L}\d]/u.test(p)).join('\n\n');
}
