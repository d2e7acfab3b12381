/**
 * A plan → bulletins a ward can air: cut by section, each at most about `maxSeconds` at the voice's
 * speaking rate, never mid-sentence unless one sentence alone is too long.
 */
import { isAllCaps, isHeading } from './heading.js';
import type { Lexicon } from './lexicon.js';
import { toSpokenForm } from './spoken.js';

export interface Bulletin {
  title: string;
  /** Cleaned text (what `text clean` prints), paragraphs separated by a blank line. */
  text: string;
  estimatedSeconds: number;
}

export interface SplitOptions {
  /** Longest bulletin, seconds. @default 300 */
  maxSeconds?: number;
  /** Speaking rate, words (syllables) per minute. @default 150, espeak-ng's default rate */
  wordsPerMinute?: number;
  /** Used for the spoken form the estimate is measured on. @default the built-in lexicon */
  lexicon?: Lexicon;
}

const countWords = (spoken: string) => String(spoken ?? '').match(/[\p{L}\p{M}]+/gu)?.length ?? 0;

/** Seconds to say `words` words at `wordsPerMinute`, one decimal. */
function secondsFor(words: number, wordsPerMinute: number): number {
  const wpm = wordsPerMinute > 0 ? wordsPerMinute : 150;
  return Math.round((words / wpm) * 600) / 10;
}

/**
 * Seconds to say a text at `wordsPerMinute`, one decimal: the one length estimate (bulletins, the
 * Bản tin page, schedule files). Measured on the spoken form it is exact in words; on a text as
 * written, numbers count as one word each.
 */
export function estimateSeconds(spoken: string, wordsPerMinute = 150): number {
  return secondsFor(countWords(spoken), wordsPerMinute);
}

const ROMAN_HEADING = /^[IVXL]+\.\s/;
/** "Điều 2.", "Chương II", "Mục 3:": an article of a decision opens a section even when it runs on. */
const ARTICLE = /^(?:Điều|Chương|Mục)\s+(?:\d+|[IVXL]+)\s*[.:]/u;

/** At most `n` characters, cut at a word. */
function shorten(s: string, n = 80): string {
  return s.length <= n ? s : `${s.slice(0, n).replace(/\s+\S*$/, '')}…`;
}

function sentenceCase(s: string): string {
  if (!isAllCaps(s)) return s;
  const lower = s.toLowerCase();
  return lower.replace(/^([IVXLivxl]+\.\s+)?(\p{L})/u, (_a, num: string | undefined, ch: string) => (num ? num.toUpperCase() : '') + ch.toUpperCase());
}

/** Pieces small enough to fit: the paragraph, else its sentences, else runs of words. */
function pieces(p: string, fits: (s: string) => boolean): string[] {
  if (fits(p)) return [p];
  const sentences = p.match(/[^.!?;]+[.!?;]*\s*/g)?.map((s) => s.trim()).filter(Boolean) ?? [p];
  if (sentences.length > 1) return sentences.flatMap((s) => pieces(s, fits));
  const words = p.split(/\s+/);
  const out: string[] = [];
  let cur: string[] = [];
  for (const w of words) {
    if (cur.length && !fits([...cur, w].join(' '))) { out.push(cur.join(' ')); cur = []; }
    cur.push(w);
  }
  if (cur.length) out.push(cur.join(' '));
  return out;
}

export function splitBulletins(clean: string, opts: SplitOptions = {}): Bulletin[] {
  const max = opts.maxSeconds && opts.maxSeconds > 0 ? opts.maxSeconds : 300;
  const wpm = opts.wordsPerMinute ?? 150;
  const spokenWords = (t: string) => countWords(toSpokenForm(t, { lexicon: opts.lexicon }));
  const fits = (t: string) => secondsFor(spokenWords(t), wpm) <= max;
  // The spoken form is made paragraph by paragraph, so a bulletin's words are the sum of its
  // paragraphs': each is spoken once, not again for every paragraph added after it (that made a
  // plan of a few thousand short paragraphs take half a minute).
  const counted = new Map<string, number>();
  const wordsIn = (paras: readonly string[]) => paras.reduce((sum, p) => {
    let n = counted.get(p);
    if (n === undefined) counted.set(p, (n = spokenWords(p)));
    return sum + n;
  }, 0);
  const seconds = (paras: readonly string[]) => secondsFor(wordsIn(paras), wpm);
  const paras = String(clean ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
  if (paras.length === 0) return [];

  // The document's name: "KẾ HOẠCH" + its subject line, or the first paragraph.
  const subject = (p: string) => (isAllCaps(p) ? p.toLowerCase() : `${p.charAt(0).toLowerCase()}${p.slice(1)}`);
  const docTitle = (isAllCaps(paras[0]) && paras[1] && !/[.;:]$/.test(paras[1])
    ? `${sentenceCase(paras[0])} ${subject(paras[1])}`
    : paras[0].replace(/^V\/v\s*:?\s*/u, 'Về việc ')).slice(0, 160);

  const bulletins: { title: string; paras: string[] }[] = [];
  let section = ''; // the current Roman-numeral section heading
  let cur: { title: string; paras: string[] } | undefined;
  const start = (title: string) => { cur = { title, paras: [] }; bulletins.push(cur); };

  for (const p of paras) {
    const top = (ROMAN_HEADING.test(p) && isHeading(p)) || ARTICLE.test(p);
    if (top) section = ARTICLE.test(p) ? shorten(p.replace(/[:;]$/, '')) : sentenceCase(p);
    for (const piece of pieces(p, fits)) {
      const candidate = cur ? [...cur.paras, piece] : [piece];
      // A new section starts a new bulletin once the current one is half full; length always does.
      const halfFull = cur !== undefined && seconds(cur.paras) >= max / 2;
      if (!cur || seconds(candidate) > max || (top && halfFull)) {
        start(top ? section : `${section || docTitle} (tiếp)`);
      }
      cur!.paras.push(piece);
    }
  }
  return bulletins.map((b, i) => {
    const title = i === 0 ? docTitle : b.title;
    return { title, text: b.paras.join('\n\n'), estimatedSeconds: seconds(b.paras) };
  });
}
