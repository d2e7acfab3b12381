/**
 * Clean text → what the voice reads (the spoken form). Convention the speech stage relies on:
 * paragraphs separated by exactly one blank line, a heading is its own paragraph, every paragraph
 * ends with punctuation (a heading too: the voice pauses after it, it never runs into the next
 * sentence), and there are no digits, no markup and no all-caps abbreviation that a voice would
 * spell; NFC. espeak-ng reads raw digits poorly and long digit strings can hang it.
 *
 * The rules run in an order that lets each claim what is surely its own: links, lexicon keys with
 * punctuation, list markers, named codes (plates, roads, initials), document codes, signs and
 * positions, dates, times, phone numbers, numbers with units, symbols, words.
 */
import { readBoats, readCodes, readNamedCodes } from './codes.js';
import { BROKEN_YEAR_DATE, pauseTableCells, readDates, readShortDays, readTimes } from './dates.js';
import { fixedPoint, type FixedPoint } from './fixpoint.js';
import { respell } from './foreign.js';
import { isPronounceable, letterName, spellLetters } from './letters.js';
import { contextRules, DEFAULT_LEXICON, type Lexicon, withDefinitions } from './lexicon.js';
import { readNumbers, readSigns } from './measures.js';
import { type Dialect, readDigits, readInteger, romanValue } from './numbers.js';
import { type Ctx, escapeRe, NA, NB, re, textAfter, wordsBefore } from './rules.js';
import { isVietnameseSyllable } from './syllable.js';

export { spellLetters } from './letters.js';

export interface SpokenOptions {
  /** Abbreviations and their spoken forms. @default the built-in lexicon */
  lexicon?: Lexicon;
  /** Number reading: 'bac' says "linh" (105 → một trăm linh năm), 'nam' says "lẻ". @default 'bac' */
  dialect?: Dialect;
}

/** What the voice will do that an operator may want to fix before airing (see `inspectSpoken`). */
export interface SpokenNote {
  /**
   * spelled: read letter by letter; letter: a lone letter read by its name; leftover: a word the voice cannot read as Vietnamese;
   * typo: a suspected typing slip the voice reads around ("ngày 30/8/219": the broken year is not read; "xuẩt" is said "xuất").
   */
  kind: 'spelled' | 'letter' | 'leftover' | 'typo';
  /** As written in the clean text. */
  text: string;
  /** What the voice says for it. */
  reading: string;
  /** 1-based paragraph of the clean text. */
  paragraph: number;
}

interface SpeakCtx extends Ctx {
  /** Collects notes while speaking the clean text (first pass only). */
  notes?: SpokenNote[];
  paragraph: number;
}

const TLD: Record<string, string> = { vn: 'vê en', com: 'com', net: 'nét', org: 'o rờ gờ', gov: 'gốp', edu: 'e đu', www: 'vê kép vê kép vê kép' };
const LINK_SEP: Record<string, string> = { '.': 'chấm', '@': 'a còng', '/': 'gạch chéo', '-': 'gạch ngang', '_': 'gạch dưới', ':': '' };
/** A piece that reads as one syllable even without its marks ("tuc", "phuong"); others are spelled. */
const SYLLABLE_SHAPE = /^(?:[bcdđghklmnpqrstvx]|ch|gh|gi|kh|ngh?|nh|ph|qu|th|tr)?[aeiouyăâêôơư]{1,3}(?:ch|ng|nh|[cmnptiouy])?$/u;
// Anchored at a token's start and bounded, so a long junk token costs linear time, not quadratic.
export const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}/gu;
export const URL_RE = /(?<![\p{L}\d.\/])(?:https?:\/\/|www\.)[^\s,;()"“”<>]{1,200}|(?<![\p{L}\d@.-])[a-z\d-]{1,63}(?:\.[a-z\d-]{1,63}){0,6}\.(?:vn|com|net|org|gov|edu)(?:\/[^\s,;()"“”<>]{0,200})?(?![\p{L}\d])/giu;

/** A syllable without its marks, spelled as Vietnamese spells ("nghe" but not "ngha", "ca" but not "ce"). */
// A doubled e or o is English ("meet", "book"); Vietnamese doubles only o before ng ("xoong").
const unmarkedSyllable = (x: string) => SYLLABLE_SHAPE.test(x) && !/^(?:ngh|gh)[^eiê]|^ng[eiê]|^k(?!h)[^eiyê]|^c[eiyê]|ee|oo(?!ng)/.test(x);

/**
 * "haiphong" → "hai phong", "dichvucong" → "dich vu cong": a piece that is unmarked syllables end
 * to end, cut so that as few syllables as possible lack an onset ("vu cong", not "vuc ong"); else
 * undefined.
 */
function syllables(s: string): string | undefined {
  if (s.length > 40) return undefined;
  // best[i]: the best cut of s.slice(i), scored by vowel-initial syllables, then by count.
  const best: Array<{ cut: string[]; bare: number } | undefined> = [];
  best[s.length] = { cut: [], bare: 0 };
  for (let i = s.length - 1; i >= 0; i--) {
    for (let n = 1; n <= 7 && i + n <= s.length; n++) {
      const head = s.slice(i, i + n);
      const rest = best[i + n];
      if (!rest || !unmarkedSyllable(head)) continue;
      const cand = { cut: [head, ...rest.cut], bare: rest.bare + (/^[aeiouyăâêôơư]/.test(head) ? 1 : 0) };
      const cur = best[i];
      if (!cur || cand.bare < cur.bare || (cand.bare === cur.bare && cand.cut.length < cur.cut.length)) best[i] = cand;
    }
  }
  const whole = best[0];
  return whole && whole.cut.length > 1 ? whole.cut.join(' ') : undefined;
}

/**
 * Web addresses and e-mail, as announcers give them: "donghai chấm gov chấm vê en", the scheme
 * dropped; short pieces that are no word are spelled so listeners can type them.
 */
function readLinks(p: string, lex: Lexicon): string {
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
      // "VOV.VN": a name the lexicon knows, as it says it.
      const known = /\p{Lu}/u.test(piece) ? lex.get(piece) : undefined;
      if (known !== undefined) return known;
      if (SYLLABLE_SHAPE.test(low)) return low;
      // "dichvucong", "haiphong": syllables written together are said apart; the rest is spelled.
      return syllables(low) ?? spellLetters(low);
    })
    .filter(Boolean)
    .join(' ');
  // A sentence's final period is not part of the address.
  const trimmed = (m: string) => { const t = /[.:]+$/.exec(m)?.[0] ?? ''; return say(m.slice(0, m.length - t.length)) + t; };
  // ".top, .vip": a domain ending written alone is said, never a sentence end.
  return p.replace(EMAIL, trimmed).replace(URL_RE, trimmed).replace(/(?<=^|[\s,;:(“"])\.([a-z]{2,10})(?![\p{L}\d])/gu, (_a, end: string) => `chấm ${say(end)}`);
}

/**
 * "tổng đài 156/5656", "đầu số 1900", "hộp thư … – 8011035": a service number is said digit by digit, a slash between two is "hoặc";
 * read before dates and counts take the slash.
 */
const SERVICE_WORD = /[Tt]ổng đài|TỔNG ĐÀI|[Đđ]ầu số|[Hh]otline|HOTLINE|[Đđ]ường dây nóng|[Hh]ộp thư|[Ss]ố máy/u;
function readServiceNumbers(p: string): string {
  // (Matched from the word on, and only where such a word stands: a look-back tried at every digit cost a sixth of the whole.)
  if (SERVICE_WORD.test(p)) {
    p = p.replace(/((?:tổng đài|đầu số|hotline|đường dây nóng|hộp thư(?:\s+\p{L}+){0,4}|số máy)(?:\s+số)?\s*[:–-]?\s*)(\d{3,8})(?:\s*\/\s*(\d{3,5}))?(?![\p{L}\d]|[.,]\d|\s+\d)/giu,
      (_a, pre: string, a: string, b?: string) => `${pre}${b ? `${readDigits(a)} hoặc ${readDigits(b)}` : readDigits(a)}`);
  }
  // "Help114": an emergency number glued to a name is said digit by digit.
  return p.replace(/(?=11[1-5])(?<=\p{L})(11[1-5])(?!\d)/gu, (n) => ` ${readDigits(n)}`);
}

/** "QCVN 05:2013/BTNMT", "TCVN 5574:2018": a standard's number, then its year ("không năm, năm hai nghìn không trăm mười ba"). */
function readStandards(p: string, c: Ctx): string {
  return p.replace(/(?<=(?:QCVN|TCVN)\s*)(\d{1,5}):(\d{4})(?:(\s*\/\s*)(?=\p{Lu})|(?![\p{L}\d]))/gu, (_a, n: string, y: string, slash?: string) =>
    `${n.startsWith('0') ? readDigits(n) : readInteger(n, c.dialect)}, năm ${readInteger(y, c.dialect)}${slash ? ', ' : ''}`);
}

/** "A/H5N1", "H3N2": an influenza strain, its letters and digits said one by one ("a, hát năm en nờ một"). */
function readFluStrains(p: string): string {
  return p.replace(/(?<![\p{L}\d])(?:([AB])\s*\/\s*)?H(\d{1,2})N(\d{1,2})(?![\p{L}\d])/gu, (_a, type: string | undefined, h: string, n: string) =>
    `${type ? `${letterName(type)} ` : ''}hát ${readDigits(h)} en nờ ${readDigits(n)}`);
}

const PHONE_SPLIT_RE = re(`(?=0\\d)(?<=(?:điện thoại|ĐT|số|gọi|hotline|đường dây nóng|liên hệ)\\s*:?\\s*)(0\\d{2,4}(?:\\.\\s?\\d{2,4}|\\s\\d{2,4}){1,3})${NA}(?![.,]\\d)`, 'giu');

const PHONE_DOTTED_RE = re(`(?=0[1-9])${NB}(0\\d{2,4}(?:\\.\\s?\\d{2,4}){1,3})${NA}(?![.,]\\d)`);

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
  // Emergency numbers (113 police, 114 fire, 115 ambulance) are said digit by digit ("chỉ số … 114" is a value). The rule looks
  // back at most 90 characters: only those are tested (linear time however many numbers).
  // ("111,8 độ kinh đông": a decimal or a value with its unit is no number to dial.)
  p = p.replace(re(`${NB}(11[1-5])${NA}(?![.,]\\d|\\s*(?:độ|°|km|mm|m|%)(?![\\p{L}]))`), (num: string, _n, offset: number, whole: string) =>
    /(?:gọi|(?<!chỉ\s)số|đường dây|hotline|tổng đài|điện thoại|liên hệ)[^.;!?]{0,80}$/iu.test(whole.slice(Math.max(0, offset - 100), offset)) ? readDigits(num) : num);
  // "số điện thoại 02743. 613.813": after a phone word, groups split by a dot and a space are one number, never a sentence end.
  p = p.replace(PHONE_SPLIT_RE, (all, num: string) => { const n = num.replace(/\D/g, '').length; return n >= 9 && n <= 11 ? say(num) : all; });
  // "0912. 345. 678" with no phone word: a number from 0 of 10 or 11 digits in dot groups is one anywhere (a mobile or a landline).
  p = p.replace(PHONE_DOTTED_RE, (all, num: string) => { const n = num.replace(/\D/g, '').length; return n >= 10 && n <= 11 ? say(num) : all; });
  // "0823 125 xxx": a number with its last digits masked, as scam warnings print them.
  p = p.replace(re(`${NB}(0\\d{2,4}(?:[ .]\\d{2,4}){0,3})[ .]?([xX*]{2,4})(?![\\p{L}\\d])`), (_a, num: string, mask: string) =>
    `${say(num)}, ${[...mask].map(() => 'ích').join(' ')}`);
  // An account, card or ID number ("1234567890", 9 digits or more, no thousands dots) is said digit by digit; an amount keeps its unit.
  p = p.replace(re(`${NB}\\d{9,}(?![\\p{L}\\d.,])(?!\\s*(?:đồng|đ|VNĐ|VND|USD)(?![\\p{L}]))`), (num) => readDigits(num));
  return p.replace(re(`${NB}0\\d{5,}${NA}`), (num) => readDigits(num));
}

/**
 * "NN-PTNT", "TT-TT", "QP&AN": abbreviations the lexicon knows, joined by a dash or "&", read part by
 * part ("nông nghiệp, phát triển nông thôn"; "&" is "và"). Not inside a document code ("/NĐ-CP").
 */
// ("05/ CT-TTg": a code with a space after its slash is still a code.)
const COMPOUND_RE = /(?<![\p{L}\d/.-])(?<!\/\s{1,3})\p{Lu}[\p{Lu}\p{Ll}]{0,7}(?:[-&]\p{Lu}[\p{Lu}\p{Ll}]{0,7}){1,3}(?![\p{L}\d/-])/gu;
function readCompounds(p: string, c: Ctx): string {
  return p.replace(COMPOUND_RE, (all: string) => {
    const parts = all.split(/([-&])/);
    const read = parts.map((x, i) => (i % 2 ? (x === '&' ? ' và ' : ', ') : c.lex.get(x)));
    // ("Wave-Alpha": brand words joined by a dash are one model's name, read by the words' own rule.)
    const abbreviated = parts.some((x, i) => i % 2 === 0 && /^\p{Lu}+$/u.test(x));
    return abbreviated && read.every((x) => x !== undefined && !/\d/.test(x)) ? read.join('') : all;
  });
}

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

/** Markers at the start of a paragraph: I. → "Phần một.", 1. → "Một.", 1.1. / a) / a. / - → dropped. */
const DROPPED_MARKER = /^(?:[^\p{L}\d]+|(?:\d+(?:\.\d+)+\.?\)?|\(\d+\)|\(?\p{Ll}\)|\p{Ll}\.)\s+(?=[\p{Lu}"“(]))/u;

/** Words after which a capital I, V, X… is a Roman number ("giai đoạn I", "khóa XV", "quý IV", "BĐ III"). */
const ROMAN_AFTER = re(`(giai đoạn|khóa|khoá|quý|phần|chương|mục|đợt|kỳ|lần thứ|thứ|loại|vùng|hạng|đại hội|cấp độ|mức|báo động|BĐ)\\s+([IVXLC]+)(?![\\p{L}\\d]|\\s*\\/\\s*\\d)`, 'giu');

function readMarker(p: string, c: Ctx): string {
  // Markers can stack ("- a) 1.1. …"); "1.250 hộ" is a number, not a marker.
  for (let prev = ''; prev !== p;) { prev = p; p = p.replace(DROPPED_MARKER, ''); }
  // "I- MỤC TIÊU": a dash closes a marker as a dot does.
  const roman = /^([IVXL]+)(?:[.)]\s*|\s?[-–](?=\s)|$)(?![\p{L}\d])/u.exec(p);
  if (roman && romanValue(roman[1])) return `Phần ${readInteger(String(romanValue(roman[1])), c.dialect)}. ${p.slice(roman[0].length)}`;
  const top = /^(\d{1,3})\s*(?:\.\)?|\))\s+(?=[\p{Lu}"“(])|^(\d{1,2})[-–]\s+(?=\p{Lu})/u.exec(p);
  if (top) return `${capitalise(readInteger(top[1] ?? top[2], c.dialect))}. ${p.slice(top[0].length)}`;
  return p;
}

/** Upper-cases the first letter of a word of two letters or more (a lone "i" would turn Roman). */
function capitalise(s: string): string {
  return s.replace(/^(\P{L}*)(\p{L})(?=\p{L})/u, (_a, pre: string, ch: string) => pre + ch.toUpperCase());
}

/**
 * "Công ty Điện lực Quảng Nam (PC Quảng Nam)": an abbreviation with the name just said, in parentheses,
 * is the same body named again; it is not read. The look-back is bounded.
 */
function dropRenamed(p: string): string {
  return p.replace(/\s*\(\s*\p{Lu}{2,6}\s+(\p{Lu}[\p{L}\p{M}]*(?:\s+[\p{L}\p{M}]+){0,4})\s*\)/gu, (all, name: string, offset: number, whole: string) =>
    (` ${wordsOnly(whole.slice(Math.max(0, offset - name.length - 8), offset))}`.endsWith(` ${wordsOnly(name)}`) ? ' ' : all));
}

/**
 * "công cụ hỗ trợ (VK, VLN, CCHT)", "(VNCERT/CC)": abbreviations in parentheses glossing the words just said are skipped by
 * announcers; only a list of them after words, with one the lexicon does not know (a list it knows all of names bodies:
 * "đoàn kiểm tra (UBND, HĐND)" is read). "(NORU)" after "bão" is a storm's name; a code has digits.
 */
const GLOSS_LIST = /(?<=\p{L})\s*\(\s*(\p{Lu}[\p{Lu}\p{Ll}&]{1,14}(?:\s*(?:[,/]|\s(?:về|và)\s)\s*\p{Lu}[\p{Lu}\p{Ll}&]{1,14}){1,5})\s*\)/gu;
const dropGlossLists = (p: string, lex: Lexicon) => (!p.includes('(') ? p : p.replace(GLOSS_LIST, (all, inner: string, offset: number, whole: string) => {
  const parts = inner.split(/\s*(?:[,/]|\s(?:về|và)\s)\s*/u);
  return parts.every((x) => /\p{Lu}.*\p{Lu}/u.test(x) && !/\p{Ll}\p{Lu}/u.test(x)) && !parts.every((x) => lex.has(x))
    && !STORM_NAME.test(wordsBefore(whole, offset)) ? ' ' : all;
}));

/** Administrative levels and kinds of one list: "các tỉnh/thành phố", "xã/phường", "thôn/bản" are said with a pause, never "hoặc". */
const LEVEL_WORD = '(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|thôn|bản|ấp|tổ|khu phố|tổ dân phố|bộ|ngành|sở|ban)';
const LEVEL_SLASH = new RegExp(`(?=\\s*\\/)(?<=(?<![\\p{L}])${LEVEL_WORD})\\s*\\/\\s*(?=${LEVEL_WORD}(?![\\p{L}]))`, 'giu');

const PLACE_RANGE = /(?=[-–]\p{Lu})(?<=(?<![\p{L}])[Tt]ừ\s+\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){0,2})(?<!Bà Rịa|Thừa Thiên|Phan Rang)[-–](?=\p{Lu}\p{Ll})(?!\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){0,2}\s+(?:đến|tới)(?![\p{L}]))/gu;

/** "Công an quận 1 (TPHCM)": a place in parentheses says where the body is; it is read, never skipped as a gloss. */
const PLACE_READING = /^(?:thành phố|tỉnh|Hồ Chí Minh|Hà Nội|Thừa Thiên Huế|Đà Nẵng|Bà Rịa)/u;

function readSymbols(p: string, lex: Lexicon): string {
  return dropGlossLists(dropRenamed(p), lex)
    // "(KHCN)" after its expansion goes (a space stays: "mức báo động (BĐ)1"); "(VNeID)", a name with a capital
    // after a small letter, is said, and so is a storm's name ("bão số 5 (NESAT)") unless the lexicon reads it as the
    // very words before it ("Phòng chống lụt bão (PCLB)").
    .replace(/\s*\(\s*([\p{Lu}][\p{Lu}\p{Ll}&-]{1,14})\s*\)/gu, (all, inner: string, offset: number, whole: string) =>
      (/\p{Lu}.*\p{Lu}/u.test(inner) && !/\p{Ll}\p{Lu}/u.test(inner) && !PLACE_READING.test(lex.get(inner) ?? '')
        && (!STORM_NAME.test(wordsBefore(whole, offset)) || repeatsWordsBefore(lex.get(inner), whole, offset)) ? ' ' : all))
    .replace(/\s*&\s*/g, ' và ')
    .replace(/\s*@\s*/g, ' a còng ')
    .replace(/\s*\+\s*/g, ' cộng ')
    .replace(/\s*=\s*/g, ' bằng ')
    // "VNCERT/CC", "A/B": a slash inside a name in capitals is no word; between two abbreviations the lexicon knows
    // ("CMND/CCCD") it offers either.
    .replace(/(?<![\p{L}])(\p{Lu}{1,12})\s*\/\s*(\p{Lu}{1,12})(?![\p{L}])/gu, (_a, x: string, y: string) => `${x}${lex.has(x) && lex.has(y) ? ' hoặc ' : ' '}${y}`)
    .replace(LEVEL_SLASH, ', ')
    .replace(/(?<=\p{L})\s*\/\s*(?=\p{L})/gu, ' hoặc ')
    // "từ Nghệ An-Huế": a dash between places after "từ" is their range, "đến" (unless an "đến" follows, or the two halves are
    // one name: "Bà Rịa-Vũng Tàu", "Thừa Thiên-Huế"). The look-back is three words.
    .replace(PLACE_RANGE, ' đến ')
    .replace(/\s+[-–—]+\s+|\s+[-–—]+(?=\p{L})|(?<=\p{L})[-–—]+\s+/gu, ', ')
    // "Nam Định-Hà Tĩnh", "Quảng Bình-Phú Yên": two names of two words or more are said apart.
    .replace(/(?=-\p{Lu})(?<=(?<![\p{L}])\p{Lu}\p{Ll}*\s\p{Lu}\p{Ll}*)-(?=\p{Lu}\p{Ll}*\s\p{Lu})/gu, ', ')
    // "Bạch hầu-Ho gà-Uốn ván", "Gan B-HiB": a dash before a capitalised Vietnamese word after a word in small letters, or before
    // any capitalised word after a lone letter, is a list's pause ("Ea-Kar", "Wave-Alpha", "Lu-Dông" are one name). (Tried only
    // at such a dash, the look-back bounded: a long token costs linear time.)
    .replace(/(?=-\p{Lu}\p{Ll})(?<=(?<![\p{L}\p{M}])(\p{Ll}[\p{Ll}\p{M}]{0,9}|\p{Lu}))-(?=(\p{Lu}\p{Ll}[\p{L}\p{M}]*))/gu, (dash: string, left: string, right: string) =>
      (/\p{Lu}/u.test(left) || isVietnameseSyllable(right) ? ', ' : dash))
    .replace(/(?<=[\p{L}\d])-(?=[\p{L}\d])/gu, ' ')
    // An ellipsis before a new sentence ends one; elsewhere it is a pause.
    .replace(/\s*(?:\.{2,}|…)+(?=\s+\p{Lu}\p{Ll})/gu, '.')
    .replace(/\s*(?:\.{2,}|…)+/g, ',')
    .replace(/[“”"‘’«»`´]/g, '')
    .replace(/(?<=\p{L})'(?=\p{L})/gu, '')
    .replace(/[([{]\s*/g, ', ')
    .replace(/\s*[)\]}]/g, ', ')
    .replace(/[^\p{L}\p{M}\d\s.,;:!?]/gu, ' ');
}

/** Is the word at `offset` next to another word in capitals that is a Vietnamese syllable? */
function inCapitalsRun(whole: string, offset: number, length: number): boolean {
  const caps = (x: string | undefined) => !!x && [...x].length > 1 && x === x.toUpperCase() && isVietnameseSyllable(x);
  return caps(/(\p{L}+)[\s,]*$/u.exec(wordsBefore(whole, offset))?.[1]) || caps(/^[\s,]*(\p{L}+)/u.exec(textAfter(whole, offset + length))?.[1]);
}

/** Words the lexicon's readings say: never respelled, so a reading it gave ("lai xtrim") stays as given. */
const SAID = new WeakMap<Lexicon, Set<string>>();
export function saidWords(lex: Lexicon): Set<string> {
  let out = SAID.get(lex);
  if (!out) {
    out = new Set();
    for (const v of lex.values()) for (const w of v.toLowerCase().split(/\s+/)) out.add(w);
    SAID.set(lex, out);
  }
  return out;
}

/**
 * Entries for names and loanwords written with small letters, by their lower case: "facebook", "Video",
 * "Tiktok" find "Facebook", "video", "TikTok". Abbreviations in capitals are left out ("CA" is no "ca").
 */
const FOLDED = new WeakMap<Lexicon, Map<string, string>>();
function foldedEntry(lex: Lexicon, w: string): string | undefined {
  let out = FOLDED.get(lex);
  if (!out) {
    out = new Map();
    for (const [k, v] of lex) if (/^[A-Za-z]+$/.test(k) && /[a-z]/.test(k) && !out.has(k.toLowerCase())) out.set(k.toLowerCase(), v);
    FOLDED.set(lex, out);
  }
  return out.get(w.toLowerCase());
}

/** Vietnamese digraphs that English spelling hardly has: a word with one is Vietnamese written without marks. */
const VIETNAMESE_DIGRAPH = /nh|ngh|ng$|ph|th|tr|kh|gi|qu|uo|ươ/;

/** A storm's international name ("bão số 3 (Yagi)", "tên quốc tế là Krosa") is read by the letters as written. */
const STORM_NAME = /(?:bão|tên quốc tế(?:\s+là)?)(?:\s+số(?:\s+\p{Ll}+){1,3})?[\s,]*$/iu;

/**
 * A place of the Central Highlands' peoples ("Đạ Pal", "Ea Kar", "Chư Prông", "Krông Pắc"): the word after
 * the prefix is Vietnamese spelling of a minority language, read as written, never respelled as English.
 */
const HIGHLAND_PREFIX = '(?:Đạ|Đắk|Đăk|Dak|Đak|Krông|Ea|Cư|Chư|Ia|Kon|Bù|Đam|Buôn|Lắk|Măng|Ayun|Ya)';
const HIGHLAND_PLACE = new RegExp(`(?:^|[^\\p{L}])${HIGHLAND_PREFIX}\\s*$`, 'u');
/** The prefix itself ("Kon Tum", "Dak Nong"), before a name. */
const HIGHLAND_WORD = new RegExp(`^${HIGHLAND_PREFIX}$`, 'u');

/**
 * A word in Latin letters that is no Vietnamese, as an announcer says it: "ZaloPay" part by part,
 * "Chinhphu" (Vietnamese without marks) syllable by syllable, "Honda" respelled (`respell`); or
 * undefined (the word stays as written: "chat", "sim" read fine as they are; so does a storm's name).
 */
/** A level syllable with sắc on the last vowel before its final ("huat" → huát). */
const withSac = (syllable: string) => syllable.replace(/[aeiouyăâêôơư](?=(?:ch|[ptc])$)/u, (v) => (v + '\u0301').normalize('NFC'));

function readForeign(w: string, lex: Lexicon, before = ''): string | undefined {
  if (!/^[A-Za-z]{2,}$/.test(w) || isVietnameseSyllable(w) || saidWords(lex).has(w.toLowerCase()) || STORM_NAME.test(before)) return undefined;
  // "ZaloPay", "LPBank": parts at each capital that starts a word; a part in capitals is spelled ("LP" → e lờ pê).
  const parts = w.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  if (parts.length > 1) {
    // ("VnExpress": a part of two letters that is no syllable is spelled too: "Vn" → vê en.)
    const read = parts.map((x) => (/^[A-Z]+$|^[A-Z][a-z]$/.test(x) && !(x.length === 2 && isVietnameseSyllable(x)) ? spellLetters(x.toUpperCase()) : lex.get(x) ?? lex.get(x.toLowerCase())
      ?? (isVietnameseSyllable(x) ? x.toLowerCase() : readForeign(x, lex))));
    return read.every((x) => x !== undefined) ? read.join(' ') : undefined;
  }
  const low = w.toLowerCase();
  // "Enterovirus", "Coxsackievirus", "Rotavirus": the kind, respelled, then "vi rút" as Vietnamese says it.
  const virus = /^([a-z]{3,})virus$/.exec(low);
  if (virus) return `${readForeign(virus[1], lex) ?? virus[1]} vi rút`;
  // ("Huat" in "chợ Poh Huat": a name's syllable ending in p, t, c or ch cannot stay level in Vietnamese; said with sắc.)
  if (unmarkedSyllable(low)) return /^\p{Lu}\p{Ll}+$/u.test(w) && /(?:ch|[ptc])$/.test(low) ? withSac(low) : undefined;
  const apart = syllables(low);
  if (apart && VIETNAMESE_DIGRAPH.test(low) && !/[fjwz]/.test(low)) return apart;
  return respell(w);
}

/** Does `words` stand in the sentence around the word at `offset` (160 characters either side at most)? */
function near(words: RegExp, whole: string, offset: number, length: number): boolean {
  const before = whole.slice(Math.max(0, offset - 160), offset).split(/[.!?](?=\s)/).pop() ?? '';
  const after = whole.slice(offset + length, offset + length + 160).split(/[.!?](?=\s)/)[0];
  return words.test(before) || words.test(after);
}

/** A word in small letters that is no syllable but two syllables, each with a Vietnamese mark, the second opening with a consonant. */
function splitGlued(w: string): string | undefined {
  if (w.length < 4 || w.length > 14 || !/^\p{Ll}+$/u.test(w) || !/[^\x00-\x7f]/.test(w) || isVietnameseSyllable(w)) return undefined;
  for (let i = 2; i <= w.length - 2; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    if (/[^\x00-\x7f]/.test(a) && /[^\x00-\x7f]/.test(b) && /^[b-df-hj-np-tv-zđ]/u.test(b) && isVietnameseSyllable(a) && isVietnameseSyllable(b)) return `${a} ${b}`;
  }
  return undefined;
}

function readWords(p: string, c: SpeakCtx): string {
  const note = (kind: SpokenNote['kind'], text: string, reading: string) => c.notes?.push({ kind, text, reading, paragraph: c.paragraph });
  return p.replace(/\p{L}[\p{L}\p{M}]*/gu, (w: string, offset: number, whole: string) => {
    // "nnăm": a small consonant typed twice at a word's start, where the word with one is a syllable and with two is none
    // (capitals are abbreviations: "TTU" stays).
    if (w.length > 2 && w[0] === w[1] && /[b-df-hj-np-tv-xzđ]/.test(w[0]) && !isVietnameseSyllable(w) && isVietnameseSyllable(w.slice(1))) w = w.slice(1);
    // "diễn biếnphức tạp": two marked syllables typed without the space between them are said apart (a typo to report).
    const glued = c.lex.has(w) ? undefined : splitGlued(w);
    if (glued) {
      note('typo', w, glued);
      return glued;
    }
    for (const rule of contextRules(c.lex, w)) {
      if ((!rule.before || rule.before.test(wordsBefore(whole, offset))) && (!rule.after || rule.after.test(textAfter(whole, offset + w.length)))
        && (!rule.near || near(rule.near, whole, offset, w.length)) && !(rule.notNear && near(rule.notNear, whole, offset, w.length))) return rule.reading;
    }
    const lex = c.lex.get(w);
    // "CA", "TU" in a heading typed in capitals ("TU BỔ ĐÊ") are the syllables, not "công an", "tỉnh ủy".
    if (lex !== undefined && !(isVietnameseSyllable(w) && inCapitalsRun(whole, offset, w.length))) return lex;
    // "Kon Tum", "Ia KRai": a place of the Central Highlands as written ("KRai" said as the word "Krai").
    const upper = (w.match(/\p{Lu}/gu) ?? []).length;
    if (/^[A-Za-z]+$/.test(w)) {
      // (The prefix is at most five letters and a space away: a short look-back, tried on words in Latin letters only.)
      if (HIGHLAND_WORD.test(w) && /^\s\p{Lu}/u.test(textAfter(whole, offset + w.length))) return w;
      if (HIGHLAND_PLACE.test(whole.slice(Math.max(0, offset - 8), offset)) && !c.lex.has(w)) return w[0] + w.slice(1).toLowerCase();
      // "facebook", "Video": a loanword the lexicon has in another case (a Vietnamese word stays: "kia" is no "Kia").
      const folded = upper < w.length ? foldedEntry(c.lex, w) : undefined;
      if (folded !== undefined && !isVietnameseSyllable(w)) return folded;
    }
    // A name or loanword in Latin letters (not an abbreviation in capitals, not a short one like "TCty").
    if (upper < [...w].length && !(upper >= 2 && [...w].length <= 4)) {
      const foreign = readForeign(w, c.lex, wordsBefore(whole, offset));
      if (foreign !== undefined) {
        // Listed with the leftovers: the operator may prefer another reading in the lexicon.
        note('leftover', w, foreign);
        return foreign;
      }
    }
    if (upper === 1 && [...w].length === 1) {
      // A lone capital is a letter ("quốc lộ 1B", "phương án C") unless it is a word ("Trạm Y tế").
      const name = letterName(w);
      if (!name || isVietnameseSyllable(w)) return w;
      note('letter', w, name);
      return name;
    }
    if (upper < 2) return w;
    if (w === w.toUpperCase()) {
      if (isVietnameseSyllable(w)) return w.toLowerCase();
      // Only I, V and X stand alone as numbers ("khóa XV"); "CC", "CD", "MC" are abbreviations.
      const roman = /^[IVX]+$/.test(w) ? romanValue(w) : undefined;
      if (roman !== undefined) return readInteger(String(roman), c.dialect);
      if (isPronounceable(w)) return w.toLowerCase();
      const spelled = spellLetters(w);
      note('spelled', w, spelled);
      return spelled;
    }
    // Mixed case: a short one is an abbreviation ("ThX" → spelled), a long one a name ("YouTube").
    if ([...w].length <= 4 && !isVietnameseSyllable(w)) {
      const spelled = spellLetters(w);
      note('spelled', w, spelled);
      return spelled;
    }
    return w.toLowerCase();
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

/** Lexicon keys with punctuation or digits ("VH-TT-DL", "KH&CN", "V/v", "COVID-19"), as one pattern per lexicon. */
const KEYED = new WeakMap<Lexicon, RegExp | null>();
function punctuatedKeys(lex: Lexicon): RegExp | null {
  let r = KEYED.get(lex);
  if (r === undefined) {
    const keys = [...lex.keys()].filter((k) => !/^\p{L}+$/u.test(k)).sort((a, b) => b.length - a.length);
    // ("143/PCTT&TKCN": a key right after a number and its slash is a document code's part, read with the code.)
    // ("TT - Huế": a dash between two words of a key may be spaced, as "GD -ĐT" is.)
    r = keys.length ? re(`(?<![\\p{L}\\d])(?<!\\d[/-])(?:${keys.map((k) => escapeRe(k).replace(/(?<=\p{L})-(?=\p{L})/gu, ' ?- ?')).join('|')})(?![\\p{L}\\d])`) : null;
    KEYED.set(lex, r);
  }
  return r;
}

/** Words after which a digit glued to a word is its number ("tổ1", "khu3"), not a footnote mark. */
const COUNTERS = new Set('tổ khu số lớp phòng tầng đợt lần cấp mức loại điều khoản mục phần quận phường xã ấp thôn bản đội nhóm'.split(' '));

/** "rộng khắp1.": a footnote mark glued to the last word of a clause is not read. */
function dropFootnoteMarks(p: string): string {
  return p.replace(/(?<![\p{L}\d])(\p{Ll}{3,7})\d{1,2}(?=[.,;:!?]*(?:\s|$))/gu, (all, w: string) => (isVietnameseSyllable(w) && !COUNTERS.has(w) ? w : all));
}

/** Lower case, words only: how an expansion and the words before it are compared. */
const wordsOnly = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{M}]+/gu, ' ').trim();

/** Whether a reading is the words just before `offset` (bounded look-back: the reading's length and a few characters). */
function repeatsWordsBefore(reading: string | undefined, whole: string, offset: number): boolean {
  if (!reading) return false;
  const said = wordsOnly(reading);
  return ` ${wordsOnly(whole.slice(Math.max(0, offset - said.length - 8), offset))}`.endsWith(` ${said}`);
}

/**
 * "Trung tâm Kiểm soát bệnh tật CDC Hà Nội": an abbreviation written right after its own
 * expansion, without parentheses, is not said twice. The look-back is bounded.
 */
function dropRepeatedAbbreviations(p: string, lex: Lexicon): string {
  // Only a word standing alone: "Nghị quyết 03-NQ/CP" names its type in the code, which is read as one.
  return p.replace(/(?<=\p{L})\s+(\p{Lu}[\p{Lu}\p{Ll}]{1,9})(?![\p{L}\d\/&-])/gu, (all, abbr: string, offset: number, whole: string) => {
    const said = lex.get(abbr);
    if (!said || !/\p{Lu}.*\p{Lu}/u.test(abbr) || said.split(' ').length < 2) return all;
    return ` ${wordsOnly(whole.slice(Math.max(0, offset - 2 * said.length - 8), offset))}`.endsWith(` ${wordsOnly(said)}`) ? '' : all;
  });
}

/**
 * "(QNO) - Công an…", "(Baonghean.vn) - …", "(CAO) Theo dự báo…", "BHG - Theo…": the news source's tag opening an item
 * copied from a paper is not aired (announcers skip it, or name the paper in words).
 */
const BYLINE = /^\((?:\p{Lu}{2,6}|[\p{L}\d-]{2,40}\.(?:vn|com|net|org))\)\s*(?:[-–—]\s*)?(?=[\p{Lu}"“])|^(\p{Lu}{2,6})\s*[-–—]\s+(?=\p{Lu}\p{Ll})/u;

/**
 * "xuẩt hiện": a syllable that ends in p, t, c or ch takes only the sắc or nặng tone, so a hỏi or ngã on it is a typing
 * slip; the voice says it with sắc (the key beside it on most layouts) and `text check` lists it.
 */
const SLIPPED_TONES = 'ảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹ';
/** Each vowel with hỏi or ngã, in both cases, as the same vowel with sắc. */
const TO_SAC = new Map([...SLIPPED_TONES, ...SLIPPED_TONES.toUpperCase()].map((ch) => [ch, ch.normalize('NFD').replace(/[\u0309\u0303]/u, '\u0301').normalize('NFC')]));
// (Precomposed letters, no decomposition: most paragraphs hold a hỏi somewhere, "của", "cả". Matched at the toned vowel only.)
const CHECKED_TONE_SLIP = new RegExp(`([${SLIPPED_TONES}])(?=[a-zđ]{0,2}?(?:ch|p|t|c)(?![\\p{L}\\p{M}]))`, 'giu');
function fixCheckedTones(p: string, c: SpeakCtx): string {
  return p.replace(CHECKED_TONE_SLIP, (_m, tone: string, offset: number, whole: string) => {
    const fixed = TO_SAC.get(tone) ?? tone;
    if (c.notes) {
      const head = /[\p{L}\p{M}]*$/u.exec(whole.slice(Math.max(0, offset - 12), offset))![0];
      const tail = /^[\p{L}\p{M}]*/u.exec(whole.slice(offset + 1, offset + 6))![0];
      c.notes.push({ kind: 'typo', text: head + tone + tail, reading: head + fixed + tail, paragraph: c.paragraph });
    }
    return fixed;
  });
}

function speakParagraph(p: string, c: SpeakCtx): string {
  // ("BHG - Theo dự báo…": a tag without parentheses is one when it is no word: "HÀ NỘI - …" stays.)
  p = p.replace(BYLINE, (all, bare?: string) => (bare && (isVietnameseSyllable(bare) || c.lex.has(bare)) ? all : ''));
  p = readLinks(p, c.lex);
  p = dropFootnoteMarks(p);
  p = dropRepeatedAbbreviations(p, c.lex);
  // "GD -ĐT", "KT- XH": a dash between abbreviations, spaced by mistake.
  // (The cheap lookahead first, and a bounded look-back: a long run of capitals costs linear time.)
  // ("II- NHIỆM VỤ" opening a paragraph is a section's number, read below.)
  // ("THUỐC LÁ - BẢO VỆ": two words of a heading in capitals keep their pause.)
  p = p.replace(/(?=\s*-)(?<=(?<![\p{L}])\p{Lu}{2,12})(?<!^[IVXL]{1,6})(?:\s+-\s*|\s*-\s+)(?=\p{Lu}{2,}(?![\p{Ll}]))/gu, (dash: string, offset: number, whole: string) =>
    (isVietnameseSyllable(/\p{L}+$/u.exec(whole.slice(Math.max(0, offset - 12), offset))![0]) && isVietnameseSyllable(/^\p{L}+/u.exec(whole.slice(offset + dash.length, offset + dash.length + 12))![0]) ? dash : '-'));
  // "Thứ S Sáu": a lone capital typed before a word that starts with it is a slip of the keyboard, not a letter to name.
  // (Matched from the space before it: a look-back tried at every letter cost a few per cent of the whole.)
  p = p.replace(/([\s(,;:])(\p{Lu})\s+(?=\2\p{Ll})/gu, '$1');
  // "Thông báo sô 1481": "số" that lost its mark before a number ("sô cô la" stays).
  p = p.replace(/(?<![\p{L}])([Ss])ô(?=\s+\d)/gu, '$1ố');
  // "Thứ X Sáu": a lone capital between "Thứ" and a weekday is a slip too, whatever its letter.
  p = p.replace(/(?<=(?<![\p{L}])[Tt]hứ)\s+\p{Lu}(?=\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)(?![\p{L}\p{M}]))/gu, '');
  // "lên mức (BĐ)1-BĐ2": a level's abbreviation in parentheses before its number labels it (never after "Báo động", its gloss).
  p = p.replace(/(?<!động\s{0,3})\(BĐ\)\s*(?=\d)/gu, 'BĐ');
  p = readBoats(p, c);
  // Before the symbol rules split them.
  const keyed = punctuatedKeys(c.lex);
  if (keyed) p = p.replace(keyed, (k) => c.lex.get(k) ?? c.lex.get(k.replace(/ ?- ?/g, '-')) ?? k);
  p = readCompounds(p, c);
  p = readMarker(p, c);
  p = p.replace(ROMAN_AFTER, (all, w: string, r: string) => { const v = romanValue(r); return v ? `${w} ${readInteger(String(v), c.dialect)}` : all; });
  // Inline list markers: "…; b) Kiểm tra".
  p = p.replace(/([;:]\s*)\(?\p{Ll}\)\s+/gu, '$1');
  p = readShortDays(p);
  p = readStandards(p, c);
  p = readNamedCodes(p, c);
  p = readCodes(p, c);
  p = readServiceNumbers(p);
  p = readFluStrains(p);
  p = readSigns(p);
  if (c.notes) for (const [typo] of p.matchAll(BROKEN_YEAR_DATE)) c.notes.push({ kind: 'typo', text: typo, reading: readDates(typo, c), paragraph: c.paragraph });
  p = pauseTableCells(p);
  p = readDates(p, c);
  p = readTimes(p, c);
  p = readPhones(p);
  p = readNumbers(p, c);
  p = dropRepeatedInWords(p);
  p = readSymbols(p, c.lex);
  p = readWords(fixCheckedTones(p, c), c);
  return tidy(p);
}

function speakOnce(clean: string, c: SpeakCtx): string {
  return clean
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .map((p, i) => (p ? speakParagraph(p, { ...c, paragraph: i + 1 }) : ''))
    .filter((p) => /\p{L}/u.test(p))
    .join('\n\n');
}

/** The spoken form and whether the rules settled (see `fixedPoint`). */
export function speakPasses(clean: string, opts: SpokenOptions = {}, notes?: SpokenNote[]): FixedPoint {
  // Abbreviations the text defines ("… nghĩa vụ quân sự (NVQS)") read so wherever the text uses them.
  const c: SpeakCtx = { lex: withDefinitions(String(clean ?? ''), opts.lexicon ?? DEFAULT_LEXICON), dialect: opts.dialect ?? 'bac', paragraph: 0 };
  let first = true;
  // Notes are taken on the first pass, where paragraphs are the clean text's own.
  return fixedPoint((s) => { const out = speakOnce(s, first ? { ...c, notes } : c); first = false; return out; }, String(clean ?? ''));
}

export function toSpokenForm(clean: string, opts: SpokenOptions = {}): string {
  return speakPasses(clean, opts).value;
}
