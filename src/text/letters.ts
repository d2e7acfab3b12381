/**
 * Letters as Vietnamese names them, for what has to be spelled ("VHXH" → "vê hát ích hát"), and the
 * test that tells a word in capitals that can be said ("YAGI", "ASEAN") from one that must be spelled.
 */

const LETTER_NAMES: Record<string, string> = {
  a: 'a', ă: 'á', â: 'ớ', b: 'bê', c: 'xê', d: 'dê', đ: 'đê', e: 'e', ê: 'ê', f: 'ép', g: 'giê', h: 'hát', i: 'i',
  j: 'gi', k: 'ca', l: 'e lờ', m: 'em mờ', n: 'en nờ', o: 'o', ô: 'ô', ơ: 'ơ', p: 'pê', q: 'quy', r: 'e rờ', s: 'ét',
  t: 'tê', u: 'u', ư: 'ư', v: 'vê', w: 'vê kép', x: 'ích', y: 'i', z: 'dét',
};

/** Letter by letter, as Vietnamese names the letters: "VHXH" → "vê hát ích hát". */
export function spellLetters(s: string): string {
  return [...s.toLowerCase().normalize('NFC')].map((c) => LETTER_NAMES[c.normalize('NFD')[0]] ?? LETTER_NAMES[c] ?? '').filter(Boolean).join(' ');
}

/** The name of one Latin letter, or undefined. */
export function letterName(ch: string): string | undefined {
  return LETTER_NAMES[ch.toLowerCase()];
}

/**
 * A word in Latin capitals that reads as syllables (consonants around vowels, at least two vowel
 * groups: "YAGI", "NATO", "UNICEF") is said as a word; "BIDV", "OTP", "EVNSPC" are spelled.
 */
export function isPronounceable(word: string): boolean {
  return word.length >= 4 && /^(?:[BCDFGHJKLMNPQRSTVWXZ]{0,2}[AEIOUY]{1,2}){2,}[BCDFGHJKLMNPQRSTVWXZ]{0,2}$/.test(word);
}
