import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { respell } from '../../src/text/foreign.js';
import { cleanText, isVietnameseSyllable, toSpokenForm } from '../../src/text/index.js';

// How Vietnamese respells English and other Latin-letter words; each row is what an announcer says.
const RESPELLED: [word: string, spoken: string][] = [
  ['Honda', 'hôn đa'], ['logistics', 'lô gít tích'], ['Exciter', 'ếch xi tơ'], ['Alpha', 'an pha'], ['Wave', 'uây'],
  ['Accent', 'ác xen'], ['City', 'xi ti'], ['Momo', 'mô mô'], ['Yamaha', 'da ma ha'], ['Grab', 'gờ ráp'], ['Smart', 'xờ mát'],
  ['taxi', 'tác xi'], ['Tembin', 'tem bin'], ['rubella', 'ru be la'], ['Samsung', 'xam xung'], ['video', 'vi đe ô'],
  ['Internet', 'in tơ nét'], ['Banking', 'ban kinh'], ['Vinfast', 'vin phát'], ['Play', 'pờ lây'], ['Noel', 'nô en'],
];

describe('respelling words in Latin letters', () => {
  it.each(RESPELLED)('%s → %s', (word, spoken) => {
    expect(respell(word)).toBe(spoken);
  });

  it('gives only well-formed Vietnamese syllables, or nothing', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z]{2,12}$/), (w) => {
      const r = respell(w);
      if (r !== undefined) for (const s of r.split(' ')) expect(isVietnameseSyllable(s), `${w} → ${r}`).toBe(true);
    }), { numRuns: 2000 });
  });

  it('leaves what is no Latin word alone', () => {
    for (const w of ['Đắk', 'x', 'UBND2', 'Hà-Nội', '']) expect(respell(w)).toBeUndefined();
  });
});

describe('foreign words in the spoken form', () => {
  it('a word that reads as Vietnamese stays as written ("chat", "Long"); a known loanword keeps its spelling ("link")', () => {
    expect(toSpokenForm('Ứng dụng chat, đường link, sông Long.')).toBe('Ứng dụng chat, đường link, sông Long.');
  });

  it("a ward's lexicon line wins over the respelling", () => {
    expect(toSpokenForm('Xe Honda.', { lexicon: new Map([['Honda', 'hon đa']]) })).toBe('Xe hon đa.');
  });

  it('respelled text settles: speaking the spoken form again changes nothing', () => {
    const words = fc.stringMatching(/^[A-Z][a-z]{1,9}$|^[a-z]{2,10}$/);
    fc.assert(fc.property(fc.array(words, { minLength: 1, maxLength: 12 }), (ws) => {
      const spoken = toSpokenForm(cleanText(`Xe ${ws.join(' ')} đến.`));
      expect(toSpokenForm(spoken)).toBe(spoken);
    }), { numRuns: 300 });
  });
});
