/**
 * The spoken-form corpus: real sentences from public notices with the readings an announcer
 * accepts (`tests/text/fixtures/corpus/{dev,heldout,heldout2,blind3,blind4,blind5,blind6,blind7,blind8}/*.txt`), and the rule that says whether
 * a spoken form is one of them. Shared by the table-driven test and `bench/spoken.ts`.
 *
 * Parts: `dev` the rules were built against; `heldout` the first round's held-out part (tuned on
 * since round 2); `heldout2` round 2's blind part (measured twice, then looked at: development data
 * since round 3); `blind3` collected in round 3 before any of its rules (measured, then looked at: development
 * data since round 4); `blind4` collected in round 4 before any of its rules (measured, then looked at: development data
 * since round 5); `blind5` collected in round 5 by someone who never ran the normaliser on it, while the rules were
 * written by another who never saw it (measured, then looked at: development data since round 6); `blind6` collected
 * after round 6's rules by someone who never ran the normaliser on it, with the rules frozen (measured, then looked at:
 * development data since round 7); `blind7` collected while round 7's rules were written by another engineer who never saw
 * it and logged every page read (none of its pages among them), measured once (then looked at: development data since round 8);
 * `blind8` collected the same way while round 8's rules were written, measured once.
 *
 * File format, one entry per `<` line:
 * ```
 * # a comment
 * @ source address (every entry below it comes from there)
 * < the sentence as published
 * = an accepted reading; {a|b} offers alternatives inline, {a|} makes a word optional
 * = another accepted reading
 * ```
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CorpusPart = 'dev' | 'heldout' | 'heldout2' | 'blind3' | 'blind4' | 'blind5' | 'blind6' | 'blind7' | 'blind8';

export const CORPUS_PARTS: readonly CorpusPart[] = ['dev', 'heldout', 'heldout2', 'blind3', 'blind4', 'blind5', 'blind6', 'blind7', 'blind8'];

export interface CorpusEntry {
  part: CorpusPart;
  /** The genre: the file's name up to its first dot ("bao" for bao.txt and bao.2.txt). */
  genre: string;
  /** `dev/bao.txt:12`, for failure messages. */
  where: string;
  source: string;
  input: string;
  readings: string[];
}

/** The corpus folder in this repository, from `bench/` or `dist/bench/`. */
export function corpusDir(): string {
  const here = new URL('.', import.meta.url).pathname;
  const root = here.includes('/dist/') ? join(here, '..', '..') : join(here, '..');
  return join(root, 'tests', 'text', 'fixtures', 'corpus');
}

export function loadCorpus(dir = corpusDir()): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const part of CORPUS_PARTS) {
    for (const file of readdirSync(join(dir, part)).filter((f) => f.endsWith('.txt')).sort()) {
      let source = '';
      let last: CorpusEntry | undefined;
      readFileSync(join(dir, part, file), 'utf8').normalize('NFC').split('\n').forEach((line, i) => {
        const body = line.slice(2).trim();
        if (line.startsWith('@ ')) source = body;
        else if (line.startsWith('< ')) {
          last = { part, genre: file.split('.')[0], where: `${part}/${file}:${i + 1}`, source, input: body, readings: [] };
          out.push(last);
        } else if (line.startsWith('= ') && last) last.readings.push(body);
      });
    }
  }
  return out;
}

/** Words and pauses: "," a pause inside a sentence, "." the end of one (or of a paragraph). */
type Token = string;

function tokens(s: string): Token[] {
  const out: Token[] = [];
  const text = s.normalize('NFC').toLowerCase().replace(/\n\s*\n/g, ' . ');
  for (const m of text.matchAll(/[\p{L}\p{M}]+|[.!?]|[,;:…–—-]/gu)) {
    const t = /^[\p{L}\p{M}]/u.test(m[0]) ? m[0] : /[.!?]/.test(m[0]) ? '.' : ',';
    const prev = out[out.length - 1];
    if ((t === '.' || t === ',') && (prev === '.' || prev === ',' || prev === undefined)) {
      if (prev === ',' && t === '.') out[out.length - 1] = '.';
      continue;
    }
    out.push(t);
  }
  while (out.length && (out[out.length - 1] === '.' || out[out.length - 1] === ',')) out.pop();
  return out;
}

/** "{a|b} c" → ["a c", "b c"]; at most a few thousand variants. */
export function expandReading(reading: string): string[] {
  const m = /\{([^{}]*)\}/.exec(reading);
  if (!m) return [reading];
  const head = reading.slice(0, m.index);
  const tail = reading.slice(m.index + m[0].length);
  return m[1].split('|').flatMap((alt) => expandReading(`${head}${alt}${tail}`));
}

/**
 * Does the spoken form read as `reading`? The words must be the same; where the reading ends a
 * sentence the spoken form must too, where it pauses the spoken form must pause (a full stop will
 * do), and it may pause where the reading does not, but never end a sentence there.
 */
export function readsAs(spoken: string, reading: string): boolean {
  const a = tokens(spoken);
  const b = tokens(reading);
  let i = 0;
  let j = 0;
  for (;;) {
    const gapA = a[i] === '.' || a[i] === ',' ? a[i++] : '';
    const gapB = b[j] === '.' || b[j] === ',' ? b[j++] : '';
    if (gapB === '.' && gapA !== '.') return false;
    if (gapB === ',' && !gapA) return false;
    if (!gapB && gapA === '.') return false;
    if (i >= a.length || j >= b.length) return i >= a.length && j >= b.length;
    if (a[i++] !== b[j++]) return false;
  }
}

export function accepted(spoken: string, entry: Pick<CorpusEntry, 'readings'>): boolean {
  return entry.readings.some((r) => expandReading(r).some((x) => readsAs(spoken, x)));
}

export interface ErrorRate {
  sentences: number;
  wrong: number;
  /** Percent of sentences not read as any accepted reading. */
  pct: number;
  failures: Array<{ entry: CorpusEntry; spoken: string }>;
}

export function sentenceErrorRate(entries: readonly CorpusEntry[], speak: (input: string) => string): ErrorRate {
  const failures: ErrorRate['failures'] = [];
  for (const entry of entries) {
    const spoken = speak(entry.input);
    if (!accepted(spoken, entry)) failures.push({ entry, spoken });
  }
  const n = entries.length;
  return { sentences: n, wrong: failures.length, pct: n ? (100 * failures.length) / n : 0, failures };
}
