/**
 * Dates and times in every form notices write them: 22/12/2024, 08.8.2025, 16-6-2025, 2026-01-31,
 * 30/4, 3/2026, "ngày 13-9", "ngày 8.4", "ngày 10 - 12/7", "Quý III/2026"; 6h30, 17h00, 7:30, 06g00,
 * "11 giờ 00"; and ranges between them ("từ 06h30 – 11h00", "thứ 2 – thứ 6") read "đến".
 */
import { readNumberToken } from './measures.js';
import { readInteger, readMonth, romanValue } from './numbers.js';
import { type Ctx, NA, NB, re, textAfter, wordsBefore } from './rules.js';

/** Words after which a bare day-month is a date ("ngày 30/4", "sáng nay 7-10", "(ngày 1-9)"). */
const DATE_CONTEXT = /(?:ngày|đêm|sáng|chiều|tối|trưa|hôm nay|hôm qua|mai|nay|qua|dịp|lễ|từ|đến|tới|và|niệm|kỷ niệm|trước|sau|hết)\s*[,(]?\s*$/iu;
/** The same, strict: for day-month written with a dash or a dot, which are ranges and decimals elsewhere; a date just read counts ("30-4 và 1-5"), so does a day just named ("ngày 2 và 3-4"), an hour ("14 giờ 18-5": the hour of a day), and a day a holiday is named by ("Quốc khánh 2.9", "ngày thành lập 26.3"). */
const DAY_CONTEXT = /(?:ngày|đêm|sáng|chiều|tối|trưa|rạng sáng|hôm nay|hôm qua|(?:đêm|tối|chiều|sáng|trưa)\s+qua|ngày mai|sáng mai|chiều mai|tối mai|đêm mai|nay|dịp|lễ|kỷ niệm|quốc khánh|giải phóng|thành lập|truyền thống)\s*[,(]?\s*$|\d{1,2}\s*(?:giờ|h)\s*$|(?:ngày\s+\d{1,2}\s+)?(?:đến|tới)\s*(?:hết\s*)?$|\(\s*$|tháng\s+(?:một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười(?:\s+một|\s+hai)?)(?:\s+và|\s*,)\s*$|ngày\s+\d{1,2}(?:\s+và|\s*,)\s*$/iu;
const FRACTION_CONTEXT = /(?:tỷ lệ|chiếm|khoảng|đạt|bằng|gần|hơn|trên|dưới|có)\s*$/iu;
/** A share of a whole named after it: "1/2 số hộ", "2/3 diện tích" are fractions. */
const SHARE_OF = /^\s*(?:số|tổng số|dân số|diện tích|sản lượng|khối lượng|quân số)(?![\p{L}])/u;
/** What is counted after "N/M": a count ("10/10 tổ", "1/7 vị trí"), never a date. */
const COUNTED = /^\s*(?:tổ|thôn|xã|phường|hộ|người|vị trí|điểm|trường|lớp|đơn vị|thanh niên|học sinh|cơ sở|tuyến|xe|tàu|trạm|huyện|tỉnh|khu|cụm|ấp|bản|làng|đội|chi bộ|gia đình|trẻ|em|ca|mũi|phòng|công trình|dự án|văn bản|thủ tục|hồ sơ)(?![\p{L}])/u;
/** Units and counters after a number: "2-4 m", "7-10 ngày" are ranges, not dates. */
const MEASURED = /^\s*(?:%|°|(?:độ|km|cm|mm|m|m²|m³|ha|kg|g|giờ|h|tiếng|phút|giây|ngày|tháng|năm|tuổi|lần|cấp|người|hộ|tấn|lít|đồng|triệu|nghìn|tỷ|mét|ki lô)(?![\p{L}]))/iu;
/** Street names that are dates: "đường 30/4", "phố 2/9". */
const STREET = /(?:đường|phố|quảng trường|cầu|chợ|công viên)\s*$/iu;

/** A time as written: "6h30", "17h", "8h0", "7:30", "06g00", "11 giờ 00". */
const TIME = '\\d{1,2}(?:\\s?[hg]\\s?\\d{0,2}|:\\d{2}(?::\\d{2})?|\\s+giờ(?:\\s+\\d{2})?)';
/** A date as written before it is read: "5/3", "3/3/2026", "16-6-2025", "8.10". */
const DATE = '\\d{1,2}\\s?[/.-]\\s?\\d{1,2}(?:\\s?[/.-]\\s?\\d{4})?';
const DATE_RANGE_DASH = re(`(?=\\s*[-–—])(?<=${NB}${DATE})\\s*[-–—]\\s*(?=(?:ngày\\s+)?(?:${DATE}|${TIME})${NA})`);

/** A date after "ngày" whose year has three digits ("ngày 30/8/219"): a typo, never a number to read. */
export const BROKEN_YEAR_DATE = re(`${NB}(ngày\\s+)(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})\\s*\\3\\s*\\d{3}${NA}`, 'giu');

function validDate(d: number, m: number): boolean {
  return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

/** "từ 21.6 đến 24.6": after "từ", a dashed or dotted day-month is a date when a date ends the span. */
const FROM = /(?:^|\s)từ\s*$/iu;
function fromDate(after: string): boolean {
  const m = /^\s*(?:đến|tới|[-–—])\s*(?:ngày\s+)?(\d{1,2})\s?[-./]\s?(\d{1,2})(?![\p{L}\d]|[.,]\d)/u.exec(after);
  return !!m && validDate(+m[1], +m[2]) && !MEASURED.test(after.slice(m[0].length));
}

/** "từ 18.6 trở đi", "từ 2.9,": a span from a day that ends nowhere is from a date too. */
const OPEN_END = /^\s*(?:trở đi|trở lại|đến nay|tới nay|[,;.!?](?!\d)|$)/u;
/**
 * "ngày 2/9", "ngày nghỉ lễ 2.9", "các ngày 22 - 23/1": the words just before already say "ngày", so the date does
 * not say it again (a list, "ngày 2 và 3-4", names each day).
 */
const DAY_SAID = /(?<![\p{L}])ngày(?:\s+(?:nghỉ|lễ|hội|kỷ niệm|mai|hôm))*\s*[,(]?\s*$|(?<![\p{L}])ngày\s+\d{1,2}\s*(?:đến|tới)\s*$/iu;

/** "từ tháng 9 - 11/2023": a range of months; "tháng 11.2020": a month and its year with a dot. */
const MONTH_RANGE_RE = re(`(tháng\\s+\\d{1,2})\\s*[-–—]\\s*(?=\\d{1,2}\\s*\\/\\s*\\d{4}${NA})`, 'giu');
/** A document type named in words, then its number and year ("Nghị định 10/2020", "Luật số 26/2023"). */
const DOC_NUMBER_YEAR_RE = re(`((?:nghị định|thông tư(?:\\s+liên tịch)?|quyết định|nghị quyết|chỉ thị|công văn|luật|pháp lệnh|công điện|thông báo|kế hoạch|hướng dẫn)\\s+(?:số\\s+)?)(\\d{1,5})\\s*\\/\\s*(\\d{4})(?![\\p{L}\\d/]|\\s*\\/)`, 'giu');
const MONTH_DOT_YEAR_RE = re(`(tháng\\s+)(\\d{1,2})\\.(\\d{4})${NA}`, 'giu');

export function readDates(p: string, c: Ctx): string {
  const d = c.dialect;
  const dayMonth = (dd: string, m: string) => `${readInteger(dd, d)} tháng ${readMonth(+m, d)}`;
  // "trực 24/24", "24/7": round the clock, not a date or a fraction ("đêm 24/7" is a date).
  p = p.replace(re(`${NB}24\\/(24|7)(?![\\p{L}\\d/])`), (all, b: string, offset: number, whole: string) =>
    (b === '7' && DATE_CONTEXT.test(wordsBefore(whole, offset)) ? all : `hai mươi tư trên ${readInteger(b, d)}`));
  // "125.040/125.953 khách hàng": thousands on either side of a slash are a count, never a date.
  p = p.replace(re(`${NB}(\\d{1,3}(?:\\.\\d{3})+|\\d+)\\s*\\/\\s*(\\d{1,3}(?:\\.\\d{3})+)(?![\\p{L}\\d]|[.,]\\d)|${NB}(\\d{1,3}(?:\\.\\d{3})+)\\s*\\/\\s*(\\d+)(?![\\p{L}\\d.,])`), (_a, a1?: string, b1?: string, a2?: string, b2?: string) =>
    `${readNumberToken(a1 ?? a2 ?? '', d)} trên ${readNumberToken(b1 ?? b2 ?? '', d)}`);
  // A byline's date and time ("Hà Thị Thu Hằng 18/02/2025 09:05"): the date, then the time, each apart.
  // (The date first, then a bounded look-back at the name: a long word is not rescanned at each letter.)
  p = p.replace(re(`(?<=\\p{L})\\s+(?=\\d{1,2}\\/\\d{1,2}\\/\\d{4}\\s+\\d{1,2}[:h]\\d{2}${NA})`), (sp: string, offset: number, whole: string) => {
    const w = /\p{L}+$/u.exec(wordsBefore(whole, offset))?.[0] ?? '';
    return /^\p{Lu}/u.test(w) && !DATE_CONTEXT.test(w) ? ', ' : sp;
  });
  p = p.replace(re(`(?<=${NB}\\d{1,2}\\/\\d{1,2}\\/\\d{4})\\s+(?=\\d{1,2}[:h]\\d{2}${NA})`), ', ');
  // "Quý III/2026", "quý 2/2025"
  p = p.replace(re(`(quý)\\s+([IV]{1,3}|[1-4])\\s*\\/\\s*(\\d{4})${NA}`, 'giu'), (_a, q: string, n: string, y: string) =>
    `${q} ${readInteger(String(romanValue(n) ?? n), d)} năm ${readInteger(y, d)}`);
  // "3/3/2026 - 5/3/2026", "từ 4/3 – 6/3", "5/3 - 17h ngày 6/3": a dash between two dates, or a date and
  // a time, is a range. (The cheap lookahead first: the look-back is tried only before a dash.)
  p = p.replace(DATE_RANGE_DASH, ' đến ');
  // "ngày 10 - 12/7/2026", "ngày 9 - 10.4": a range of days ending in a date.
  p = p.replace(re(`${NB}(\\d{1,2})\\s*[-–—]\\s*(?=\\d{1,2}\\s*[/.]\\s*\\d{1,2}${NA})`), '$1 đến ');
  // "tháng 4 - tháng 6", "ngày 3 - ngày 5": a range between two dates.
  // ("lần thứ 134 – năm 2019": an ordinal, then its year, is no range.)
  p = p.replace(re(`(?<!thứ\\s+\\d+)(?<=\\d)\\s*[-–—]\\s*(?=(?:tháng|ngày|năm)\\s+\\d)`, 'giu'), ' đến ');
  // ISO 2026-01-31
  p = p.replace(re(`${NB}(\\d{4})-(\\d{2})-(\\d{2})${NA}`), (all, y: string, m: string, dd: string) =>
    validDate(+dd, +m) ? `ngày ${dayMonth(dd, m)} năm ${readInteger(y, d)}` : all);
  // 22/12/2024, 08.8.2025, 16-6-2025, "23 – 5 – 2021", "01h/18/11/ 2025"
  p = p.replace(re(`${NB}(ngày\\s+)?(\\d{1,2})\\s*([/.\\-–—])\\s*(\\d{1,2})\\s*\\3\\s*(\\d{4})${NA}`, 'giu'), (all, ngay: string | undefined, dd: string, _s, m: string, y: string, offset: number, whole: string) =>
    // "(24, 25.12.2020)": days listed before a date share its "ngày"; so does a field named by it ("Ngày ban hành: 22/12/2024").
    validDate(+dd, +m) ? `${ngay ?? (/(?<![\d.,/])\d{1,2}\s*(?:,|và)\s*$|(?<![\p{L}])ngày(?:\s+\p{L}+){1,3}\s*:\s*$/iu.test(wordsBefore(whole, offset)) ? '' : 'ngày ')}${dayMonth(dd, m)} năm ${readInteger(y, d)}` : all);
  // "ngày 30/8/219": a year of three digits is a typo (`text check` lists it); the day and month are read, the broken year is not.
  p = p.replace(BROKEN_YEAR_DATE, (all, ngay: string, dd: string, _s, m: string) => (validDate(+dd, +m) ? `${ngay}${dayMonth(dd, m)}` : all));
  // "từ tháng 9 - 11/2023": a range of months ending in a month of a year.
  p = p.replace(MONTH_RANGE_RE, '$1 đến tháng ');
  // "Nghị định 10/2020", "Thông tư liên tịch 13/2012": a document's number and its year, never a month.
  p = p.replace(DOC_NUMBER_YEAR_RE, (_a, doc: string, n: string, y: string) => `${doc}${readInteger(n, d)} năm ${readInteger(y, d)}`);
  // "tháng 11.2020": a month and its year written with a dot.
  p = p.replace(MONTH_DOT_YEAR_RE, (all, thang: string, m: string, y: string) =>
    (+m >= 1 && +m <= 12 ? `${thang}${readMonth(+m, d)} năm ${readInteger(y, d)}` : all));
  // 3/2026 → tháng ba năm …
  p = p.replace(re(`${NB}(tháng\\s+)?(\\d{1,2})\\s*[/-]\\s*(\\d{4})${NA}`, 'giu'), (all, thang: string | undefined, m: string, y: string) =>
    +m >= 1 && +m <= 12 ? `${thang ?? 'tháng '}${readMonth(+m, d)} năm ${readInteger(y, d)}` : all);
  // "ngày 13-9", "sáng nay 7-10", "ngày 8.4", "Sáng nay, 13.1": a dash or a dot is a date only where a day is
  // named. Twice, so that a date just read names the next ("dịp 30-4 và 1-5").
  const dashDate = (all: string, dd: string, _s: string, m: string, offset: number, whole: string) => {
    const before = wordsBefore(whole, offset);
    const after = textAfter(whole, offset + all.length);
    if (!validDate(+dd, +m) || MEASURED.test(after)) return all;
    if (!DAY_CONTEXT.test(before) && !(FROM.test(before) && (fromDate(after) || OPEN_END.test(after)))) return all;
    // A holiday named by its day says no "ngày" before it ("Quốc khánh 2-9"), nor does a day the words just said.
    return `${/(?:quốc khánh|giải phóng|thành lập|truyền thống)\s*[,(]?\s*$/iu.test(before) || DAY_SAID.test(before) ? '' : 'ngày '}${dayMonth(dd, m)}`;
  };
  const DASH_DATE = re(`${NB}(\\d{1,2})\\s?([-.])\\s?(\\d{1,2})(?![\\p{L}\\d]|[.,]\\d|\\s*[-–/])`);
  p = p.replace(DASH_DATE, dashDate).replace(DASH_DATE, dashDate);
  // 30/4: a date unless the words around call for a fraction or a count
  p = p.replace(re(`${NB}(ngày\\s+)?(\\d{1,2})\\/(\\d{1,2})(?![\\p{L}\\d/])`, 'giu'), (all, ngay: string | undefined, a: string, b: string, offset: number, whole: string) => {
    const before = wordsBefore(whole, offset);
    const after = textAfter(whole, offset + all.length);
    if (!ngay && (FRACTION_CONTEXT.test(before) || SHARE_OF.test(after))) {
      // "tỷ lệ 3/4" is a fraction; "có 10/10 tổ" a count.
      return /có\s*$/iu.test(before) && !SHARE_OF.test(after) ? `${readInteger(a, d)} trên ${readInteger(b, d)}` : `${readInteger(a, d)} phần ${readMonth(+b, d) === 'tư' ? 'tư' : readInteger(b, d)}`;
    }
    if (!ngay && (!validDate(+a, +b) || COUNTED.test(after))) return `${readInteger(a, d)} trên ${readInteger(b, d)}`;
    if (!ngay && STREET.test(before)) return dayMonth(a, b);
    return `${ngay ?? (DAY_SAID.test(before) ? '' : 'ngày ')}${dayMonth(a, b)}`;
  });
  // Scores and ratios that cannot be dates: "95/100 điểm", "xếp thứ 10/121".
  return p.replace(re(`${NB}(\\d+)\\s*\\/\\s*(\\d+)${NA}`), (_a, a: string, b: string, offset: number, whole: string) =>
    `${readInteger(a, d)} ${FRACTION_CONTEXT.test(wordsBefore(whole, offset)) && !/có\s*$/iu.test(wordsBefore(whole, offset)) ? 'phần' : 'trên'} ${readInteger(b, d)}`);
}


/** A day of the week, written short or long. */
const DAY = '(?:T[2-7]|CN|thứ\\s+\\d|chủ nhật)';
/** Words before a day of the week: "sáng T7", "vào T4", "các ngày T3". */
const DAY_BEFORE = '(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Nn]gày|[Vv]ào|[Cc]ác|[Mm]ỗi|[Hh]àng|[Cc]ả|[Tt]ừ|[Đđ]ến|và|hoặc|[Ll]ịch)';
// (The cheap lookahead first: the look-backs are tried only before a "T2"…"T7".)
const SHORT_DAY_RE = re(`(?=T[2-7])(?:${NB}T([2-7])(?=\\s*(?:[-–,]|và|đến)\\s*${DAY}${NA})|(?<=${DAY}\\s*(?:[-–,]|và|đến)\\s*)T([2-7])${NA}`
  // Alone: after a part of the day or "vào", or before its date ("T7 (13/7)", "T3 15/7").
  + `|(?<=${NB}${DAY_BEFORE}\\s+)T([2-7])(?![\\p{L}\\d]|\\s*[/.-]\\s*\\d)|${NB}T([2-7])(?=\\s*[(,]?\\s*(?:ngày\\s+)?\\d{1,2}\\s*[/.-]\\s*\\d{1,2}(?!\\d)))`);
/** "T7/2025", "T12/2024": a month and its year. */
const SHORT_MONTH_RE = re(`${NB}T(1[0-2]|[1-9])\\s*\\/\\s*(?=\\d{4}${NA})`);

/**
 * "T2 - T6", "T7, CN", "sáng T7", "T7 (13/7)": the days of the week written short, beside another day, a part
 * of the day or a date (before codes take "2 - T7" for one); "T7/2025" is a month ("tháng 7/2025").
 */
export function readShortDays(p: string): string {
  return p.replace(SHORT_MONTH_RE, 'tháng $1/').replace(SHORT_DAY_RE, (_a, a?: string, b?: string, e?: string, f?: string) => `thứ ${a ?? b ?? e ?? f}`);
}

/** Words that go on from a time or a date rather than start a table's next cell. */
const GOES_ON = '(?:Ngày|Tháng|Năm|Thứ|Chủ|Sáng|Trưa|Chiều|Tối|Đêm|Rạng|Hôm|Giờ|Phút|Âm|Dương|Đến|Và|Hoặc)(?![\\p{L}])';
const CELL_END = re(`(?=[ \\t]+\\p{Lu})(?<=(?:${TIME}|\\d{1,2}\\/\\d{1,2}(?:\\/\\d{4})?)(?![\\d/]))[ \\t]+(?=(?!${GOES_ON})\\p{Lu}\\p{Ll})`);
const CELL_START = re(`(?=[ \\t]+\\d)(?<=(?<![\\p{L}])\\p{Lu}[\\p{Ll}\\p{M}]{0,9}\\s\\p{Lu}[\\p{Ll}\\p{M}]{0,9})[ \\t]+(?=${TIME}\\s*[-–—]\\s*${TIME}${NA})`);

/**
 * A power-cut table's row flattened onto one line ("Phường Hố Nai 08h00 – 16h00 Ấp Thanh Hóa"): a time, a time range or a
 * date followed directly by a capitalised word that no time word is ends its cell, and a place name before a time range
 * ends its own: pauses. Read before the dates and times take their digits. (The cheap lookaheads first, and bounded
 * look-backs: a long word costs linear time.)
 */
export function pauseTableCells(p: string): string {
  return p.replace(CELL_END, ', ').replace(CELL_START, ', ');
}

/** What follows a bare "5 g" that makes it a mass: a slash rate ("/100 kg", "/ngày", "/con") or a substance. */
const MASS_AFTER = /^\s*(?:\/\s*(?:\d|ngày|con|người|lít|kg|tạ|tấn)|(?:muối|đường|bột|gạo|thức ăn|vôi|phân|thuốc|men)(?![\p{L}]))/u;

export function readTimes(p: string, c: Ctx): string {
  const clock = (h: string, m: string | undefined) =>
    `${readInteger(h, c.dialect)} giờ${m && +m > 0 ? ` ${readInteger(m, c.dialect)} phút` : ''}`;
  // Ranges: "11h30-14h30", "20-22h", "7:30 – 17:00", "11 giờ 00 – 14 giờ 30", "thứ 2 – thứ 6".
  p = p.replace(re(`${NB}(${TIME}|\\d{1,2})\\s*[-–—]\\s*(?=${TIME}${NA})`), (all, a: string) => (/^\d{1,2}$/.test(a) && +a > 24 ? all : `${a} đến `));
  p = p.replace(re(`(thứ\\s+\\d)\\s*[-–—]\\s*(?=thứ\\s+\\d)`, 'giu'), '$1 đến ');
  // "lúc 7h giờ": the hour written twice.
  p = p.replace(re(`${NB}(\\d{1,2})\\s?h\\s+(?=giờ${NA})`), '$1 ');
  // "11 giờ 00" → "mười một giờ"; "7 giờ 30" keeps its minutes.
  p = p.replace(re(`${NB}(\\d{1,2})\\s+giờ\\s+(\\d{2})(\\s*phút)?${NA}`, 'giu'), (all, h: string, m: string) => (+h <= 24 && +m < 60 ? clock(h, m) : all));
  // "8h0", "8h05", "8g30": minutes of one digit too (a typo announcers read past).
  // ("5 g/100 kg", "5 g muối": a bare "g" before a slash rate or a substance is gam, left to the units.)
  p = p.replace(re(`${NB}(\\d{1,2})\\s?[hg](\\d{1,2})?(?:'|p|ph)?${NA}`), (all, h: string, m: string | undefined, offset: number, whole: string) =>
    (+h > 24 || (m === undefined && all.endsWith('g') && MASS_AFTER.test(textAfter(whole, offset + all.length))) ? all : clock(h, m)));
  // "01h/18/11": the hour of a date.
  p = p.replace(/(?<=giờ)\s*\/\s*(?=ngày)/gu, ' ');
  return p.replace(re(`${NB}(\\d{1,2}):(\\d{2})(?::\\d{2})?${NA}`), (all, h: string, m: string) => (+h <= 24 && +m < 60 ? clock(h, m) : all));
}
