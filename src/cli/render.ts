/**
 * `loaphuong render FILE -o OUT.mp3 [--voice espeak|google] [--profile NAME] [--format mp3|wav|ogg]
 * [--intro|--outro|--bed builtin|none|FILE] [--json] [--force]`: one plan (text, .docx, PDF, scan) → broadcast-ready audio (intro chime, speech, outro) at the
 * loudness target. Suspect text (OCR damage) stops with exit 3 unless --force. Progress on stderr.
 */
import { copyFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { createRenderer } from '../audio/render.js';
import { fsError } from '../audio/cache.js';
import { loadConfig } from '../config/index.js';
import { LpError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { VOICE_IDS, type VoiceId } from '../speech/port.js';
import { scanAdvice } from '../documents/index.js';
import { checkAirable } from '../station/prepare.js';
import { createVoices } from '../station/voices.js';
import { loadLexicon, prepareScript } from '../text/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';
import { readCliDocument } from './document-input.js';

const USAGE = 'render FILE -o OUT.mp3 [--voice espeak|google] [--profile NAME] [--format mp3|wav|ogg] [--intro|--outro|--bed builtin|none|FILE] [--json] [--force]';

/** The words schedule files use for jingles and the bed: `builtin`, `none`, or an audio file. */
function soundFlag(value: string | undefined, cwd: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  return value === 'builtin' ? value : resolve(cwd, value);
}
const FORMATS = ['mp3', 'wav', 'ogg'] as const;

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    output: { type: 'string', short: 'o' },
    voice: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    intro: { type: 'string' },
    outro: { type: 'string' },
    bed: { type: 'string' },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length || !values.output) throw new LpError('LP_ERR_USAGE', USAGE);
  if (values.voice !== undefined && !VOICE_IDS.includes(values.voice as VoiceId)) throw new LpError('LP_ERR_TTS_UNKNOWN_VOICE', values.voice);
  const out = resolve(ctx.cwd, values.output);
  // The format follows --format, else the output's extension (none: the profile's format).
  const ext = extname(out).slice(1).toLowerCase();
  const byExt: Record<string, (typeof FORMATS)[number]> = { mp3: 'mp3', wav: 'wav', ogg: 'ogg', opus: 'ogg', oga: 'ogg' };
  if (!values.format && ext && !byExt[ext]) throw new LpError('LP_ERR_USAGE', `không ghi được định dạng ".${ext}"; dùng .mp3, .wav hoặc .ogg (hoặc --format)`);
  const format = (values.format ?? byExt[ext]) as (typeof FORMATS)[number] | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new LpError('LP_ERR_USAGE', `--format phải là mp3, wav hoặc ogg, không phải "${format}"`);

  const config = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  const doc = await readCliDocument(ctx, file);
  const { spoken, quality } = prepareScript(doc.text, { lexicon: loadLexicon(config.dataDir) });
  checkAirable({ spoken, quality }, file, { force: values.force, advice: scanAdvice(doc), hint: 'thêm --force để vẫn đọc' });

  const started = Date.now();
  let lastShown = -1;
  const result = await createRenderer(config, { voices: createVoices(config) }).render({
    spoken,
    title: basename(file),
    voice: values.voice as VoiceId | undefined,
    profileName: values.profile,
    format,
    intro: soundFlag(values.intro, ctx.cwd),
    outro: soundFlag(values.outro, ctx.cwd),
    bed: soundFlag(values.bed, ctx.cwd),
    onProgress: ({ stage, fraction }) => {
      const pct = Math.floor(fraction * 100);
      if (pct === lastShown) return;
      lastShown = pct;
      ctx.stderr.write(`\r[render] ${String(pct).padStart(3)}% ${stage.padEnd(8)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  });
  if (lastShown >= 0) ctx.stderr.write('\n');

  // OUT is either the old file or the whole new one.
  try {
    writeFileAtomic(out, (tmp) => copyFileSync(result.path, tmp));
  } catch (e) {
    throw fsError(e, out);
  }
  if (values.json) ctx.stdout.write(`${JSON.stringify({ ...result, output: out }, null, 2)}\n`);
  else {
    const voice = result.voiceUsed === (values.voice ?? config.tts) ? result.voiceUsed : `${result.voiceUsed} (thay cho ${values.voice ?? config.tts})`;
    ctx.stdout.write(`${out}: ${result.durationSec.toFixed(1)} s, ${result.integratedLufs} LUFS, ${result.truePeakDb} dBTP, giọng ${voice}${result.cacheHit ? ', lấy từ bộ nhớ đệm' : ''}\n`);
  }
  return 0;
}
