/**
 * The text stage: a plan as written → what the voice reads. Pure functions except `loadLexicon`,
 * which reads the lexicon in the data dir (reading the user's file is `src/documents/`).
 */
import { cleanText } from './clean.js';
import type { Lexicon } from './lexicon.js';
import type { Dialect } from './numbers.js';
import { checkQuality, type QualityReport } from './quality.js';
import { toSpokenForm } from './spoken.js';

export { cleanText } from './clean.js';
export { DEFAULT_LEXICON, loadLexicon, parseLexicon, type Lexicon } from './lexicon.js';
export { readInteger, type Dialect } from './numbers.js';
export { checkQuality, type QualityReport, type QualityWarning } from './quality.js';
export { spellLetters, toSpokenForm, type SpokenOptions } from './spoken.js';
export { estimateSeconds, splitBulletins, type Bulletin, type SplitOptions } from './split.js';
export { isVietnameseSyllable } from './syllable.js';

/** Everything the render and the UI need from one raw text: clean, spoken form, quality. */
export function prepareScript(raw: string, opts: { lexicon?: Lexicon; dialect?: Dialect } = {}): { clean: string; spoken: string; quality: QualityReport } {
  const clean = cleanText(raw);
  return { clean, spoken: toSpokenForm(clean, opts), quality: checkQuality(clean) };
}
