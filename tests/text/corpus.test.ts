import { describe, expect, it } from 'vitest';
import { accepted, expandReading, loadCorpus, readsAs, sentenceErrorRate, type CorpusPart } from '../../bench/spoken-corpus.js';
import { cleanText, toSpokenForm } from '../../src/text/index.js';

// Real sentences from public notices (sources in the fixture files), with the readings an announcer
// accepts. The development part is what the rules were built against; the held-out part was
// collected and annotated before any tuning, and its rate is reported on its own (bench/spoken.ts).
const corpus = loadCorpus();
const speak = (s: string) => toSpokenForm(cleanText(s));

describe('the corpus', () => {
  it('holds at least 300 sentences, 100 of them held out, each with a source and a reading', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(corpus.filter((e) => e.part === 'heldout').length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((e) => e.part === 'blind3').length).toBeGreaterThanOrEqual(200);
    expect(corpus.filter((e) => e.part === 'blind4').length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((e) => e.part === 'blind5').length).toBeGreaterThanOrEqual(250);
    expect(corpus.filter((e) => e.part === 'blind6').length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((e) => e.part === 'blind7').length).toBeGreaterThanOrEqual(200);
    expect(corpus.filter((e) => e.part === 'blind8').length).toBeGreaterThanOrEqual(240);
    for (const e of corpus) {
      expect(e.source, e.where).not.toBe('');
      expect(e.readings.length, e.where).toBeGreaterThan(0);
      for (const r of e.readings) expect(r, e.where).not.toMatch(/\d/);
    }
    expect(new Set(corpus.map((e) => e.genre)).size).toBeGreaterThanOrEqual(10);
  });

  // Each earlier held-out part became development data once measured and looked at (the first in
  // round 2, the second, heldout2/, in round 3): every sentence of them is checked.
  const development = corpus.filter((e) => !e.part.startsWith('blind'));
  it.each(development.map((e) => [e.where, e] as const))('%s reads as an announcer would', (_where, e) => {
    const spoken = speak(e.input);
    expect(accepted(spoken, e), `${e.input}\n  said: ${spoken}\n  want: ${e.readings.join('\n     or: ')}`).toBe(true);
  });

  it('the development parts (dev, first and second held-out parts) are misread in at most 2 % of their sentences', () => {
    const rate = sentenceErrorRate(development, speak);
    expect(rate.pct, rate.failures.map((f) => `${f.entry.where}: ${f.spoken}`).join('\n')).toBeLessThanOrEqual(2);
  });

  /** A blind part's regression guard: at least `size` sentences, at most `wrong` misread (the failures in the message). */
  const guardBlind = (part: CorpusPart, size: number, wrong: number) => {
    const blind = corpus.filter((e) => e.part === part);
    expect(blind.length).toBeGreaterThanOrEqual(size);
    const rate = sentenceErrorRate(blind, speak);
    expect(rate.wrong, `${rate.wrong} of ${rate.sentences}\n${rate.failures.map((f) => `${f.entry.where}: ${f.spoken}`).join('\n')}`).toBeLessThanOrEqual(wrong);
  };

  it('the round-3 blind part reads no worse than now: 1 of 251 misread (0.4 %; 27, 10.8 %, when measured blind)', () => {
    // A regression guard, not the goal (2 %): measured before round 3's rules (30 misread, 12.0 %) and once
    // after them; its failures were looked at only after that (docs/TEXT.md), and three general faults
    // found there fixed as classes (units as whole words, "đêm 24/7", a latitude–longitude pair in words),
    // bringing it to 20; round 4 fixed classes found there (bylines, a name's last initial, …: 11) and widened six
    // readings that refused what a listener hears right ("en nờ" for N, the lexicon's "vê en e ai đi", "ngày" before a date) → 5; round 5's classes (PCTT by
    // the words around it, Central Highlands place names, diopters, Weather) → 1 (a storm's name read as written).
    guardBlind('blind3', 200, 1);
  });

  it('the round-4 blind part reads no worse than now: 1 of 198 misread (0.5 %; 19, 9.6 %, when measured blind)', () => {
    // Collected and annotated in round 4 before any round-4 rule, without running the normaliser on it, and
    // measured once after them: 19 misread (weather and disaster genres: 10 of 114). Then looked at: six general
    // faults found there fixed as classes (→ 11), and eight readings corrected where the annotation slipped from the
    // corpus's own conventions (→ 3; docs/TEXT.md); round 5's classes (clip, decimals listed by place) → 1 (a typo, "VNelD"). Not blind any more. A regression guard, not the goal (2 %).
    guardBlind('blind4', 150, 1);
  });

  it('the round-5 blind part reads no worse than now: 0 of 264 misread (32, 12.1 %, when measured blind)', () => {
    // Collected in round 5 by one engineer who never ran the normaliser on it, while another wrote round 5's rules
    // without seeing it; 305 sentences, of which the 41 from pages the rules engineer had also read were taken out
    // (development data, dev/*.4.txt) before the one measurement: 32 of 264 misread (weather and disaster 13 of 125).
    // Then looked at (development data since round 6): its families fixed as classes → 14 (5.3 %); fourteen readings that
    // refused what a listener hears right widened (docs/TEXT.md) → 0. Not blind any more. A regression guard, not the goal (2 %).
    guardBlind('blind5', 250, 0);
  });

  it('the round-6 blind part reads no worse than now: 0 of 178 misread (19, 10.7 %, when measured blind)', () => {
    // Collected after round 6's rules by an engineer who never ran the normaliser on it (62 sources, none in the other
    // parts or among the pages round 5's rules engineer read), the rules frozen meanwhile, and measured once: 19 of 178
    // (weather and disaster 7 of 88). Then looked at (development data since round 7): its seven families fixed as classes
    // (15 sentences, three of them needing a widened reading too) and seven readings that refused what a listener hears right
    // widened (docs/TEXT.md) → 0. Not blind any more. A regression guard, not the goal (2 %).
    guardBlind('blind6', 150, 0);
  });

  it('the round-7 blind part reads no worse than now: 0 of 200 misread (11, 5.5 %, when measured blind)', () => {
    // Collected while round 7's rules were written, by an engineer who never ran the normaliser on it, from 58 pages on
    // 41 sites none of which the rules engineer had read (they logged every page they opened), and
    // measured once: 11 of 200 (weather and disaster 2 of 96). Then looked at (development data since round 8): its families
    // fixed as classes (table cells, degrees typed with a letter, "g" as gam before a dose rate, brand names, a level name's
    // syllable ending in a stop) → 5, and five readings that refused what a listener hears right widened (docs/TEXT.md) → 0.
    // Not blind any more. A regression guard, not the goal (2 %).
    guardBlind('blind7', 200, 0);
  });

  it('the round-8 blind part reads no worse than now: 0 of 240 misread (20, 8.3 %, when measured blind)', () => {
    // Collected while round 8's rules were written, by an engineer who never ran the normaliser on it, from 79 pages on
    // 60 sites none of which the rules engineer had read (they logged every page they opened), and measured once: 20 of
    // 240 (weather and disaster 6 of 123). Then looked at (development data since round 9): its families fixed as classes
    // (Resolution 57 terms, a code spaced before its type or dotted before its issuer, a gloss after "bão", CMT8, a place
    // range after "từ", "h" for hẻm, a pole's number, glued syllables and "sô") → 10 of 240 by the rules, and ten readings
    // that refused what a listener hears right widened (docs/TEXT.md) → 0. Not blind any more. A regression guard, not the goal (2 %).
    guardBlind('blind8', 240, 0);
  });
});

describe('how a reading is compared', () => {
  it('expands {a|b} alternatives, an empty one making a word optional', () => {
    expect(expandReading('từ {ngày|} năm đến {sáu|bảy}')).toEqual(['từ ngày năm đến sáu', 'từ ngày năm đến bảy', 'từ  năm đến sáu', 'từ  năm đến bảy']);
  });

  it('needs the same words, the same sentence ends, and a pause wherever the reading pauses', () => {
    expect(readsAs('Cấp mười, giật cấp mười hai.', 'cấp mười, giật cấp mười hai')).toBe(true);
    expect(readsAs('Cấp mười giật cấp mười hai.', 'cấp mười, giật cấp mười hai')).toBe(false); // missing pause
    expect(readsAs('Cấp mười, giật, cấp mười hai.', 'cấp mười, giật cấp mười hai')).toBe(true); // an extra pause is harmless
    expect(readsAs('Hai trăm. Bốn mi li mét.', 'hai trăm phẩy bốn mi li mét')).toBe(false); // a decimal dot never ends a sentence
    expect(readsAs('Tin bão.\n\nHồi bảy giờ.', 'tin bão. hồi bảy giờ')).toBe(true); // a paragraph end is a sentence end
    expect(readsAs('Tin bão hồi bảy giờ.', 'tin bão. hồi bảy giờ')).toBe(false); // a title must not run on
  });
});
