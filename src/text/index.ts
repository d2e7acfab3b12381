/**
 * The text stage: a plan as written → what the voice reads. Pure functions except `loadLexicon`,
 * which reads the lexicon in the data dir (reading the user's file is `src/documents/`).
 */
import { cleanPasses } from './clean.js';
import { unsettledWarning } from './fixpoint.js';
import type { Lexicon } from './lexicon.js';
import type { Dialect } from './numbers.js';
import { checkQuality, type QualityReport } from './quality.js';
import { speakPasses } from './spoken.js';

export { cleanText } from './clean.js';
export { DEFAULT_LEXICON, loadLexicon, parseLexicon, type Lexicon } from './lexicon.js';
export { isAllCaps, isHeading } from './heading.js';
export { inspectSpoken, type SpokenInspection } from './inspect.js';
export { readInteger, type Dialect } from './numbers.js';
export { checkQuality, type QualityReport, type QualityWarning } from './quality.js';
export { spellLetters, toSpokenForm, type SpokenNote, type SpokenOptions } from './spoken.js';
export { estimateSeconds, splitBulletins, type Bulletin, type SplitOptions } from './split.js';
export { isVietnameseSyllable } from './syllable.js';

/**
 * Everything the render and the UI need from one raw text: clean, spoken form, quality. A text the
 * rules could not settle carries the coded warning `LP_ERR_TEXT_UNSETTLED` in `quality.warnings`.
 */
export function prepareScript(raw: string, opts: { lexicon?: Lexicon; dialect?: Dialect } = {}): { clean: string; spoken: string; quality: QualityReport } {
  const clean = cleanPasses(raw);
  const spoken = speakPasses(clean.value, opts);
  const quality = checkQuality(clean.value);
  if (!clean.settled) quality.warnings.push(unsettledWarning('Văn bản làm sạch'));
  if (!spoken.settled) quality.warnings.push(unsettledWarning('Dạng đọc'));
  return { clean: clean.value, spoken: spoken.value, quality };
}
