/**
 * The one heading rule and the one all-capitals rule, used by cleaning, splitting, the OCR guard
 * and the speech stage (which pauses longer after a heading).
 */

/** Two letters or more, every letter a capital ("KẾ HOẠCH", "UBND"); digits and marks do not count. */
export function isAllCaps(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** "I. ", "1. ", "1.2 " at the start: a numbered section. */
export const NUMBERED_START = /^(?:[IVXL]+\.|\d+(?:\.\d+)*\.?)\s/u;

/**
 * A paragraph that is a heading: short (under 160 characters), ending no sentence and no clause (no
 * closing . ! ? … ; , whatever quotes or brackets follow; a colon may end a heading), and either
 * numbered, in capitals, or short enough to be a title line (100 characters or fewer).
 */
export function isHeading(paragraph: string): boolean {
  const p = paragraph.trim();
  if (!p || p.length >= 160 || /[.!?…;,]["”’)\]]*$/u.test(p)) return false;
  return p.length <= 100 || NUMBERED_START.test(p) || isAllCaps(p);
}
