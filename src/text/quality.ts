/**
 * The OCR guard: how much of a text is well-formed Vietnamese. OCR that destroys diacritics leaves
 * syllables that break Vietnamese spelling ("quyét", "ciia", "hoc") and digits inside words ("s6",
 * "x4"); a clean plan scores near 1. Abbreviations, numbers and known foreign words are not counted.
 */
import { isAllCaps } from './heading.js';
import { DEFAULT_LEXICON } from './lexicon.js';
import { romanValue } from './numbers.js';
import { EMAIL, URL_RE } from './spoken.js';
import { hasDiacritic, isVietnameseSyllable } from './syllable.js';

export interface QualityWarning { code: 'LP_ERR_TEXT_SUSPECT' | 'LP_ERR_TEXT_UNSETTLED'; message: string }

export interface QualityReport {
  suspect: boolean;
  /** 0..1 share of well-formed Vietnamese syllables among the words counted. */
  score: number;
  /** Words counted. */
  syllables: number;
  /** Up to ten distinct malformed words, as written. */
  badSamples: string[];
  warnings: QualityWarning[];
}

/** Below this share of well-formed syllables the text is suspect. */
export const MIN_SCORE = 0.9;
/** Real Vietnamese marks most syllables; OCR that strips every mark leaves almost none. */
export const MIN_DIACRITIC_SHARE = 0.3;

const SKIP = /^(?:\d+|\d+(?:h|g)\d*|(?:k|c|m|d)?m[23]|\d+(?:km|ha|kg|m|cm|mm|ml|l|đ|g|tr)\d*)$/u;

/** Unit symbols written after numbers ("km/h", "°C", "mm"): not words. */
const UNIT = /^(?:km|h|mm|cm|m|kg|g|l|ml|ha|kw|kwh|mw|gb|mb|c|vnđ|vnd|usd)$/iu;

export function checkQuality(text: string): QualityReport {
  // Web and mail addresses are read by their own rule, not as syllables.
  const src = String(text ?? '').normalize('NFC').replace(EMAIL, ' ').replace(URL_RE, ' ');
  const tokens = [...src.matchAll(/[\p{L}\p{M}\d]+/gu)];
  let counted = 0;
  let good = 0;
  let marked = 0;
  const bad = new Set<string>();
  tokens.forEach((m, i) => {
    const w = m[0];
    // A lone letter is a list marker ("b)") or a unit; OCR damage shows in longer words.
    if (SKIP.test(w) || UNIT.test(w) || [...w].length === 1 || DEFAULT_LEXICON.has(w)) return;
    if (/\d/.test(w) && /^\d/.test(w)) return; // "57NQ", "6h30"-like codes and times
    if ((w.match(/\p{Lu}/gu) ?? []).length >= 2) {
      // Abbreviations ("UBND", "VNeID") are the lexicon's business; a heading in capitals is text.
      const near = [tokens[i - 2], tokens[i - 1], tokens[i + 1], tokens[i + 2]].filter((t) => t && isAllCaps(t[0]) && !/\d/.test(t[0])).length;
      if (!isAllCaps(w) || near < 2 || romanValue(w) !== undefined) return;
    } else if (/^[A-Z][a-z]+$/.test(w) && !isVietnameseSyllable(w) && i > 0 && !/[.!?:;]\s*$/.test(src.slice(tokens[i - 1].index! + tokens[i - 1][0].length, m.index))) {
      return; // a foreign name inside a sentence ("ông John Smith")
    }
    counted++;
    if (hasDiacritic(w)) marked++;
    if (!/\d/.test(w) && isVietnameseSyllable(w)) good++;
    else if (bad.size < 10) bad.add(w);
  });
  const score = counted === 0 ? 1 : good / counted;
  const diacriticShare = counted === 0 ? 1 : marked / counted;
  const suspect = (counted >= 3 && score < MIN_SCORE) || (counted >= 30 && diacriticShare < MIN_DIACRITIC_SHARE);
  const rounded = Math.round(score * 1000) / 1000;
  return {
    suspect,
    score: rounded,
    syllables: counted,
    badSamples: [...bad],
    warnings: suspect
      ? [{
          code: 'LP_ERR_TEXT_SUSPECT',
          message: `chỉ ${Math.round(score * 100)}% âm tiết đúng chính tả tiếng Việt, ${Math.round(diacriticShare * 100)}% có dấu; ví dụ: ${[...bad].slice(0, 5).join(', ')}`,
        }]
      : [],
  };
}
