/**
 * What the spoken-form rules share: the reading context, regex helpers, and the look-back that
 * keeps every rule linear in the length of the text.
 */
import type { Lexicon } from './lexicon.js';
import type { Dialect } from './numbers.js';

export interface Ctx {
  lex: Lexicon;
  dialect: Dialect;
}

/** No letter or digit before / after. */
export const NB = '(?<![\\p{L}\\d])';
export const NA = '(?![\\p{L}\\d])';

export const re = (src: string, flags = 'gu') => new RegExp(src, flags);

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The words just before a match, for the rules that look back ("tỷ lệ 1/2", "ngày 30/4"). A regex
 * anchored only at `$` is tried from every position, so testing the whole text before each match
 * made a paragraph with thousands of matches quadratic. Trailing spaces go first (the rules allow
 * any), then a few words are plenty.
 */
export function wordsBefore(whole: string, offset: number): string {
  return whole.slice(Math.max(0, offset - 200), offset).trimEnd().slice(-48);
}

/** The next few characters after a match, for the rules that look ahead. */
export function textAfter(whole: string, end: number): string {
  return whole.slice(end, end + 48);
}
