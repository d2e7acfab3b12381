/**
 * Vietnamese number reading (pure). Conventions of a careful northern announcer by default:
 * mươi/mười, mốt (21), tư (24), lăm (15, 25), linh (105; "lẻ" in the south), nghìn/triệu/tỷ.
 */
export type Dialect = 'bac' | 'nam';

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** One digit, as said when reading a number digit by digit (phone numbers, codes). */
export function digitWord(d: string): string {
  return DIGITS[d.charCodeAt(0) - 48] ?? '';
}

/** Digit by digit: "0912" → "không chín một hai". */
export function readDigits(s: string): string {
  return [...s].filter((c) => c >= '0' && c <= '9').map(digitWord).join(' ');
}

/** 0–99 inside a larger number or alone. */
function readTens(n: number): string {
  if (n < 10) return DIGITS[n];
  const t = Math.floor(n / 10);
  const u = n % 10;
  const head = t === 1 ? 'mười' : `${DIGITS[t]} mươi`;
  if (u === 0) return head;
  if (u === 1) return `${head} ${t === 1 ? 'một' : 'mốt'}`;
  if (u === 4) return `${head} ${t === 1 ? 'bốn' : 'tư'}`;
  if (u === 5) return `${head} lăm`;
  return `${head} ${DIGITS[u]}`;
}

/** 0–999; `full` says "không trăm" / "linh" as a group after a higher one does. */
function readHundreds(n: number, full: boolean, dialect: Dialect): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 0 && !full) return readTens(rest);
  const head = `${DIGITS[h]} trăm`;
  if (rest === 0) return head;
  if (rest < 10) return `${head} ${dialect === 'nam' ? 'lẻ' : 'linh'} ${DIGITS[rest]}`;
  return `${head} ${readTens(rest)}`;
}

const SCALES = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'] as const;

/**
 * Reads a non-negative integer given as a digit string ("2024" → "hai nghìn không trăm hai mươi
 * tư"). Leading zeros are ignored; longer than the triệu tỷ it is read digit by digit.
 */
export function readInteger(digits: string, dialect: Dialect = 'bac'): string {
  const s = digits.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(s)) return '';
  if (s.length > SCALES.length * 3) return readDigits(s);
  if (s === '0') return DIGITS[0];
  const groups: number[] = [];
  for (let end = s.length; end > 0; end -= 3) groups.unshift(Number(s.slice(Math.max(0, end - 3), end)));
  const words: string[] = [];
  groups.forEach((g, i) => {
    if (g === 0) return;
    const scale = SCALES[groups.length - 1 - i];
    words.push(readHundreds(g, words.length > 0, dialect) + (scale ? ` ${scale}` : ''));
  });
  return words.join(' ');
}

/**
 * A decimal written the Vietnamese way: "3,5" → "ba phẩy năm"; digits after the mark are read as
 * a number unless they start with 0 ("0,05" → "không phẩy không năm").
 */
export function readDecimal(intPart: string, fracPart: string, dialect: Dialect = 'bac'): string {
  const frac = fracPart.startsWith('0') ? readDigits(fracPart) : readInteger(fracPart, dialect);
  return `${readInteger(intPart, dialect)} phẩy ${frac}`;
}

/** Month names: 4 is "tư", the rest as numbers ("tháng mười hai"). */
export function readMonth(m: number, dialect: Dialect = 'bac'): string {
  return m === 4 ? 'tư' : readInteger(String(m), dialect);
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** "XIV" → 14; undefined when not a well-formed Roman numeral up to 399. */
export function romanValue(s: string): number | undefined {
  if (!/^(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(s) || s === '') return undefined;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]];
    const next = ROMAN[s[i + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}
