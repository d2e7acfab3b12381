/**
 * Clean text → what the voice reads (the spoken form). Convention the speech stage relies on:
 * paragraphs separated by exactly one blank line, a heading is its own paragraph, every paragraph
 * ends with punctuation, and there are no digits, no markup and no all-caps abbreviation that a
 * voice would spell; NFC. espeak-ng reads raw digits poorly and long digit strings can hang it.
 */
import { DEFAULT_LEXICON, type Lexicon } from './lexicon.js';
import { type Dialect, readDecimal, readDigits, readInteger, readMonth, romanValue } from './numbers.js';
import { isVietnameseSyllable } from './syllable.js';

export interface SpokenOptions {
  /** Abbreviations and their spoken forms. @default the built-in lexicon */
  lexicon?: Lexicon;
  /** Number reading: 'bac' says "linh" (105 → một trăm linh năm), 'nam' says "lẻ". @default 'bac' */
  dialect?: Dialect;
}

interface Ctx { lex: Lexicon; dialect: Dialect }

const NB = '(?<![\\p{L}\\d])'; // no letter or digit before
const NA = '(?![\\p{L}\\d])'; // no letter or digit after
const re = (src: string, flags = 'gu') => new RegExp(src, flags);

const LETTER_NAMES: Record<string, string> = {
  a: 'a', ă: 'á', â: 'ớ', b: 'bê', c: 'xê', d: 'dê', đ: 'đê', e: 'e', ê: 'ê', f: 'ép', g: 'giê', h: 'hát', i: 'i',
  j: 'gi', k: 'ca', l: 'e lờ', m: 'em mờ', n: 'en nờ', o: 'o', ô: 'ô', ơ: 'ơ', p: 'pê', q: 'quy', r: 'e rờ', s: 'ét',
  t: 'tê', u: 'u', ư: 'ư', v: 'vê', w: 'vê kép', x: 'ích', y: 'i', z: 'dét',
};

/** Letter by letter, as Vietnamese names the letters: "VHXH" → "vê hát ích hát". */
export function spellLetters(s: string): string {
  return [...s.toLowerCase().normalize('NFC')].map((c) => LETTER_NAMES[c.normalize('NFD')[0]] ?? LETTER_NAMES[c] ?? '').filter(Boolean).join(' ');
}

/** "1.250", "3,5", "1.250,75", "12" → words. */
function readNumberToken(tok: string, d: Dialect): string {
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(tok);
  if (!m) return tok.split(/[.,]/).map((p) => readInteger(p, d)).join(' chấm ');
  const int = m[1].replace(/\./g, '');
  // "2024,2025" is a list of years, not a decimal.
  if (m[2] && /^\d{4}$/.test(m[1]) && /^\d{4}$/.test(m[2])) return `${readInteger(m[1], d)}, ${readInteger(m[2], d)}`;
  return m[2] ? readDecimal(int, m[2], d) : readInteger(int, d);
}

const NUM = '(\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?)';

const UNITS: [string, string][] = [
  ['km²', 'ki lô mét vuông'], ['km2', 'ki lô mét vuông'], ['m²', 'mét vuông'], ['m2', 'mét vuông'], ['m³', 'mét khối'], ['m3', 'mét khối'],
  ['km/h', 'ki lô mét một giờ'], ['kWh', 'ki lô oát giờ'], ['kW', 'ki lô oát'], ['MW', 'mê ga oát'], ['ha', 'héc ta'], ['km', 'ki lô mét'],
  ['kg', 'ki lô gam'], ['cm', 'xăng ti mét'], ['mm', 'mi li mét'], ['ml', 'mi li lít'], ['m', 'mét'], ['l', 'lít'], ['g', 'gam'],
  ['GB', 'gi ga bai'], ['MB', 'mê ga bai'], ['°C', 'độ xê'], ['độ C', 'độ xê'], ['VNĐ', 'đồng'], ['VND', 'đồng'], ['vnđ', 'đồng'],
  ['đồng', 'đồng'], ['đ', 'đồng'], ['USD', 'đô la Mỹ'], ['tr', 'triệu'], ['tấn', 'tấn'], ['tạ', 'tạ'],
];
const UNIT_RE = re(`${NB}${NUM}\\s*(${UNITS.map(([u]) => u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(?![\\p{L}\\d²³])`);
/** "đồng/người/năm", "tấn/ha": a slash after an amount's unit means "per". */
// The cheap lookahead first: the lookbehind alone would rescan the text before every position.
const PER_RE = /(?=\s*\/)(?<=(?:đồng|mét|gam|lít|tấn|giờ|héc ta|vuông|khối|phần trăm|nghìn|triệu|tỷ|mỗi \p{L}{1,20})(?:\s*\/\s*\p{L}{1,20}){0,3})\s*\/\s*(\p{L}+)/gu;
const PER_UNIT: Record<string, string> = { s: 'giây', h: 'giờ', ha: 'héc ta', km: 'ki lô mét', m: 'mét' };
const UNIT_MAP = new Map(UNITS);

const DATE_CONTEXT = /(?:ngày|từ|đến|tới|dịp|hôm|lễ|sáng|chiều|tối|trưa|đêm|trước|sau|và|niệm|kỷ niệm)\s*$/iu;
const FRACTION_CONTEXT = /(?:tỷ lệ|chiếm|khoảng|đạt|bằng|gần|hơn|trên|dưới)\s*$/iu;

/**
 * The words just before a match, for the rules that look back ("tỷ lệ 1/2", "ngày 30/4"). A regex
 * anchored only at `$` is tried from every position, so testing the whole text before each match
 * made a paragraph with thousands of matches quadratic. Trailing spaces go first (the rules allow
 * any), then a few words are plenty.
 */
function wordsBefore(whole: string, offset: number): string {
  return whole.slice(0, offset).trimEnd().slice(-48);
}

function validDate(d: number, m: number): boolean {
  return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

/** Document codes: 57-NQ/TW, 1169/QĐ-TTg, 39/2020/TT-BTTTT, 57NQ/TW, 57/NQ- TW. */
const CODE_RE = re(`${NB}(\\d{1,5})(?:\\s*\\/\\s*(\\d{4}))?\\s*(?:[-/]\\s*)?((?:\\p{Lu}[\\p{L}&]*\\d*)(?:\\s*[-/]\\s*\\p{Lu}[\\p{L}&]*\\d*)*)${NA}`);

function expandAbbr(part: string, c: Ctx): string {
  // "QH13": the body, then its number (the 13th National Assembly).
  const numbered = /^(\p{L}[\p{L}&]*?)(\d+)$/u.exec(part);
  if (numbered) return `${expandAbbr(numbered[1], c)} ${readInteger(numbered[2], c.dialect)}`;
  return c.lex.get(part) ?? c.lex.get(part.toUpperCase()) ?? (isVietnameseSyllable(part) ? part.toLowerCase() : spellLetters(part));
}

const TLD: Record<string, string> = { vn: 'vê en', com: 'com', net: 'nét', org: 'o rờ gờ', gov: 'gốp', edu: 'e đu', www: 'vê kép vê kép vê kép' };
const LINK_SEP: Record<string, string> = { '.': 'chấm', '@': 'a còng', '/': 'gạch chéo', '-': 'gạch ngang', '_': 'gạch dưới', ':': '' };
/** A piece that reads as one syllable even without its marks ("tuc", "phuong"); others are spelled. */
const SYLLABLE_SHAPE = /^(?:[bcdđghklmnpqrstvx]|ch|gh|gi|kh|ngh?|nh|ph|qu|th|tr)?[aeiouyăâêôơư]{1,3}(?:ch|ng|nh|[cmnptiouy])?$/u;
// Anchored at a token's start and bounded, so a long junk token costs linear time, not quadratic.
export const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}/gu;
export const URL_RE = /(?<![\p{L}\d.\/])(?:https?:\/\/|www\.)[^\s,;()"“”<>]{1,200}|(?<![\p{L}\d@.-])[a-z\d-]{1,63}(?:\.[a-z\d-]{1,63}){0,6}\.(?:vn|com|net|org|gov|edu)(?:\/[^\s,;()"“”<>]{0,200})?(?![\p{L}\d])/giu;

/**
 * Web addresses and e-mail, as announcers give them: "donghai chấm gov chấm vê en", the scheme
 * dropped; short pieces that are no word are spelled so listeners can type them.
 */
function readLinks(p: string): string {
  const say = (link: string) => link
    .replace(/^https?:\/\//i, '')
    .replace(/[./]+$/, '')
    .split(/([./@_:-]|\d+)/)
    .filter(Boolean)
    .map((piece) => {
      if (piece in LINK_SEP) return LINK_SEP[piece];
      const low = piece.toLowerCase();
      if (/^\d+$/.test(low)) return readDigits(low);
      if (TLD[low]) return TLD[low];
      return low.length <= 4 && !SYLLABLE_SHAPE.test(low) ? spellLetters(low) : low;
    })
    .filter(Boolean)
    .join(' ');
  // A sentence's final period is not part of the address.
  const trimmed = (m: string) => { const t = /[.:]+$/.exec(m)?.[0] ?? ''; return say(m.slice(0, m.length - t.length)) + t; };
  return p.replace(EMAIL, trimmed).replace(URL_RE, trimmed);
}

function readCodes(p: string, c: Ctx): string {
  return p.replace(CODE_RE, (all, num: string, year: string | undefined, body: string, offset: number, whole: string) => {
    const parts = body.split(/\s*[-/]\s*/);
    const looksLikeCode = parts.every((x) => c.lex.has(x) || /^\p{Lu}[\p{Lu}&]+\d*$/u.test(x)) && (/[-/]/.test(all.slice(num.length)) || parts.length > 1);
    if (!looksLikeCode) return all;
    // "Tr. 5" and the like stay; a code is never followed by a digit.
    if (/^\d/.test(whole.slice(offset + all.length))) return all;
    const head = readInteger(num, c.dialect) + (year ? ` năm ${readInteger(year, c.dialect)}` : '');
    return `${head}, ${parts.map((x) => expandAbbr(x, c)).join(' ')}`;
  });
}

function readDates(p: string, c: Ctx): string {
  const d = c.dialect;
  // "trực 24/24", "24/7": round the clock, not a date or a fraction.
  p = p.replace(re(`${NB}24\\/(24|7)(?![\\p{L}\\d/])`), (_a, b: string) => `hai mươi tư trên ${readInteger(b, d)}`);
  // "Quý III/2026", "quý 2/2025"
  p = p.replace(re(`(quý)\\s+([IV]{1,3}|[1-4])\\s*\\/\\s*(\\d{4})${NA}`, 'giu'), (all, q: string, n: string, y: string) =>
    `${q} ${readInteger(String(romanValue(n) ?? n), d)} năm ${readInteger(y, d)}`);
  // "ngày 10 - 12/7/2026": a range of days ending in a date.
  p = p.replace(re(`${NB}(\\d{1,2})\\s*[-–—]\\s*(?=\\d{1,2}\\s*[/.]\\s*\\d{1,2}${NA})`), '$1 đến ');
  // "tháng 4 - tháng 6", "ngày 3 - ngày 5": a range between two dates.
  p = p.replace(re(`(?<=\\d)\\s*[-–—]\\s*(?=(?:tháng|ngày|năm)\\s+\\d)`, 'giu'), ' đến ');
  // ISO 2026-01-31
  p = p.replace(re(`${NB}(\\d{4})-(\\d{2})-(\\d{2})${NA}`), (all, y: string, m: string, dd: string) =>
    validDate(+dd, +m) ? `ngày ${readInteger(dd, d)} tháng ${readMonth(+m, d)} năm ${readInteger(y, d)}` : all);
  // 22/12/2024, 08.8.2025, 16-6-2025
  p = p.replace(re(`${NB}(ngày\\s+)?(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})\\s*\\3\\s*(\\d{4})${NA}`, 'giu'), (all, ngay: string | undefined, dd: string, _s, m: string, y: string) =>
    validDate(+dd, +m) ? `${ngay ? ngay : 'ngày '}${readInteger(dd, d)} tháng ${readMonth(+m, d)} năm ${readInteger(y, d)}` : all);
  // 3/2026 → tháng ba năm …
  p = p.replace(re(`${NB}(tháng\\s+)?(\\d{1,2})\\s*[/-]\\s*(\\d{4})${NA}`, 'giu'), (all, thang: string | undefined, m: string, y: string) =>
    +m >= 1 && +m <= 12 ? `${thang ?? 'tháng '}${readMonth(+m, d)} năm ${readInteger(y, d)}` : all);
  // 30/4: a date unless the words before call for a fraction
  p = p.replace(re(`${NB}(ngày\\s+)?(\\d{1,2})\\/(\\d{1,2})(?![\\p{L}\\d/])`, 'giu'), (all, ngay: string | undefined, a: string, b: string, offset: number, whole: string) => {
    const before = wordsBefore(whole, offset);
    if (!ngay && FRACTION_CONTEXT.test(before)) return `${readInteger(a, d)} phần ${readMonth(+b, d) === 'tư' ? 'tư' : readInteger(b, d)}`;
    if (!ngay && !validDate(+a, +b)) return `${readInteger(a, d)} trên ${readInteger(b, d)}`;
    return `${ngay ?? (DATE_CONTEXT.test(before) && /ngày\s*$/iu.test(before) ? '' : 'ngày ')}${readInteger(a, d)} tháng ${readMonth(+b, d)}`;
  });
  // Scores and ratios that cannot be dates: "95/100 điểm", "xếp thứ 10/121".
  return p.replace(re(`${NB}(\\d+)\\s*\\/\\s*(\\d+)${NA}`), (_a, a: string, b: string, offset: number, whole: string) =>
    `${readInteger(a, d)} ${FRACTION_CONTEXT.test(wordsBefore(whole, offset)) ? 'phần' : 'trên'} ${readInteger(b, d)}`);
}

function readTimes(p: string, c: Ctx): string {
  const clock = (h: string, m: string | undefined) =>
    `${readInteger(h, c.dialect)} giờ${m && +m > 0 ? ` ${readInteger(m, c.dialect)} phút` : ''}`;
  // "11 giờ 00" → "mười một giờ"; "7 giờ 30" keeps its minutes.
  p = p.replace(re(`${NB}(\\d{1,2})\\s+giờ\\s+(\\d{2})(\\s*phút)?${NA}`, 'giu'), (all, h: string, m: string) => (+h <= 24 && +m < 60 ? clock(h, m) : all));
  p = p.replace(re(`${NB}(\\d{1,2})\\s?[hg](\\d{2})?(?:'|p|ph)?${NA}`), (all, h: string, m: string | undefined) => (+h <= 24 ? clock(h, m) : all));
  return p.replace(re(`${NB}(\\d{1,2}):(\\d{2})(?::\\d{2})?${NA}`), (all, h: string, m: string) => (+h <= 24 && +m < 60 ? clock(h, m) : all));
}

/** Phone numbers, hotlines and long numbers starting with 0: digit by digit, groups as pauses. */
function readPhones(p: string): string {
  const say = (s: string) => {
    const groups = s.split(/[\s.-]+/).filter(Boolean);
    const g = groups.length > 1 ? groups : (s.match(/^(\d{4})(\d{3})(\d+)$/)?.slice(1) ?? [s]);
    return g.map(readDigits).join(', ');
  };
  p = p.replace(re(`${NB}((?:0|\\+84\\s?)\\d{2,4}(?:[ .-]?\\d{1,4}){1,4})${NA}`), (all, num: string) => {
    const digits = num.replace(/\D/g, '');
    return digits.length >= 9 && digits.length <= 12 ? say(num.replace(/^\+84\s?/, '0')) : all;
  });
  p = p.replace(re(`${NB}(1[89]00[ .]?\\d{3,4}(?:[ .]?\\d{2,4})?)${NA}`), (_a, num: string) => say(num));
  // Emergency numbers (113 police, 114 fire, 115 ambulance) are said digit by digit. The rule looks
  // back at most 90 characters: only those are tested (linear time however many numbers).
  p = p.replace(re(`${NB}(11[1-5])${NA}`), (num: string, _n, offset: number, whole: string) =>
    /(?:gọi|số|đường dây|hotline|tổng đài|điện thoại|liên hệ)[^.;!?]{0,80}$/iu.test(whole.slice(Math.max(0, offset - 100), offset)) ? readDigits(num) : num);
  return p.replace(re(`${NB}0\\d{5,}${NA}`), (num) => readDigits(num));
}

function readNumbers(p: string, c: Ctx): string {
  const d = c.dialect;
  // Ranges: 2025 - 2030 → "… đến …"
  p = p.replace(re(`${NB}${NUM}\\s*[-–—]\\s*(?=\\d)`), (_a, a: string) => `${a} đến `);
  p = p.replace(re(`(?<![\\p{L}\\d])[-−]\\s?(?=\\d+(?:,\\d+)?\\s*(?:°C|độ))`), 'âm ');
  p = p.replace(re(`${NB}${NUM}\\s*%`), (_a, n: string) => `${readNumberToken(n, d)} phần trăm`);
  p = p.replace(UNIT_RE, (_a, n: string, unit: string) => `${readNumberToken(n, d)} ${UNIT_MAP.get(unit) ?? unit}`);
  p = p.replace(PER_RE, (_a, per: string) => ` mỗi ${PER_UNIT[per] ?? per}`);
  p = p.replace(re('(thứ|hạng|lần thứ)\\s+(\\d+)' + NA, 'giu'), (_a, w: string, n: string) =>
    `${w} ${n === '1' ? 'nhất' : n === '4' ? 'tư' : readInteger(n, d)}`);
  p = p.replace(re('(tháng)\\s+(\\d{1,2})' + NA, 'giu'), (all, w: string, n: string) => (+n >= 1 && +n <= 12 ? `${w} ${readMonth(+n, d)}` : all));
  // Letters glued to digits ("s6", "F0", "Covid19"): read apart.
  p = p.replace(/(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/gu, ' ');
  p = p.replace(/\d+(?:[.,]\d+)*/g, (n) => readNumberToken(n, d));
  return p.replace(/\d+/g, (n) => readDigits(n));
}

/** Markers at the start of a paragraph: I. → "Phần một.", 1. → "Một.", 1.1. / a) / - → dropped. */
const DROPPED_MARKER = /^(?:[^\p{L}\d]+|(?:\d+(?:\.\d+)+\.?\)?|\(\d+\)|\(?\p{Ll}\))\s+(?=[\p{Lu}"“(]))/u;

/** Words after which a capital I, V, X… is a Roman number ("giai đoạn I", "khóa XV", "quý IV"). */
const ROMAN_AFTER = re(`(giai đoạn|khóa|khoá|quý|phần|chương|mục|đợt|kỳ|lần thứ|thứ|loại|vùng|hạng|đại hội|cấp độ|mức)\\s+([IVXLC]+)(?![\\p{L}\\d]|\\s*\\/\\s*\\d)`, 'giu');

/** Lower case, runs of spaces and [.,;] as one space: how an amount and its words are compared. */
const plain = (s: string) => s.toLowerCase().replace(/[.,;\s]+/g, ' ');

/** "1.250.000 đồng (Một triệu hai trăm năm mươi nghìn đồng)": the amount in words is said once. */
function dropRepeatedInWords(p: string): string {
  return p.replace(/\s*\(\s*(?:bằng chữ\s*:\s*)?([^()]+?)\s*\)/giu, (all, inner: string, offset: number, whole: string) => {
    const said = plain(inner).trim();
    if (!said) return all;
    // Only the end of the text before can match: a window that holds more than `said` once made
    // plain decides it (the whole text before each parenthesis made many of them quadratic).
    for (let w = 2 * inner.length + 16; ; w *= 2) {
      const from = Math.max(0, offset - w);
      const before = plain(whole.slice(from, offset)).trimEnd();
      if (from === 0 || before.length > said.length) return before.endsWith(said) ? '' : all;
    }
  });
}

function readMarker(p: string, c: Ctx): string {
  // Markers can stack ("- a) 1.1. …"); "1.250 hộ" is a number, not a marker.
  for (let prev = ''; prev !== p;) { prev = p; p = p.replace(DROPPED_MARKER, ''); }
  const roman = /^([IVXL]+)(?:[.)]\s*|$)(?![\p{L}\d])/u.exec(p);
  if (roman && romanValue(roman[1])) return `Phần ${readInteger(String(romanValue(roman[1])), c.dialect)}. ${p.slice(roman[0].length)}`;
  const top = /^(\d{1,3})\s*(?:\.\)?|\))\s+(?=[\p{Lu}"“(])/u.exec(p);
  if (top) return `${capitalise(readInteger(top[1], c.dialect))}. ${p.slice(top[0].length)}`;
  return p;
}

/** Upper-cases the first letter of a word of two letters or more (a lone "i" would turn Roman). */
function capitalise(s: string): string {
  return s.replace(/^(\P{L}*)(\p{L})(?=\p{L})/u, (_a, pre: string, ch: string) => pre + ch.toUpperCase());
}

function readSymbols(p: string): string {
  return p
    .replace(/\s*\(\s*([\p{Lu}][\p{Lu}\p{Ll}&-]{1,14})\s*\)/gu, (all, inner: string) => (/\p{Lu}.*\p{Lu}/u.test(inner) ? '' : all))
    .replace(/\s*&\s*/g, ' và ')
    .replace(/\s*@\s*/g, ' a còng ')
    .replace(/\s*\+\s*/g, ' cộng ')
    .replace(/\s*=\s*/g, ' bằng ')
    .replace(/(?<=\p{L})\s*\/\s*(?=\p{L})/gu, ' hoặc ')
    .replace(/\s+[-–—]+\s+|\s+[-–—]+(?=\p{L})|(?<=\p{L})[–—]+\s+/gu, ', ')
    .replace(/(?<=[\p{L}\d])-(?=[\p{L}\d])/gu, ' ')
    .replace(/\s*(?:\.{2,}|…)+/g, ',')
    .replace(/[“”"‘’«»`´]/g, '')
    .replace(/(?<=\p{L})'(?=\p{L})/gu, '')
    .replace(/[([{]\s*/g, ', ')
    .replace(/\s*[)\]}]/g, ', ')
    .replace(/[^\p{L}\p{M}\d\s.,;:!?]/gu, ' ');
}

function readWords(p: string, c: Ctx): string {
  return p.replace(/\p{L}[\p{L}\p{M}]*/gu, (w) => {
    const lex = c.lex.get(w);
    if (lex !== undefined) return lex;
    const upper = (w.match(/\p{Lu}/gu) ?? []).length;
    if (upper < 2) return w;
    if (w === w.toUpperCase()) {
      if (isVietnameseSyllable(w)) return w.toLowerCase();
      const roman = romanValue(w);
      if (roman !== undefined) return readInteger(String(roman), c.dialect);
      return spellLetters(w);
    }
    // Mixed case: a short one is an abbreviation ("ThX" → spelled), a long one a name ("YouTube").
    return [...w].length <= 4 && !isVietnameseSyllable(w) ? spellLetters(w) : w.toLowerCase();
  });
}

function tidy(p: string): string {
  let s = p
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/[,;:]\s*([.!?])/g, '$1')
    .replace(/([.!?])\s*[,;:]+/g, '$1')
    .replace(/([.!?])(?:\s*[.!?])+/g, '$1')
    .replace(/([,.;:!?])(?=\p{L})/gu, '$1 ')
    .replace(/^[\s,.;:!?]+/, '')
    .trim();
  s = s.replace(/[,;\s]+$/, '');
  if (s && !/[.!?:]$/.test(s)) s += '.';
  // A heading written in capitals reads as a sentence.
  return capitalise(s).replace(/([.!?]\s+)(\p{Ll})(?=\p{L})/gu, (_a, pre: string, ch: string) => pre + ch.toUpperCase());
}

function speakParagraph(p: string, c: Ctx): string {
  p = readLinks(p);
  // Keys with punctuation or digits (VH-TT-DL, KH&CN, V/v, COVID-19) before the symbol rules split them.
  for (const [k, v] of c.lex) {
    if (/^[\p{L}]+$/u.test(k)) continue;
    p = p.replace(re(`${NB}${k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\p{L}\\d])`), v);
  }
  p = readMarker(p, c);
  p = p.replace(ROMAN_AFTER, (all, w: string, r: string) => { const v = romanValue(r); return v ? `${w} ${readInteger(String(v), c.dialect)}` : all; });
  // Inline list markers: "…; b) Kiểm tra".
  p = p.replace(/([;:]\s*)\(?\p{Ll}\)\s+/gu, '$1');
  p = readCodes(p, c);
  p = readDates(p, c);
  p = readTimes(p, c);
  p = readPhones(p);
  p = readNumbers(p, c);
  p = dropRepeatedInWords(p);
  p = readSymbols(p);
  p = readWords(p, c);
  return tidy(p);
}

export function toSpokenForm(clean: string, opts: SpokenOptions = {}): string {
  const c: Ctx = { lex: opts.lexicon ?? DEFAULT_LEXICON, dialect: opts.dialect ?? 'bac' };
  // A reading can uncover another (a code read out leaves "giai đoạn I" free to read as a number):
  // repeat to the fixed point, so nothing the voice would spell is left and speaking twice is a no-op.
  let out = speakOnce(String(clean ?? ''), c);
  for (let i = 0; i < 5; i++) {
    const again = speakOnce(out, c);
    if (again === out) break;
    out = again;
  }
  return out;
}

function speakOnce(clean: string, c: Ctx): string {
  return clean
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map((p) => speakParagraph(p, c))
    .filter((p) => /\p{L}/u.test(p))
    .join('\n\n');
}
