/**
 * The abbreviation lexicon: how the voice says what a notice writes in short. Built-in entries
 * (`abbreviations.ts`) are the defaults; `<dataDir>/lexicon.txt` ("UBND = ủy ban nhân dân" per line,
 * # comments) overrides and extends them. Keys match case-sensitively as whole tokens ("TTg" ≠
 * "TTG"). A key the ward's file sets reads the same everywhere: the built-in context rules (CP after
 * "Công ty", ĐT before a number…) and code readings (CĐ in "153/CĐ-TTg") apply only to keys it leaves alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LpError } from '../errors.js';
import { CODE_PARTS, CONTEXT_RULES, WORDS, type ContextRule } from './abbreviations.js';

export type Lexicon = ReadonlyMap<string, string>;

/**
 * The built-in table, with each "&" key also written with a dash ("NN&PTNT", "NN-PTNT"; "TT&TT",
 * "TT-TT"): notices write both for the same body.
 */
const BUILT_IN: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = { ...WORDS };
  for (const [k, v] of Object.entries(WORDS)) if (k.includes('&') && !(k.replace(/&/g, '-') in out)) out[k.replace(/&/g, '-')] = v;
  return out;
})();

/** Is `key` read as the built-in table reads it (not overridden by the ward's lexicon)? */
const builtIn = (lex: Lexicon, key: string) => lex.get(key) === BUILT_IN[key];

/** The reading of a part of a document code ("CĐ" in "153/CĐ-TTg" is a dispatch, not a college). */
export function codePartReading(lex: Lexicon, part: string): string | undefined {
  const own = lex.get(part);
  if (own !== undefined && !builtIn(lex, part)) return own;
  return CODE_PARTS[part] ?? own;
}

/** The built-in rules for `key` that the lexicon leaves in force. */
export function contextRules(lex: Lexicon, key: string): readonly ContextRule[] {
  if (lex.has(key) && !builtIn(lex, key)) return [];
  return RULES_BY_KEY.get(key) ?? [];
}

const RULES_BY_KEY = new Map<string, ContextRule[]>();
for (const r of CONTEXT_RULES) RULES_BY_KEY.set(r.key, [...(RULES_BY_KEY.get(r.key) ?? []), r]);

/** "(NVQS)", "(CPĐT)": an abbreviation in parentheses, which the words before it may define. */
const DEFINED = /\(\s*(\p{Lu}{2,8})\s*\)/gu;
/** A letter without its marks, upper case ("ủ" → "U"; "Đ" stays itself). */
const baseLetter = (ch: string) => ch.normalize('NFD')[0].toUpperCase();

/** The words ending `before` whose initials spell `abbr` ("và" may stand between them), or undefined. */
function definition(abbr: string, before: string): string | undefined {
  const letters = [...abbr].map(baseLetter);
  // Only the words just before count: a full stop or a colon ends the search, and so does a comma
  // before the parenthesis; a comma may stand inside the definition ("Ban Chỉ đạo phòng, chống …").
  if (/,\s*$/.test(before)) return undefined;
  const words = (before.split(/[;:.!?()]/).pop() ?? '').trim().split(/[\s,]+/).filter(Boolean);
  let j = letters.length - 1;
  for (let i = words.length - 1; i >= 0; i--) {
    if (!/^\p{L}+$/u.test(words[i])) return undefined;
    if (baseLetter(words[i][0]) === letters[j]) {
      if (--j < 0) return words.slice(i).join(' ');
    } else if (words[i].toLowerCase() !== 'và') return undefined;
  }
  return undefined;
}

/**
 * The lexicon with the abbreviations `text` defines itself: "Hội đồng nghĩa vụ quân sự (NVQS)" makes
 * every "NVQS" of the text read "nghĩa vụ quân sự", as an announcer reads it. A reading the ward's
 * lexicon sets stays. Linear: each definition looks back a bounded stretch.
 */
export function withDefinitions(text: string, lex: Lexicon): Lexicon {
  let out: Map<string, string> | undefined;
  for (const m of text.matchAll(DEFINED)) {
    const abbr = m[1];
    if ((lex.has(abbr) && !builtIn(lex, abbr)) || out?.has(abbr)) continue;
    const said = definition(abbr, text.slice(Math.max(0, (m.index ?? 0) - 160), m.index));
    if (said) (out ??= new Map(lex)).set(abbr, said);
  }
  return out ?? lex;
}

/** Parses lexicon file text; a malformed line → LP_ERR_LEXICON_INVALID naming the line. */
export function parseLexicon(text: string, source = 'lexicon.txt'): Map<string, string> {
  const out = new Map<string, string>();
  text.normalize('NFC').split(/\r?\n/).forEach((line, i) => {
    const body = line.replace(/(^|\s)#.*$/, '').trim();
    if (!body) return;
    const eq = body.indexOf('=');
    const key = eq > 0 ? body.slice(0, eq).trim() : '';
    const value = eq > 0 ? body.slice(eq + 1).trim() : '';
    if (!key || !value || /\s/.test(key) || /\d/.test(value)) {
      throw new LpError('LP_ERR_LEXICON_INVALID', `${source} dòng ${i + 1}: "${line.trim().slice(0, 80)}"`);
    }
    out.set(key, value);
  });
  return out;
}

/** Built-in entries, overridden and extended by `<dataDir>/lexicon.txt` when it exists. */
export function loadLexicon(dataDir?: string): Lexicon {
  const lex = new Map(Object.entries(BUILT_IN));
  if (!dataDir) return lex;
  const path = join(dataDir, 'lexicon.txt');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return lex;
    throw new LpError('LP_ERR_LEXICON_INVALID', `${path}: ${(e as Error).message}`);
  }
  for (const [k, v] of parseLexicon(text, path)) lex.set(k, v);
  return lex;
}

/** The built-in lexicon alone (what `toSpokenForm` uses when none is given). */
export const DEFAULT_LEXICON: Lexicon = new Map(Object.entries(BUILT_IN));
