/**
 * What the operator sees before airing: the words the voice will spell letter by letter, lone
 * letters read by their names, and leftovers (words of the spoken form that are no Vietnamese
 * syllable and no reading the lexicon gave), each with its paragraph, so a line can be added to
 * `data/lexicon.txt` first. Pure: it speaks the clean text and looks at what came out.
 */
import { unsettledWarning } from './fixpoint.js';
import { DEFAULT_LEXICON } from './lexicon.js';
import { saidWords, speakPasses, type SpokenNote, type SpokenOptions } from './spoken.js';
import { isVietnameseSyllable } from './syllable.js';

export interface SpokenInspection {
  spoken: string;
  /** Distinct findings, in reading order; the same word in the same paragraph once. */
  notes: SpokenNote[];
  warnings: ReturnType<typeof unsettledWarning>[];
}


export function inspectSpoken(clean: string, opts: SpokenOptions = {}): SpokenInspection {
  const taken: SpokenNote[] = [];
  const result = speakPasses(clean, opts, taken);
  // A reading the lexicon gave ("phây búc", "vê en e ai đi") is no leftover.
  const known = saidWords(opts.lexicon ?? DEFAULT_LEXICON);
  const spokenParas = String(clean ?? '').split(/\n\s*\n/);
  // Leftovers: look for each clean paragraph's words in its own spoken form.
  spokenParas.forEach((para, i) => {
    const spoken = speakPasses(para, opts).value;
    for (const w of spoken.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []) {
      const low = w.toLowerCase();
      if (isVietnameseSyllable(w) || known.has(low) || taken.some((n) => n.paragraph === i + 1 && n.reading.split(' ').includes(low))) continue;
      taken.push({ kind: 'leftover', text: w, reading: low, paragraph: i + 1 });
    }
  });
  const seen = new Set<string>();
  const notes = taken
    .filter((n) => { const k = `${n.kind} ${n.paragraph} ${n.text}`; if (seen.has(k)) return false; seen.add(k); return true; })
    .sort((a, b) => a.paragraph - b.paragraph);
  return { spoken: result.value, notes, warnings: result.settled ? [] : [unsettledWarning('Dạng đọc')] };
}
