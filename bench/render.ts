/**
 * Render bench: a whole shared plan (text stage → spoken script) to broadcast-ready MP3, against a
 * naive pipeline run in the same process on the same script: espeak-ng once on the whole text,
 * then one ffmpeg pass of `loudnorm` (single pass, as most scripts do it) straight to MP3. Both
 * outputs are measured afterwards with the same ebur128 meter; the figures say whether each hit
 * −16 LUFS ±1 / ≤ −1 dBTP.
 *
 * Figures: render_realtime_factor (seconds of audio per second of work, ours), render_speedup_vs_naive
 * (naive time / ours), the measured loudness and true peak of both, render_cached_ms (re-render of
 * the unchanged bulletin).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureCommand } from '../src/audio/commands.js';
import { runFfmpeg, type FfmpegCommand } from '../src/audio/ffmpeg.js';
import { parseEbur128 } from '../src/audio/loudness.js';
import { createRenderer } from '../src/audio/render.js';
import { loadConfig } from '../src/config/index.js';
import { createVoices } from '../src/station/voices.js';
import { prepareScript } from '../src/text/index.js';
import type { Emit } from './run.js';

const PLAN = resolve(process.env.LOAPHUONG_SHARED_DIR ?? resolve(process.cwd(), '..', 'shared'), 'campaigns', 'gia-vien-ward-plan-2026.txt');

function espeakToFile(text: string, out: string): Promise<void> {
  return new Promise((res, rej) => {
    const p = spawn('espeak-ng', ['-v', 'vi', '-s', '150', '-p', '50', '--stdin', '-w', out], { stdio: ['pipe', 'ignore', 'inherit'] });
    p.on('error', rej);
    p.on('close', (code) => (code === 0 ? res() : rej(new Error(`espeak-ng exit ${code}`))));
    p.stdin.end(text);
  });
}

/** The naive second step: loudnorm's one-pass mode straight into the MP3 encoder. */
function naiveCommand(input: string, output: string): FfmpegCommand {
  return {
    label: 'naive loudnorm',
    inputs: [{ source: input, options: [] }],
    output,
    outputOptions: ['-af', 'loudnorm=I=-16:TP=-1:LRA=11', '-ar', '44100', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'],
  };
}

async function loudness(path: string) {
  const m = parseEbur128((await runFfmpeg(measureCommand(path))).stderr);
  return m ?? { integratedLufs: NaN, truePeakDb: NaN };
}

export async function run(emit: Emit): Promise<void> {
  const { spoken } = prepareScript(readFileSync(PLAN, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-render-'));
  try {
    const config = loadConfig({ env: { ...process.env, LOAPHUONG_DATA_DIR: join(dir, 'data') }, cwd: process.cwd() });
    const renderer = createRenderer(config, { voices: createVoices(config) });

    let t = performance.now();
    const ours = await renderer.render({ spoken, title: 'bench', format: 'mp3', voice: 'espeak' });
    const oursSec = (performance.now() - t) / 1000;

    const naiveMp3 = join(dir, 'naive.mp3');
    t = performance.now();
    await espeakToFile(spoken, join(dir, 'naive.wav'));
    await runFfmpeg(naiveCommand(join(dir, 'naive.wav'), naiveMp3));
    const naiveSec = (performance.now() - t) / 1000;

    t = performance.now();
    const cached = await renderer.render({ spoken, title: 'bench', format: 'mp3', voice: 'espeak' });
    const cachedMs = performance.now() - t;
    if (!cached.cacheHit) throw new Error('the second render was not a cache hit');

    const mOurs = await loudness(ours.path);
    const mNaive = await loudness(naiveMp3);
    process.stderr.write(`[bench] render: ${ours.durationSec.toFixed(0)} s of audio; ours ${oursSec.toFixed(2)} s, naive ${naiveSec.toFixed(2)} s\n`);
    emit('render_realtime_factor', ours.durationSec / oursSec, 'x');
    emit('render_speedup_vs_naive', naiveSec / oursSec, 'x');
    emit('render_lufs', mOurs.integratedLufs, 'LUFS');
    emit('render_true_peak', mOurs.truePeakDb, 'dBTP');
    emit('render_naive_lufs', mNaive.integratedLufs, 'LUFS');
    emit('render_naive_true_peak', mNaive.truePeakDb, 'dBTP');
    const hits = (m: { integratedLufs: number; truePeakDb: number }) => (Math.abs(m.integratedLufs + 16) <= 1 && m.truePeakDb <= -1 ? 1 : 0);
    emit('render_target_hit', hits(mOurs), 'bool');
    emit('render_naive_target_hit', hits(mNaive), 'bool');
    emit('render_cached_ms', cachedMs, 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
