/**
 * Pure: spoken-form script → chunks a voice accepts in one call, cut at sentence boundaries (then
 * clause, then word boundaries for a run-on sentence), never across a paragraph, each with the
 * pause that follows it. Sizes are UTF-8 bytes of the NFC text, as Google counts them.
 */
import { isHeading } from '../text/heading.js';

export interface Chunk {
  /** NFC text, one line. */
  readonly text: string;
  /** Index of the paragraph the chunk belongs to. */
  readonly paragraph: number;
  /** Silence after this chunk, ms: longer after a heading or paragraph, none after the last. */
  readonly pauseAfterMs: number;
}

export interface ChunkOptions {
  /** Largest chunk in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Between two chunks of one paragraph (they end on a sentence). @default 250 */
  readonly sentencePauseMs?: number;
  /** Between two chunks cut inside a run-on sentence. @default 120 */
  readonly clausePauseMs?: number;
  /** After a paragraph. @default 700 */
  readonly paragraphPauseMs?: number;
  /** After a heading (a short paragraph with no closing punctuation). @default 1000 */
  readonly headingPauseMs?: number;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

// The one heading rule lives with the text stage, which makes the paragraphs.
export { isHeading } from '../text/heading.js';

export function splitSentences(paragraph: string): string[] {
  return (paragraph.match(/[^.!?…]+(?:[.!?…]+["”’)]*|$)/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

/** Cuts one over-long piece at the last separator that fits, else at a word, else inside a word. */
function splitLong(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (bytes(rest) > maxBytes) {
    // The longest prefix (in whole code points) that fits.
    let fit = '';
    for (const ch of rest) {
      if (bytes(fit) + bytes(ch) > maxBytes) break;
      fit += ch;
    }
    const clause = Math.max(fit.lastIndexOf(', '), fit.lastIndexOf('; '), fit.lastIndexOf(': '));
    const space = fit.lastIndexOf(' ');
    const cut = clause > 0 ? clause + 1 : space > 0 ? space : fit.length;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

export function chunkScript(spoken: string, opts: ChunkOptions): Chunk[] {
  const sentencePause = opts.sentencePauseMs ?? 250;
  const clausePause = opts.clausePauseMs ?? 120;
  const paragraphPause = opts.paragraphPauseMs ?? 700;
  const headingPause = opts.headingPauseMs ?? 1000;
  if (opts.maxBytes < 8) throw new RangeError(`maxBytes ${opts.maxBytes} quá nhỏ`);
  const paragraphs = spoken
    .normalize('NFC')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const chunks: Chunk[] = [];
  paragraphs.forEach((para, pi) => {
    // Pieces: sentences, with run-on sentences cut further (flagged so the pause is shorter).
    const pieces: Array<{ text: string; clause: boolean }> = [];
    for (const s of splitSentences(para)) {
      const parts = splitLong(s, opts.maxBytes);
      parts.forEach((t, i) => pieces.push({ text: t, clause: i < parts.length - 1 }));
    }
    let cur = '';
    let curClause = false;
    const flush = () => {
      if (cur) chunks.push({ text: cur, paragraph: pi, pauseAfterMs: curClause ? clausePause : sentencePause });
      cur = '';
    };
    for (const p of pieces) {
      if (cur && bytes(cur) + 1 + bytes(p.text) > opts.maxBytes) flush();
      cur = cur ? `${cur} ${p.text}` : p.text;
      curClause = p.clause;
    }
    flush();
    const last = chunks[chunks.length - 1];
    const pause = pi === paragraphs.length - 1 ? 0 : isHeading(para) ? headingPause : paragraphPause;
    chunks[chunks.length - 1] = { ...last, pauseAfterMs: pause };
  });
  return chunks;
}
