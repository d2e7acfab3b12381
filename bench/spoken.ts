/**
 * The spoken form: sentence error rate on the corpus of real notices (`tests/text/fixtures/corpus`),
 * the whole and each part, beside a peer measured in the same run: a reader that only turns digits
 * into number words (what a TTS front-end without this normaliser does). Then the CPU time to
 * normalise the three shared plans (clean + spoken form), beside cleaning alone.
 *
 * Prints spoken_sentence_error_rate (%), …_dev, …_heldout, …_heldout2, …_blind3, …_blind4, …_blind5, …_blind6, …_blind7, …_blind8, …_peer_digits_only, and
 * spoken_plans_normalise_ms with spoken_plans_clean_only_ms (CPU ms, median of five).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText, readInteger, toSpokenForm } from '../src/text/index.js';
import type { Emit } from './run.js';
import { CORPUS_PARTS, loadCorpus, sentenceErrorRate } from './spoken-corpus.js';

const CAMPAIGNS = '/work/shared/campaigns';

/** The peer: digits to number words, symbols to spaces, nothing else. */
function digitsOnly(text: string): string {
  return cleanText(text).replace(/\d+/g, (n) => ` ${readInteger(n)} `).replace(/[^\p{L}\p{M}\s.,;:!?]/gu, ' ');
}

function cpuMs(f: () => unknown): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(emit: Emit): Promise<void> {
  const corpus = loadCorpus();
  const speak = (s: string) => toSpokenForm(cleanText(s));
  emit('spoken_sentence_error_rate', sentenceErrorRate(corpus, speak).pct, '%');
  for (const part of CORPUS_PARTS) {
    emit(`spoken_sentence_error_rate_${part}`, sentenceErrorRate(corpus.filter((e) => e.part === part), speak).pct, '%');
  }
  emit('spoken_sentence_error_rate_peer_digits_only', sentenceErrorRate(corpus, digitsOnly).pct, '%');

  const plans = readdirSync(CAMPAIGNS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(CAMPAIGNS, f), 'utf8'));
  const all = () => plans.forEach((p) => toSpokenForm(cleanText(p)));
  all(); // warm-up: compiles the rules
  emit('spoken_plans_normalise_ms', median([0, 1, 2, 3, 4].map(() => cpuMs(all))), 'ms');
  emit('spoken_plans_clean_only_ms', median([0, 1, 2, 3, 4].map(() => cpuMs(() => plans.forEach((p) => cleanText(p))))), 'ms');
}
