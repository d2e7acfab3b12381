/**
 * Codes a notice writes and an announcer reads out: document numbers ("153/CĐ-TTg"), licence
 * plates ("29C1-577.77"), road numbers ("ĐT391", "QL 8") and posts ("Km 23+400"), police unit
 * codes ("Y11/141"), house numbers ("số 57/12B"), classes ("lớp 8/2"), ward and district prefixes
 * ("P. Lê Lợi", "Q.1", "TX. Từ Sơn") and people's initials ("chị H.N.T.").
 */
import { codePartReading } from './lexicon.js';
import { letterName, spellLetters } from './letters.js';
import { readDigits, readInteger } from './numbers.js';
import { type Ctx, NA, NB, re, textAfter, wordsBefore } from './rules.js';
import { isVietnameseSyllable } from './syllable.js';

/** Document types (Decree 30/2020/NĐ-CP, appendix III) that open a code. */
const DOC_TYPES = new Set('NQ QĐ CT QC QyĐ TB HD CTr KH PA ĐA DA BC BB TTr HĐ CV CĐ BGN GUQ GM TT TTLT NĐ VBHN KL'.split(' '));
const DOC_TYPE_ALT = [...DOC_TYPES].join('|');
/** One letter or a run of them, by name ("C1" → "xê một" is done by the caller). */
const letters = (s: string) => [...s].map((ch) => letterName(ch) ?? spellLetters(ch)).join(' ');

/**
 * Document codes: 57-NQ/TW, 1169/QĐ-TTg, 39/2020/TT-BTTTT, 57NQ/TW, 57/NQ- TW; "05:2013/BTNMT - Quy chuẩn": a word after a
 * spaced dash is text. "57 NQ/TW": a space before a document type that a slash joins to its issuer; "12/CĐ.UBND": a
 * dot glued between two parts in capitals joins them (it ends no sentence).
 */
const CODE_RE = re(`${NB}(\\d{1,5})(?:\\s*\\/\\s*(\\d{4}))?(\\s*[-–/]\\s*|(?=\\p{Lu})|\\s(?=(?:${DOC_TYPE_ALT})\\/\\p{Lu}))((?:\\p{Lu}[\\p{L}&]*\\d*)(?:[-–/]\\p{Lu}[\\p{L}&]*\\d*|\\.\\p{Lu}(?!\\p{Ll}{2})[\\p{L}&]*\\d*|\\s*[-–/]\\s*\\p{Lu}(?!\\p{Ll}{2})[\\p{L}&]*\\d*)*)${NA}`);


function partReading(part: string, c: Ctx): string | undefined {
  // "QH13": the body, then its number (the 13th National Assembly).
  const numbered = /^(\p{L}[\p{L}&]*?)(\d+)$/u.exec(part);
  if (numbered) {
    const body = partReading(numbered[1], c);
    return body && `${body} ${readInteger(numbered[2], c.dialect)}`;
  }
  const key = capsKey(c, part);
  return codePartReading(c.lex, part) ?? codePartReading(c.lex, part.toUpperCase()) ?? (key === undefined ? undefined : codePartReading(c.lex, key));
}

/** Keys written with small letters ("CTr", "TTg", "QyĐ") by their capitals, for a heading typed in capitals ("10-CTR/TU"). */
const CAPS_KEYS = new WeakMap<Ctx['lex'], Map<string, string>>();
function capsKey(c: Ctx, part: string): string | undefined {
  if (part !== part.toUpperCase()) return undefined;
  let keys = CAPS_KEYS.get(c.lex);
  if (!keys) {
    keys = new Map();
    for (const k of [...DOC_TYPES, ...c.lex.keys()]) if (/^\p{Lu}[\p{L}]*$/u.test(k) && /\p{Ll}/u.test(k) && !keys.has(k.toUpperCase())) keys.set(k.toUpperCase(), k);
    CAPS_KEYS.set(c.lex, keys);
  }
  return keys.get(part);
}

/** A part of letters and digits, each run read in turn ("T7" → tê bảy, "476CĐ" → bốn trăm bảy mươi sáu xê đê). */
const spellPart = (x: string, d: Ctx['dialect']) =>
  x.split(/(\d+)/).filter(Boolean).map((y) => (/^\d+$/.test(y) ? readInteger(y, d) : spellLetters(y))).join(' ');

/**
 * A code is read as its number, a pause, then each part from the lexicon ("năm mươi bảy, nghị quyết
 * trung ương"). An unknown part of up to three letters is spelled; a longer one makes announcers give
 * the number and leave the letters out ("Hướng dẫn số 10 của Ban Tuyên giáo…"): ten letters
 * spelled help no listener.
 */
export function readCodes(p: string, c: Ctx): string {
  return p.replace(CODE_RE, (all, num: string, year: string | undefined, sep: string, body: string, offset: number, whole: string) => {
    const parts = body.split(/\s*[-–/]\s*|\./);
    // A word in capitals after a date or a number is text ("NGÀY 22/12/2024 CỦA BỘ"), not a code.
    if (!sep.trim() && (parts.length < 2 || year)) return all;
    // ("308/TB-ĐLHTr": an issuer in capitals may end in a Vietnamese initial of two letters, "Tr" for Trà.)
    if (parts.some((x) => !c.lex.has(x) && !/^\p{Lu}[\p{Lu}&]*(?:[CKNPT]h|Tr|Ng|Gi|Qu)?\d*$/u.test(x) && !/^\p{Lu}\p{Ll}{0,2}$/u.test(x))) return all;
    if (parts.length === 1 && isVietnameseSyllable(parts[0]) && !c.lex.has(parts[0])) return all;
    // "Tr. 5" and the like stay; a code is never followed by a digit.
    if (/^\d/.test(whole.slice(offset + all.length))) return all;
    const head = readInteger(num, c.dialect) + (year ? ` năm ${readInteger(year, c.dialect)}` : '');
    // A short unknown part with digits is spelled, its digits read ("T7" → tê bảy); an unknown part of letters only
    // ("4486/UBND-KTN") makes announcers give the number alone: "ca tê en nờ" tells a listener nothing.
    const read = parts.map((x) => partReading(x, c) ?? (x.length < 4 && /\d/.test(x) ? spellPart(x, c.dialect) : undefined));
    if (read.some((x) => x === undefined)) return head;
    // The type runs into its issuer ("quyết định thủ tướng"); several issuers are a list. The gloss ends in a pause
    // before the words that follow ("…, nghị quyết trung ương, về đột phá…"), not before its date or "của".
    const [first, ...others] = read;
    const pause = /^\s+(?!(?:ngày|của)(?![\p{L}]))\p{L}/iu.test(textAfter(whole, offset + all.length)) ? ',' : '';
    return `${head}, ${first}${others.length ? `${DOC_TYPES.has(parts[0]) || DOC_TYPES.has(capsKey(c, parts[0]) ?? '') ? ' ' : ', '}${others.join(', ')}` : ''}${pause}`;
  });
}

/** "29C1-577.77", "24AA-27942", "88K1- 382.10", "18B2-6228": province, series by letter, serial digit by digit. */
// An older plate has four digits after the dash ("18B2-6228").
const PLATE_RE = re(`${NB}(\\d{2})\\s?([A-Z]{1,2})(\\d?)\\s*[-–]\\s*(\\d{3}\\.?\\d{2}|\\d{4})${NA}`);

/** "QL5", "ĐT 391", "TL.10", "ĐH 12B": road numbers. */
const ROAD_RE = re(`${NB}(QL|ĐT|TL|HL|ĐH|ĐX)\\s*\\.?\\s*(\\d{1,4})([A-Z]?)${NA}`);
const ROADS: Record<string, string> = { QL: 'quốc lộ', ĐT: 'đường tỉnh', TL: 'tỉnh lộ', HL: 'hương lộ', ĐH: 'đường huyện', ĐX: 'đường xã' };

/** A fishing boat's mark: "ĐNa 61406 TS", "QNg-90123-TS": province, number digit by digit, "tê ét". */
const BOAT_RE = re(`${NB}(\\p{Lu}\\p{L}{0,2})\\s?-?\\s?(\\d{4,5})\\s?-?\\s?TS${NA}`);
/** The provinces' marks on fishing boats (the registration rules of the fisheries ministry); "BĐ" is Bình Định here, never "báo động". */
const BOAT_PROVINCES: Record<string, string> = {
  QN: 'Quảng Ninh', HP: 'Hải Phòng', TB: 'Thái Bình', NĐ: 'Nam Định', NB: 'Ninh Bình', TH: 'Thanh Hóa', NA: 'Nghệ An', HT: 'Hà Tĩnh',
  QB: 'Quảng Bình', QT: 'Quảng Trị', TTH: 'Thừa Thiên Huế', ĐNa: 'Đà Nẵng', QNa: 'Quảng Nam', QNg: 'Quảng Ngãi', BĐ: 'Bình Định',
  PY: 'Phú Yên', KH: 'Khánh Hòa', NT: 'Ninh Thuận', BTh: 'Bình Thuận', BV: 'Bà Rịa Vũng Tàu', TG: 'Tiền Giang', BT: 'Bến Tre',
  TV: 'Trà Vinh', ST: 'Sóc Trăng', BL: 'Bạc Liêu', CM: 'Cà Mau', KG: 'Kiên Giang', SG: 'Sài Gòn',
};

/** Fishing boats, read before the lexicon's dotted keys can take a sentence-final "TS." for "tiến sĩ". */
export function readBoats(p: string, c: Ctx): string {
  return p.replace(BOAT_RE, (_a, prov: string, n: string) => `${BOAT_PROVINCES[prov] ?? c.lex.get(prov) ?? letters(prov)} ${readDigits(n)} tê ét`);
}

/** Police patrol and unit codes: "Y11/141", "PC02", "K02". */
const UNIT_CODE_RE = re(`${NB}(\\p{Lu})(\\d{1,3})\\s*\\/\\s*(\\d{2,3})(?![\\p{L}\\d/])`);
const ZERO_CODE_RE = re(`${NB}(\\p{Lu}{1,4})(0\\d{1,3})${NA}`);

/** House numbers, alleys and classes: the slash reads "trên" ("57/12B" → năm mươi bảy trên mười hai bê). */
const SLASH_NUMBER_RE = re(`((?:số nhà|số|nhà|hẻm|ngõ|ngách|kiệt|lớp)\\s+)(\\d{1,4})\\s*\\/\\s*(\\d{1,3})([A-Z]?)(?:\\s*\\/\\s*(\\d{1,3})([A-Z]?))?${NA}(?!\\s*[-/]\\s*\\p{L})`, 'giu');

/** "đến h71A", "77, h75": a bare "h" glued before a house number in an address (after "đến", "tới", "đường", "và" or a comma) is hẻm, an alley. */
const ALLEY_H_RE = re(`(?=h\\d)(?<=(?:(?<![\\p{L}])(?:đến|tới|đường|và)\\s{1,2}|,\\s{0,2}))h(?=\\d{1,4}[A-Z]?(?:\\s*\\/\\s*\\d{1,3}[A-Z]?)?(?![\\p{L}\\d]))`, 'gu');

/** "trụ 476CĐ/78/1", "cột số 12/3A": a pole's number in a power-cut notice is its parts in order, each slash "trên" (never "hoặc"). */
const POLE_RE = re(`((?<![\\p{L}])(?:[Tt]rụ|[Cc]ột)(?:\\s+điện)?\\s+(?:số\\s+)?)(\\d{1,5}\\p{Lu}{0,3}(?:\\s*\\/\\s*\\d{1,5}\\p{Lu}{0,3}){1,4})${NA}`, 'gu');

/** People named by initials: "chị H.N.T", "S.S.H.", "anh T." */
const PEOPLE = ['chị', 'anh', 'ông', 'bà', 'em', 'cháu', 'cô', 'chú', 'bác', 'cụ', 'đối tượng', 'bị can', 'bị cáo', 'nạn nhân', 'là']
  .map((w) => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`).join('|');
const INITIALS_RE = re(`((?:${PEOPLE})\\s+)((?:\\p{Lu}\\.\\s?){0,3}\\p{Lu})(?![\\p{L}\\d])(\\.?)`, 'gu');

/**
 * Initials with dots anywhere ("gồm: T.H.M.N. (sinh năm…)", "bà Lê Thị H. L.", "ông Nguyễn P. Đ."):
 * two capitals or more, each with its dot, are one name (or, dots dropped, an abbreviation the
 * lexicon knows: "U.B.N.D."), never a run of sentence ends.
 */
const DOTTED_RE = re(`(?<![\\p{L}\\d.])((?:\\p{Lu}\\.\\s?){1,5}\\p{Lu})(?![\\p{L}\\d])(\\.?)`, 'gu');

/** A name's last initial ("Thiếu tá Nguyễn Xuân C., cán bộ…"): its dot ends no sentence before a comma or a small letter. */
const NAME_INITIAL_RE = re(`(?<=(?<![\\p{L}])\\p{Lu}\\p{Ll}+\\s)(\\p{Lu}|Th|Tr|Ch|Nh|Ph|Kh|Gi|Ng)\\.(?=\\s*[,;:()]|\\s+\\p{Ll})`, 'gu');
/** "Lo sợ, P. lấy…", "bà Th. kể lại": an initial with its dot before a small letter or a parenthesis is a person, not a sentence end (not I, V, X: numbers). */
const LONE_INITIAL_RE = re(`(?<![\\p{L}\\d.])([A-HJ-UWYZĐ]|Th|Tr|Ch|Nh|Ph|Kh)\\.(?=\\s+\\p{Ll}|\\s*\\()`, 'gu');

/** Ward, district and town prefixes before a name or a number: "P.Lê Lợi", "Q.1", "TX. Từ Sơn". */
// ("KP.Tân Phú", "TDP. Hòa Bình": a dot after any of them before a name is never a sentence end; "KCN.", "KDC.", "KV." only
// glued to the name, since "làm việc tại KCN. Theo đó…" ends a sentence.)
const PREFIX_RE = re(`(?<![\\p{L}\\d.])(?:(P|Q|H|X|TX|Tx|TT|TP|Tp|KP|Kp|TDP)\\.\\s*|(KDC|KCN|CCN|KV)\\.)(?!\\p{Lu}\\.)(?=\\p{Lu}|\\d)`, 'gu');
const PREFIXES: Record<string, string> = {
  P: 'phường', Q: 'quận', H: 'huyện', X: 'xã', TX: 'thị xã', Tx: 'thị xã', TT: 'thị trấn', TP: 'thành phố', Tp: 'thành phố',
  KP: 'khu phố', Kp: 'khu phố', TDP: 'tổ dân phố', KDC: 'khu dân cư', KCN: 'khu công nghiệp', CCN: 'cụm công nghiệp', KV: 'khu vực',
};

/** Police units by their level: "CAQ1", "CAP", "CATP", "CAX" (công an quận một, phường, thành phố, xã). */
const POLICE_UNIT_RE = re(`${NB}CA(TP|Q|P|H|T|X)(\\d{1,2})?${NA}`, 'gu');
const POLICE_LEVELS: Record<string, string> = { TP: 'thành phố', Q: 'quận', P: 'phường', H: 'huyện', T: 'tỉnh', X: 'xã' };

/** The last dot of initials ends the sentence only when a new sentence starts after it. */
const endsSentence = (dot: string, next: string) => !!dot && /^\s+\p{Lu}\p{Ll}/u.test(next) && !/^\s+\(/.test(next);

export function readNamedCodes(p: string, c: Ctx): string {
  const d = c.dialect;
  return p
    .replace(POLE_RE, (_a, w: string, code: string) => `${w}${code.split(/\s*\/\s*/).map((x) => spellPart(x, d)).join(' trên ')}`)
    .replace(ALLEY_H_RE, 'hẻm ')
    .replace(POLICE_UNIT_RE, (_a, level: string, n?: string) => `công an ${POLICE_LEVELS[level]}${n ? ` ${readInteger(n, d)}` : ''}`)
    .replace(INITIALS_RE, (_a, who: string, init: string, dot: string, offset: number, whole: string) =>
      `${who}${letters(init.replace(/[.\s]/g, ''))}${endsSentence(dot, textAfter(whole, offset + _a.length)) ? '.' : ''}`)
    .replace(DOTTED_RE, (all, init: string, dot: string, offset: number, whole: string) => {
      const joined = init.replace(/[.\s]/g, '');
      return `${c.lex.get(joined) ?? letters(joined)}${endsSentence(dot, textAfter(whole, offset + all.length)) ? '.' : ''}`;
    })
    .replace(NAME_INITIAL_RE, (_a, l: string) => letters(l))
    .replace(LONE_INITIAL_RE, (_a, l: string) => letters(l))
    .replace(PREFIX_RE, (_a, k: string | undefined, glued: string | undefined) => `${PREFIXES[k ?? glued ?? '']} `)
    .replace(PLATE_RE, (_a, prov: string, series: string, n: string, serial: string) =>
      `${readInteger(prov, d)} ${letters(series)}${n ? ` ${readDigits(n)}` : ''}, ${readDigits(serial.replace('.', ''))}`)
    // "Đường ĐT.605": the road's word is said once.
    .replace(ROAD_RE, (_a, k: string, n: string, suffix: string, offset: number, whole: string) =>
      `${/đường\s*$/iu.test(wordsBefore(whole, offset)) && ROADS[k].startsWith('đường ') ? ROADS[k].slice(6) : ROADS[k]} ${readInteger(n, d)}${suffix ? ` ${letters(suffix)}` : ''}`)
    // "Km 650+200 - Km 651+100": a dash between two posts is a stretch of road.
    .replace(/(?<![\p{L}\d])([Kk]m\s*\d{1,4}\s*\+\s*\d{1,3})\s*[-–—]\s*(?=[Kk]m\s*\d)/gu, '$1 đến ')
    .replace(/(?<![\p{L}\d])[Kk]m\s*(\d{1,4})\s*\+\s*(\d{1,3})(?![\p{L}\d])/gu, (_a, km: string, m: string) => `ki lô mét ${readInteger(km, d)} cộng ${readInteger(m, d)}`)
    .replace(UNIT_CODE_RE, (_a, l: string, a: string, b: string) => `${letters(l)} ${readInteger(a, d)} trên ${readInteger(b, d)}`)
    .replace(ZERO_CODE_RE, (all, l: string, n: string) => (c.lex.has(l) ? all : `${letters(l)} ${readDigits(n)}`))
    .replace(SLASH_NUMBER_RE, (_a, w: string, a: string, b: string, s1: string, e: string | undefined, s2: string) =>
      `${w}${readInteger(a, d)} trên ${readInteger(b, d)}${s1 ? ` ${letters(s1)}` : ''}${e ? ` trên ${readInteger(e, d)}${s2 ? ` ${letters(s2)}` : ''}` : ''}`);
}
