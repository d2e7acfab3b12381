/**
 * `loaphuong text clean|speak|split|check FILE [--json]`: the text stage on one file (any kind the
 * documents stage reads: text, .docx, PDF, a scan or a photo).
 * `check` exits 3 when the text looks like OCR damage (the coded warning goes to stderr).
 */
import { loadConfig } from '../config/index.js';
import { scanAdvice } from '../documents/index.js';
import { LpError } from '../errors.js';
import { checkQuality, cleanText, inspectSpoken, loadLexicon, splitBulletins, toSpokenForm, type SpokenNote } from '../text/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';
import { readCliDocument } from './document-input.js';

const USAGE = 'text clean|speak|split|check FILE [--json] [--dialect bac|nam]';

const NOTE_HEADINGS: Record<SpokenNote['kind'], string> = {
  spelled: 'Giọng đọc sẽ đánh vần từng chữ cái',
  letter: 'Chữ cái đứng riêng, đọc theo tên chữ',
  leftover: 'Từ giọng đọc tiếng Việt khó đọc đúng',
  typo: 'Nghi gõ nhầm, nên sửa trước khi phát',
};

/** The spoken-form findings for a person: grouped by kind, each with its paragraph and reading. */
function spokenReport(notes: readonly SpokenNote[]): string {
  if (!notes.length) return 'Dạng đọc: không có từ nào bị đánh vần hay đọc sót.';
  const lines = ['Dạng đọc (thêm dòng "VIẾT TẮT = cách đọc" vào data/lexicon.txt để sửa):'];
  for (const kind of ['spelled', 'letter', 'leftover', 'typo'] as const) {
    const these = notes.filter((n) => n.kind === kind);
    if (!these.length) continue;
    lines.push(`  ${NOTE_HEADINGS[kind]}:`);
    for (const n of these) lines.push(`    đoạn ${n.paragraph}: ${n.text}${n.reading !== n.text.toLowerCase() ? ` → ${n.reading}` : ''}`);
  }
  return lines.join('\n');
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    json: { type: 'boolean', default: false },
    dialect: { type: 'string' },
  });
  const [sub, file, ...extra] = positionals;
  if (!sub || !['clean', 'speak', 'split', 'check'].includes(sub) || !file || extra.length) {
    throw new LpError('LP_ERR_USAGE', USAGE);
  }
  if (values.dialect !== undefined && values.dialect !== 'bac' && values.dialect !== 'nam') {
    throw new LpError('LP_ERR_USAGE', `--dialect phải là bac hoặc nam, không phải "${values.dialect}"`);
  }
  const dialect = values.dialect as 'bac' | 'nam' | undefined;
  const doc = await readCliDocument(ctx, file);
  const clean = cleanText(doc.text);
  const out = (s: string) => ctx.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

  if (sub === 'check') {
    const report = checkQuality(clean);
    // What the voice will do with it: words it spells, lone letters, leftovers, by paragraph.
    const inspection = inspectSpoken(clean, { lexicon: loadLexicon(loadConfig({ env: ctx.env, cwd: ctx.cwd }).dataDir), dialect });
    if (values.json) out(JSON.stringify({ ...report, spokenNotes: inspection.notes, spokenWarnings: inspection.warnings }, null, 2));
    else {
      out(`Điểm chính tả: ${report.score} (${report.syllables} âm tiết)${report.badSamples.length ? `; ví dụ lỗi: ${report.badSamples.join(', ')}` : ''}`);
      out(spokenReport(inspection.notes));
    }
    for (const w of inspection.warnings) ctx.stderr.write(`${new LpError(w.code, `${file}: ${w.message}`).toLine()}\n`);
    if (!report.suspect) return 0;
    const advice = scanAdvice(doc);
    const warning = new LpError('LP_ERR_TEXT_SUSPECT', `${file}: ${report.warnings[0]?.message ?? ''}${advice ? `; ${advice}` : ''}`, { exitCode: 3 });
    ctx.stderr.write(`${warning.toLine()}\n`);
    return 3;
  }
  if (!clean) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', file);
  if (sub === 'clean') {
    out(clean);
    return 0;
  }
  const lexicon = loadLexicon(loadConfig({ env: ctx.env, cwd: ctx.cwd }).dataDir);
  if (sub === 'speak') {
    const spoken = toSpokenForm(clean, { lexicon, dialect });
    if (!spoken) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', file);
    out(spoken);
    return 0;
  }
  const bulletins = splitBulletins(clean, { lexicon });
  if (values.json) out(JSON.stringify(bulletins, null, 2));
  else {
    bulletins.forEach((b, i) => out(`## ${i + 1}. ${b.title} (~${Math.round(b.estimatedSeconds)} giây)\n\n${b.text}\n`));
  }
  return 0;
}
