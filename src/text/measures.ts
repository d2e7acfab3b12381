/**
 * Numbers with what they measure: units ("245.3mm", "37,5 độ C", "110kV"), ranges ("2025 - 2030",
 * "50-88 km/h" → "đến"), weather forms (coordinates "20,1°N - 110,5°E", "15N-17N"; comparison signs
 * ">150mm/6h" → "trên … trong sáu giờ"; "+/-"), percentages, "per" ("đồng/người/năm"), ordinals.
 */
import { type Dialect, readDecimal, readDigits, readInteger, readMonth } from './numbers.js';
import { type Ctx, NB, escapeRe, re, wordsBefore } from './rules.js';

/** "1.250", "3,5", "1.250,75", "12" → words. */
export function readNumberToken(tok: string, d: Dialect): string {
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
  ['km/h', 'ki lô mét một giờ'], ['kWh', 'ki lô oát giờ'], ['kW', 'ki lô oát'], ['kV', 'ki lô vôn'], ['MWh', 'mê ga oát giờ'], ['MW', 'mê ga oát'], ['GWh', 'gi ga oát giờ'], ['GW', 'gi ga oát'], ['ha', 'héc ta'], ['km', 'ki lô mét'],
  ['kg', 'ki lô gam'], ['cm', 'xăng ti mét'], ['mm', 'mi li mét'], ['µg/m³', 'mi crô gam trên mét khối'], ['µg/m3', 'mi crô gam trên mét khối'], ['µm', 'mi crô mét'], ['μg/m³', 'mi crô gam trên mét khối'], ['μg/m3', 'mi crô gam trên mét khối'], ['μm', 'mi crô mét'], ['mg/l', 'mi li gam trên một lít'], ['mg', 'mi li gam'], ['ml', 'mi li lít'], ['m', 'mét'], ['l', 'lít'], ['g', 'gam'],
  ['GB', 'gi ga bai'], ['MB', 'mê ga bai'], ['°C', 'độ xê'], ['độ C', 'độ xê'], ['oC', 'độ xê'], ['ºC', 'độ xê'], ['℃', 'độ xê'], ['VNĐ', 'đồng'], ['VND', 'đồng'], ['vnđ', 'đồng'],
  ['đồng', 'đồng'], ['đ', 'đồng'], ['USD', 'đô la Mỹ'], ['tr', 'triệu'], ['tấn', 'tấn'], ['tạ', 'tạ'],
];
const UNIT_ALT = UNITS.map(([u]) => escapeRe(u)).join('|');
const UNIT_RE = re(`${NB}${NUM}\\s*(${UNIT_ALT})(?![\\p{L}\\d²³])`);
const UNIT_MAP = new Map(UNITS);
// NUM holds a group of its own: the unit is group 3.
const UNIT_RANGE_RE = re(`(${NB}${NUM}\\s*(%|độ|${UNIT_ALT}))\\s*[-–—]\\s*(?=${NUM}\\s*\\3(?![\\p{L}\\d²³]))`);
/** "đồng/người/năm", "tấn/ha": a slash after an amount's unit means "per". */
// The cheap lookahead first: the lookbehind alone would rescan the text before every position.
const PER_RE = /(?=\s*\/)(?<=(?:đồng|mét|gam|lít|tấn|giờ|héc ta|vuông|khối|phần trăm|nghìn|triệu|tỷ|mỗi (?:tổ chức|đơn vị|\p{L}{1,20}))(?:\s*\/\s*(?:tổ chức|đơn vị|\p{L}{1,20})){0,3})\s*\/\s*(tổ chức|đơn vị|\p{L}+)/gu;
const PER_UNIT: Record<string, string> = { s: 'giây', h: 'giờ', ha: 'héc ta', km: 'ki lô mét', m: 'mét' };

/** "142.2mm", "36.2 độ C", "0.50m": one or two digits after a dot before a unit are decimals. */
const DECIMAL_DOT_RE = re(`(?<![\\d.,])(\\d{1,3})\\.(\\d{1,2})(?=\\s*(?:°|độ|%|(?:${UNIT_ALT})(?![\\p{L}\\d])))`);

/** Coordinates: "16,5°N", "114,0E", "15N-17N". */
const DECIMAL_RANGE_RE = re(`(?<![\\d.,])(?<!(?:ngày|sáng|trưa|chiều|tối|đêm|hôm)\\s{1,3})(\\d{1,3})\\.(\\d{1,2})(?=\\s*(?:đến|[-–—])\\s*\\d{1,3}(?:[.,]\\d{1,2})?\\s*(?:lần|mét|lít|tấn|tạ|gam|tuần|°|độ|%|(?:${UNIT_ALT}))(?![\\p{L}\\d]))`);
const AXIS: Record<string, string> = { N: 'độ vĩ bắc', S: 'độ vĩ nam', E: 'độ kinh đông', W: 'độ kinh tây' };
const COORD = '\\d{1,3}(?:[.,]\\d{1,2})?\\s*°?\\s*[NSEW]';
const COORD_RE = re(`${NB}(\\d{1,3}(?:[.,]\\d{1,2})?)\\s*(°)?\\s*([NSEW])(?![\\p{L}\\d])`);

const LEVEL = '\\s?(?:\\d{1,2}|[IVX]{1,4})';
const LEVEL_RANGE_RE = re(`(${NB}(BĐ|báo động|cấp|mức)${LEVEL})\\s*[-–—]\\s*(?=\\2${LEVEL}(?![\\p{L}\\d]))`, 'giu');
const LEVEL_AMOUNT_RE = re(`(${NB}(?:BĐ|báo động)${LEVEL})\\s*[-–—]\\s*(?=\\d+(?:[.,]\\d+)?\\s*(?:m|cm)(?![\\p{L}\\d]))`, 'giu');

function readCoordinate(c: string): string {
  const m = /^(\d{1,3}(?:[.,]\d{1,2})?)\s*°?\s*([NSEW])$/.exec(c.trim());
  return m ? `${m[1].replace('.', ',')} ${AXIS[m[2]]}` : c;
}

/**
 * "Huế 9.5, Đà Nẵng 12.3": a value with one digit after a dot, right after a place's name (or its
 * province in parentheses), in a list of two such values or more, is a decimal — rain, heat or an index
 * listed by place. A day-month is named ("ngày 9.5", "Quốc khánh 2.9"), so such words before keep it a date.
 */
// (The cheap lookahead first: the look-back is tried only at a number with a dot.)
const LISTED_DECIMAL = /(?=\d{1,3}\.\d)(?<=(?:(?<![\p{L}])(\p{Lu}[\p{Ll}\p{M}]*)|\))\s+)(\d{1,3})\.(\d)(?!\d|[.,]\d|\s*[-–/]\s*\d)/gu;
const DAY_WORDS = /^(?:ngày|sáng|trưa|chiều|tối|đêm|hôm|từ|đến|lễ|tết|dịp|khánh|thứ|tháng|năm|số|mục|điều|khoản|điểm|phần|bước|phiên|chương|tổ|khu|lớp)$/iu;
/** A paragraph about an index ("chỉ số tia cực tím", "UV"): its values with a dot are decimals, ranges too ("mức 8.2-8.7"). */
const INDEX_CONTEXT = /chỉ số|tia cực tím|(?<![\p{L}])UV(?![\p{L}])|bức xạ/u;
const INDEX_DECIMAL = /(?<![\d.,])(\d{1,2})\.(\d)(?!\d|[.,]\d)/gu;
const DATE_BEFORE = /(?:ngày|sáng|trưa|chiều|tối|đêm|hôm|nay|qua|mai|dịp|lễ|tháng|khánh)\s*[,(]?\s*$/iu;
function readListedDecimals(p: string): string {
  if (INDEX_CONTEXT.test(p)) {
    p = p.replace(INDEX_DECIMAL, (all, a: string, b: string, offset: number, whole: string) => (DATE_BEFORE.test(wordsBefore(whole, offset)) ? all : `${a},${b}`));
  }
  let n = 0;
  for (const m of p.matchAll(LISTED_DECIMAL)) if (!m[1] || !DAY_WORDS.test(m[1])) if (++n >= 2) break;
  if (n < 2) return p;
  return p.replace(LISTED_DECIMAL, (all, w: string | undefined, a: string, b: string) => (w && DAY_WORDS.test(w) ? all : `${a},${b}`));
}

/**
 * Signs and positions, read before dates and times claim their digits: coordinates, decimal dots
 * before a unit, rates over hours (">80mm/3h"), comparison signs and "+/-".
 */
export function readSigns(p: string): string {
  // "33 o C", "33oC", "33 0C", "33ºC" (the ordinal sign), "33 °c": a degree typed with a letter or a zero, only after a number.
  p = p.replace(/(?<=\d)\s?(?:[°º]\s?[cC]|o\s?C|oc|\s0C)(?![\p{L}\d])/gu, '°C');
  // A pair is surely a position; a latitude and a longitude are two, two latitudes a range.
  p = p.replace(re(`${NB}(${COORD})\\s*[-–—]\\s*(${COORD})(?![\\p{L}\\d])`), (_a, a: string, b: string) =>
    `${readCoordinate(a)}${/[NS]$/.test(a) === /[NS]$/.test(b) ? ' đến ' : ', '}${readCoordinate(b)}`);
  // Alone, only with a degree sign or a decimal ("114,0E"): "20N" could be anything.
  p = p.replace(COORD_RE, (all, n: string, deg: string | undefined, axis: string) => (deg || /[.,]/.test(n) ? `${n.replace('.', ',')} ${AXIS[axis]}` : all));
  // "15,50 độ Vĩ Bắc - 20,50 độ Vĩ Bắc": a range of positions; a latitude then a longitude is a pair.
  p = p.replace(/(độ\s+(vĩ|kinh)\s+(?:bắc|nam|đông|tây))\s*[-–—]\s*(?=\d{1,3}(?:[.,]\d{1,2})?\s*độ\s+(vĩ|kinh)\s)/giu,
    (_a, pos: string, a: string, b: string) => `${pos}${a.toLowerCase() === b.toLowerCase() ? ' đến ' : ', '}`);
  p = p.replace(/(độ\s+(?:vĩ|kinh)\s+(?:bắc|nam|đông|tây))\s*[-–—]\s*(?=\d)/giu, '$1 đến ');
  p = p.replace(DECIMAL_DOT_RE, '$1,$2');
  // "từ 1.5 đến 2 lần", "1.5 - 2 m": a decimal opening a range of times or of a unit is one too.
  p = p.replace(DECIMAL_RANGE_RE, '$1,$2');
  // "chỉ số UV ở mức 9.4": a value named as such is a decimal, never a date.
  p = p.replace(/((?:mức|chỉ số|giá trị)\s+)(\d{1,2})\.(\d{1,2})(?!\d|[.,]\d|\s*[-–/]\s*\d)/giu, '$1$2,$3');
  p = readListedDecimals(p);
  // "cận thị từ 5D", "viễn thị 2,5 D": diopters are said "độ", as eye doctors say them.
  p = p.replace(/(thị\s+(?:\p{L}+\s+){0,3})(\d{1,2}(?:[.,]\d{1,2})?)\s?D(?![\p{L}\d])/gu, '$1$2 độ');
  // "BĐ2-BĐ3", "cấp 6 - cấp 7": a dash between two levels of one scale is a range.
  p = p.replace(LEVEL_RANGE_RE, '$1 đến ');
  // "trên báo động 3- 1,3 m": a level, then the amount above it; the dash separates, never a range.
  p = p.replace(LEVEL_AMOUNT_RE, '$1, ');
  // ">150mm/6h": more than 150 mm in six hours; "≥", "≤", "+/-" and "±" in words.
  p = p.replace(/(\d[\d.,]*\s*(?:mm|cm|m))\s*\/\s*(\d{1,2})\s*(?:h|giờ|tiếng)(?![\p{L}\d])/gu, '$1 trong $2 giờ');
  p = p.replace(/(^|[\s(,;:])(?:>=|≥)\s*/gu, '$1bằng hoặc trên ').replace(/(^|[\s(,;:])(?:<=|≤)\s*/gu, '$1bằng hoặc dưới ');
  p = p.replace(/(^|[\s(,;:])>\s*(?=[\p{L}\d])/gu, '$1trên ').replace(/(^|[\s(,;:])<\s*(?=[\p{L}\d])/gu, '$1dưới ');
  return p.replace(/\s*(?:\+\s*\/\s*-|±)\s*/gu, ' cộng trừ ');
}

export function readNumbers(p: string, c: Ctx): string {
  const d = c.dialect;
  // "375 trường hợp/ngày", "2 lần/ngày": a count per a span of time or per head.
  // (The cheap lookahead first: the look-back is tried only at such a slash.)
  // ("2 lần/1 tháng": the 1 is said as "mỗi" too.)
  // ("5-7 kg rơm khô/con trâu, bò/ngày đêm": a ration per head, then per day: the second slash after a "mỗi" is one too.)
  // ("7kg rơm, cỏ khô/ngày", "2 lít nước sạch, nước uống/ngày": the quantity stands anywhere earlier in the clause.)
  p = p.replace(/(?=\s*\/\s*(?:1\s+)?(?:ngày|tuần|tháng|năm|ca|buổi|lượt|người|hộ|lần|con)(?![\p{L}]))(?<=\d[\d.,]*\s*\p{L}[^\d.;:!?/()]{0,60})\s*\/\s*(?:1\s+)?/gu, ' mỗi ');
  p = p.replace(/(?=\s*\/\s*(?:ngày|tuần|tháng|năm|giờ)(?![\p{L}]))(?<=\smỗi\s[^.;:!?/\d]{1,40})\s*\/\s*/gu, ' mỗi ');
  // "5 g/100 kg trọng lượng", "2 ml/10 kg": a dose per a mass of body is "trên".
  p = p.replace(/(?=\s*\/\s*\d[\d.,]*\s*(?:kg|g|tạ|tấn)(?![\p{L}]))(?<=\d[\d.,]*\s*(?:mg|g|ml|kg|gam|lít|l))\s*\/\s*/gu, ' trên ');
  // "102 hộ/468 khẩu", "6.550 phương tiện/20.522 lao động": two counts of one group, said with a pause.
  p = p.replace(/(?=\s*\/\s*\d)(?<=\d[\d.,]*\s+\p{Ll}+(?:\s+\p{Ll}+)?)\s*\/\s*(?=\d[\d.,]*\s+\p{Ll})/gu, ', ');
  // "xuất tuyến 477/Tam Anh": a slash between a number and a name is a pause, never "hoặc".
  p = p.replace(/(?<=\d)\s*\/\s*(?=\p{Lu}\p{Ll})/gu, ', ');
  // Two numbers side by side are two readings ("báo động 3 0,5m", table cells): a pause keeps them apart.
  p = p.replace(/(?<=\d)\s+(?=\d)/g, ', ');
  // "4x6 cm": four by six.
  p = p.replace(/(?<=\d)\s?[x×]\s?(?=\d)/gu, ' nhân ');
  // "333-335-337": three numbers or more in a row are a list, not a range.
  p = p.replace(re(`${NB}\\d+(?:\\s*[-–]\\s*\\d+){2,}(?![\\p{L}\\d])`), (list) => list.replace(/\s*[-–]\s*/g, ', '));
  // Ranges: 2025 - 2030 → "… đến …"
  p = p.replace(re(`${NB}${NUM}\\s*[-–—]\\s*(?=\\d)`), (_a, a: string) => `${a} đến `);
  // A minus sign is glued to its number: "-2°C"; "Bắc - 20 độ" is a range, read above.
  p = p.replace(re(`(?<![\\p{L}\\d])[-−](?=\\d+(?:,\\d+)?\\s*(?:°C|độ))`), 'âm ');
  // "0,50m - 1,0m", "35 độ C – 37 độ C": a dash between two amounts of one unit is a range too.
  p = p.replace(UNIT_RANGE_RE, '$1 đến ');
  p = p.replace(re(`${NB}${NUM}\\s*%`), (_a, n: string) => `${readNumberToken(n, d)} phần trăm`);
  p = p.replace(UNIT_RE, (_a, n: string, unit: string) => `${readNumberToken(n, d)} ${UNIT_MAP.get(unit) ?? unit}`);
  p = p.replace(PER_RE, (_a, per: string) => ` mỗi ${PER_UNIT[per] ?? per}`);
  p = p.replace(re('(thứ|hạng|lần thứ)\\s+(\\d+)(?![\\p{L}\\d])', 'giu'), (_a, w: string, n: string) =>
    `${w} ${n === '1' ? 'nhất' : n === '4' ? 'tư' : readInteger(n, d)}`);
  p = p.replace(re('(tháng)\\s+(\\d{1,2})(?![\\p{L}\\d])', 'giu'), (all, w: string, n: string) => (+n >= 1 && +n <= 12 ? `${w} ${readMonth(+n, d)}` : all));
  // Letters glued to digits ("s6", "F0", "Covid19"): read apart.
  p = p.replace(/(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/gu, ' ');
  p = p.replace(/\d+(?:[.,]\d+)*/g, (n) => readNumberToken(n, d));
  return p.replace(/\d+/g, (n) => readDigits(n));
}
