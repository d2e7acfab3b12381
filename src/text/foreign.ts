/**
 * Words in Latin letters that are no Vietnamese ("Honda", "logistics", "Exciter"), respelled as the
 * Vietnamese syllables an announcer says for them ("hôn đa", "lô gít tích", "ếch xi tơ"), so the
 * voice reads a word instead of guessing at English spelling. Names the rules get wrong ("Hyundai",
 * "Diesel") are in the lexicon, which is looked up first.
 *
 * The rules follow how Vietnamese respells English loanwords: every consonant of an onset cluster
 * but the last is a syllable of its own ("Grab" → "gờ ráp", "smart" → "xờ mát"); d is đ, s is x, z is
 * d, f is ph, a soft c or g is x or gi; a final l is n, a final s is t (dropped after a consonant), a
 * final r goes; a syllable closed by a stop takes the sắc tone, as Vietnamese spelling requires. Every
 * syllable of the result is a well-formed Vietnamese syllable, or there is no result.
 */
import { isVietnameseSyllable } from './syllable.js';

/**
 * Units after the spelling pass: a letter a sound; capitals are long vowels and digraphs.
 * A = ây (make), E = i (feet), I = ai (bike), O = ô (home), U = u (moon), Y = ơ (-er), W = ao (out),
 * R = a (-ar), Q = o (-or, au), S = sh, C = ch, T = th, N = ng, K = qu, Z = a y-onset (Vietnamese d), D = tr.
 */
const VOWEL = /[aeiouAEIOUYWRQ]/;
const LONG: Record<string, string> = { A: 'ây', E: 'i', I: 'ai', O: 'ô', U: 'u', Y: 'ơ', W: 'ao', R: 'a', Q: 'o' };

function units(word: string): string {
  return word.toLowerCase()
    .replace(/air/g, 'e') // "Airblade", "fair": the vowel of "e"
    // A final silent e makes the vowel before one consonant long ("wave", "bike", "homes", "store").
    .replace(/([aeiou])([bcdfgklmnprstvz])es?$/, (_a, v: string, c: string) => ({ a: 'A', e: 'E', i: 'I', o: 'O', u: 'U' } as Record<string, string>)[v] + c)
    .replace(/(?:t|s)ion$/, 'SYn')
    .replace(/ph/g, 'f').replace(/ck/g, 'k').replace(/qu/g, 'K').replace(/wh/g, 'w').replace(/gh/g, 'g')
    .replace(/tr(?=[aeiou])/g, 'D') // "stream", "metro": tr is a Vietnamese onset
    .replace(/sh/g, 'S').replace(/ch/g, 'C').replace(/th/g, 'T')
    .replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k').replace(/g(?=[eiy])/g, 'j')
    .replace(/^x/, 's').replace(/x/g, 'ks')
    .replace(/ee|ea|ie(?![aeiou])/g, 'E').replace(/oo/g, 'U').replace(/ou|ow(?![aeiou])(?!$)/g, 'W').replace(/ow$/, 'O')
    .replace(/ay|ey|ei/g, 'A').replace(/oa/g, 'O').replace(/au|aw/g, 'Q').replace(/oy/g, 'oi').replace(/ew|ue$/g, 'U')
    .replace(/[eiu]r(?![aeiouy])/g, 'Y').replace(/ar(?![aeiouy])/g, 'R').replace(/or(?![aeiouy])/g, 'Q')
    .replace(/^y(?=[aeiou])/, 'Z').replace(/y/g, 'i')
    .replace(/ng(?![aeiouAEIOUYWRQ])/g, 'N')
    .replace(/([bdfgjklmnprstvz])\1/g, '$1');
}

const ONSET: Record<string, string> = {
  b: 'b', d: 'đ', f: 'ph', g: 'g', h: 'h', j: 'gi', k: 'c', l: 'l', m: 'm', n: 'n', p: 'p', r: 'r', s: 'x', t: 't', v: 'v',
  z: 'd', Z: 'd', S: 's', C: 'ch', T: 'th', N: 'ng', K: 'qu', D: 'tr', w: '',
};
/** Finals: stops stay stops, l is n, s is t; what Vietnamese cannot end on goes. */
const CODA: Record<string, string> = {
  p: 'p', b: 'p', f: 'p', v: 'p', t: 't', d: 't', T: 't', S: 't', C: 't', s: 't', z: 't', j: 't', k: 'c', g: 'c', K: 'c',
  m: 'm', n: 'n', N: 'ng', H: 'nh', l: 'n', r: '', h: '', w: '',
};
/** Word-final clusters as Vietnamese ends them ("-nk" → nh as in "banh", "-nt" → n, "-ks" → c). */
const FINAL_CLUSTER: Record<string, string> = { nk: 'H', nt: 'n', nd: 'n', ns: 'n', ms: 'm', st: 's', lt: 'l', ld: 'l', ks: 'k', kt: 'k', pt: 'p', ft: 'f', rt: 't', rd: 't', rk: 'k', rm: 'm', rn: 'n', rl: 'l', rs: 's', ls: 'l' };

/** The sắc tone on the vowel Vietnamese marks: the second of two before a final, else the first. */
function withSac(v: string, final: string): string {
  const vs = [...v];
  const at = vs.length > 1 && final ? 1 : 0;
  vs[at] = (vs[at] + '\u0301').normalize('NFC');
  return vs.join('');
}

/** One syllable from its onset unit, vowel unit and final unit, or undefined. */
function syllable(onset: string, vowel: string, coda: string): string | undefined {
  let first = ONSET[onset] ?? (onset === '' ? '' : undefined);
  let final = CODA[coda] ?? (coda === '' ? '' : undefined);
  if (first === undefined || final === undefined) return undefined;
  const stop = /^[ptc]$/.test(final);
  let v = LONG[vowel] ?? vowel;
  if (v === 'o' && !stop && final !== 'ng') v = 'ô'; // "Honda" → hôn, "logistics" → lô
  if (vowel === 'u' && final && final !== 'ng') v = 'ă'; // "topup" → …ắp, "fun" → phăn; a long U stays ("zoom" → dum)
  if (v === 'e' && final === 'c') v = 'ê'; // "ex" → ếch
  if (v === 'i' && final === 'ng') final = 'nh'; // "link" → linh
  if (final === 'nh' && !/^[aiê]$/.test(v)) final = 'ng'; // "bank" → banh, "pink" → pinh, "monk" → mông
  if ((v === 'i' || v === 'ê') && final === 'c') final = 'ch'; // "-tics" → tích
  if (/[iouy]$/.test(v) && v.length > 1 && final) final = stop ? '' : final; // "bike" → bai
  if (onset === 'w') v = /^[aăe]/.test(v) ? `o${v}` : v === 'i' ? 'uy' : `u${v}`;
  // Vietnamese writes c/k, g/gh, ng/ngh by the vowel that follows, and gi + i as gi.
  if (first === 'c' && /^[ieêy]/.test(v)) first = 'k';
  if (first === 'g' && /^[ieê]/.test(v)) first = 'gh';
  if (first === 'ng' && /^[ieê]/.test(v)) first = 'ngh';
  if (first === 'gi' && v.startsWith('i') && v.length > 1) v = v.slice(1);
  if (first === 'gi' && v === 'i') { first = 'g'; }
  const out = (first + (/^(?:[ptc]|ch)$/.test(final) ? withSac(v, final) : v) + final).normalize('NFC');
  return isVietnameseSyllable(out) ? out : undefined;
}

/** "ai", "oi" are one vowel; other vowel letters side by side are syllables of their own ("Noel"). */
function vowelsOf(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < run.length; i++) {
    const two = run.slice(i, i + 2);
    if (two === 'ai' || two === 'oi' || two === 'ui') { out.push(two === 'ui' ? 'uy' : two); i++; } else out.push(run[i]);
  }
  return out;
}

/**
 * The Vietnamese respelling of one word in Latin letters ("Honda" → "hôn đa"), lower case, its
 * syllables separated by spaces; undefined when the rules cannot make Vietnamese syllables of it.
 */
export function respell(word: string): string | undefined {
  if (!/^[A-Za-z]{2,24}$/.test(word)) return undefined;
  const u = units(word);
  // Consonant runs and vowel runs, in order.
  const runs = u.match(/[aeiouAEIOUYWRQ]+|[^aeiouAEIOUYWRQ]+/g) ?? [];
  const out: string[] = [];
  let onset = '';
  for (let i = 0; i < runs.length; i++) {
    if (!VOWEL.test(runs[i][0])) { onset = runs[i]; continue; }
    const vowels = vowelsOf(runs[i]);
    const after = runs[i + 1] ?? '';
    const wordEnd = i + 2 >= runs.length;
    let coda = '';
    let next = after;
    if (wordEnd) {
      // The last consonants close the word; a plural s after a consonant is not said.
      coda = after.length > 1 && after.endsWith('s') && !/ks$|[aeiou]s$/.test(after) ? after.slice(0, -1) : after;
      coda = coda.length > 1 ? (FINAL_CLUSTER[coda] ?? coda.slice(-1)) : coda;
      next = '';
    } else if (after.length > 1) {
      // Between vowels, of two consonants or more the first closes this syllable ("Hon-da").
      coda = after[0];
      next = after.slice(1);
    }
    for (const [k, vowel] of vowels.entries()) {
      const last = k === vowels.length - 1;
      const cluster = k === 0 ? [...onset] : [];
      for (const c of cluster.slice(0, -1)) {
        if (!ONSET[c] || c === 'w') return undefined;
        out.push(`${ONSET[c]}ờ`);
      }
      const s = syllable(cluster[cluster.length - 1] ?? '', vowel, last ? coda : '');
      if (!s) return undefined;
      out.push(s);
    }
    onset = next;
    if (wordEnd) break;
    i++;
  }
  return out.length ? out.join(' ') : undefined;
}
