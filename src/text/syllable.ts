/**
 * Is a word a well-formed Vietnamese syllable (onset + rhyme + at most one tone, stop finals only
 * with sắc or nặng)? The OCR guard counts these: text whose diacritics were destroyed by OCR
 * ("quyét", "ciia", "hoc") breaks the rules that real Vietnamese spelling always keeps.
 */

// Rhymes without tone, medial included (oa, uy, uyê …). Written as one string to keep the table short.
const RHYMES = new Set(
  `a ai ao au ay am an ang anh ap at ac ach
   ăm ăn ăng ăp ăt ăc âu ây âm ân âng âp ât âc
   e eo em en eng ep et ec ê êu êm ên ênh êp êt êch
   i ia iu im in inh ip it ich iêu iêm iên iêng iêp iêt iêc
   y yêu yêm yên yêt
   o oi om on ong op ot oc oong ooc
   ô ôi ôm ôn ông ôp ôt ôc ơ ơi ơm ơn ơp ơt
   u ua ui um un ung up ut uc uôi uôm uôn uông uôt uôc
   ư ưa ưi ưu ưm ưn ưng ưt ưc ươi ươu ươm ươn ương ươp ươt ươc
   oa oai oay oao oam oan oang oanh oap oat oac oach oăm oăn oăng oăt oăc
   oe oeo oen oet oem
   uê uêu uênh uêch uân uâng uât uây uy uya uyu uyn uynh uyp uyt uych uyên uyêt uơ`.split(/\s+/),
);

const ONSETS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'th', 'tr', 'qu', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];
const FRONT = /^[ieêy]/;
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const STOP_FINAL = /(p|t|c|ch)$/;

function onsetFits(onset: string, rhyme: string): boolean {
  switch (onset) {
    case 'c': return !FRONT.test(rhyme) && !/^u[yêâ]/.test(rhyme) && !/^o[aeă]/.test(rhyme);
    case 'k': return FRONT.test(rhyme);
    case 'gh': case 'ngh': return /^[ieê]/.test(rhyme);
    case 'g': return !/^[eêy]/.test(rhyme); // "gì", "gìn" keep g + i
    case 'ng': return !FRONT.test(rhyme);
    case 'qu': return !/^[uo]/.test(rhyme); // qu carries the medial: qua, quốc, quyết
    case 'gi': return !rhyme.startsWith('i');
    default: return true;
  }
}

/** Answers by word: a text repeats a few thousand syllables, and every word of it is asked about (typo rules). */
const known = new Map<string, boolean>();
const KNOWN_MAX = 20_000;

/** True when the word (letters only, any case, NFC or NFD) spells one Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  let yes = known.get(word);
  if (yes === undefined) {
    if (known.size >= KNOWN_MAX) known.clear(); // a huge paste of non-words must not grow it without bound
    yes = spellsSyllable(word);
    known.set(word, yes);
  }
  return yes;
}

function spellsSyllable(word: string): boolean {
  const lower = word.normalize('NFD').toLowerCase();
  const tones = lower.match(TONE_MARKS) ?? [];
  if (tones.length > 1) return false;
  const base = lower.replace(TONE_MARKS, '').normalize('NFC');
  if (!/^[a-zđăâêôơư]+$/.test(base) || base.length > 7) return false;
  const tone = tones[0];
  return ONSETS.some((onset) => {
    if (!base.startsWith(onset)) return false;
    const rhyme = base.slice(onset.length);
    if (!RHYMES.has(rhyme) || !onsetFits(onset, rhyme)) return false;
    return !STOP_FINAL.test(rhyme) || tone === '\u0301' || tone === '\u0323';
  });
}

/** Does the word carry a Vietnamese-only letter (ă â đ ê ô ơ ư) or a tone mark? */
export function hasDiacritic(word: string): boolean {
  return /[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]|đ/i.test(word.normalize('NFD'));
}
