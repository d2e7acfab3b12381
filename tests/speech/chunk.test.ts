import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkScript, isHeading, splitSentences } from '../../src/speech/chunk.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('chunkScript', () => {
  it('cuts at sentence ends, never across a paragraph, with longer pauses at paragraph and heading breaks', () => {
    const script = 'Mục đích\n\nCâu một dài. Câu hai cũng dài!\n\nĐoạn cuối cùng.';
    const chunks = chunkScript(script, { maxBytes: 24 });
    expect(chunks.map((c) => c.text)).toEqual(['Mục đích', 'Câu một dài.', 'Câu hai cũng dài!', 'Đoạn cuối cùng.']);
    expect(chunks.map((c) => c.paragraph)).toEqual([0, 1, 1, 2]);
    expect(chunks.map((c) => c.pauseAfterMs)).toEqual([1000, 250, 700, 0]);
  });

  it('packs whole sentences up to the limit', () => {
    const chunks = chunkScript('Một. Hai. Ba. Bốn.', { maxBytes: 100 });
    expect(chunks).toEqual([{ text: 'Một. Hai. Ba. Bốn.', paragraph: 0, pauseAfterMs: 0 }]);
  });

  it('cuts a run-on sentence at a comma, then at a space, with a short pause', () => {
    const chunks = chunkScript('aaaa bbbb, cccc dddd eeee ffff.', { maxBytes: 12 });
    for (const c of chunks) expect(bytes(c.text)).toBeLessThanOrEqual(12);
    expect(chunks[0].text).toBe('aaaa bbbb,');
    expect(chunks[0].pauseAfterMs).toBe(120);
    expect(words(chunks.map((c) => c.text).join(' '))).toEqual(words('aaaa bbbb, cccc dddd eeee ffff.'));
  });

  it('counts NFC UTF-8 bytes (a Vietnamese letter is 2–3 bytes)', () => {
    const decomposed = 'Nghị quyết về chuyển đổi số. '.repeat(200).normalize('NFD');
    const chunks = chunkScript(decomposed, { maxBytes: 4800 });
    for (const c of chunks) {
      expect(c.text).toBe(c.text.normalize('NFC'));
      expect(bytes(c.text)).toBeLessThanOrEqual(4800);
    }
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('an empty or blank script gives no chunks', () => {
    expect(chunkScript(' \n\n \n', { maxBytes: 100 })).toEqual([]);
  });

  it('property: every chunk fits, nothing is lost or reordered, no pause after the last', () => {
    const word = fc.stringMatching(/^[a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]{1,12}$/);
    const sentence = fc.tuple(fc.array(word, { minLength: 1, maxLength: 30 }), fc.constantFrom('.', '!', '?', ',', ''))
      .map(([w, p]) => w.join(' ') + p);
    const paragraph = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(' '));
    const script = fc.array(paragraph, { minLength: 1, maxLength: 5 }).map((p) => p.join('\n\n'));
    fc.assert(
      fc.property(script, fc.integer({ min: 16, max: 400 }), (text, maxBytes) => {
        const chunks = chunkScript(text, { maxBytes });
        for (const c of chunks) expect(bytes(c.text)).toBeLessThanOrEqual(maxBytes);
        const joined = chunks.map((c) => c.text).join(' ');
        expect(joined.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        // Words are cut only when a single word is longer than the limit.
        if (maxBytes >= 40) expect(words(joined)).toEqual(words(text));
        expect(chunks[chunks.length - 1].pauseAfterMs).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sentences and headings', () => {
  it('splits after . ! ? … keeping closing quotes', () => {
    expect(splitSentences('Một câu. "Hai câu!" Ba… bốn')).toEqual(['Một câu.', '"Hai câu!"', 'Ba…', 'bốn']);
  });
  it('a short line with no closing punctuation is a heading', () => {
    expect(isHeading('Mục đích, yêu cầu')).toBe(true);
    expect(isHeading('Công tác tuyên truyền cần tiến hành kịp thời.')).toBe(false);
  });
});
