/**
 * Render bench: a whole shared plan (text stage → spoken script) to broadcast-ready MP3, against a
 * naive pipeline run in the same process on the same script: espeak-ng once on the whole text,
 * then one ffmpeg pass of `loudnorm` (single pass, as most scripts do it) straight to MP3. Both
 * outputs are measured afterwards with the same ebur128 meter; the figures say whether each hit
 * −16 LUFS ±1 / ≤ −1 dBTP.
 *
 * Figures:
 * - render_realtime_factor: seconds of audio per second of work (wall clock, ours);
 *   render_realtime_factor_cpu: the same per CPU second (this process and its children, from
 *   /proc/self/stat: less sensitive to other load on a shared machine); render_speedup_vs_naive.
 * - render_stage_<stage>_s and _cpu_s: where the time goes, stage by stage (the renderer reports
 *   each stage as it starts): synthesis (espeak-ng, both cores), voicing (the chain, with the
 *   integrated loudness measured in the same pass), trial (the gain/limit stage measured on a
 *   sample), encode (limiter, gain and codec, with the measure of the finished file running beside
 *   it), measure (what the measure still needed after the encoder ended), cache (probe and rename).
 * - render_notice_60s_ms: a 60-second khẩn cấp notice rendered from nothing (the render side of
 *   air-now latency), beside the bench's 775 s plan.
 * - render_mp3_reservoir0_cost_pct: LAME without the bit reservoir against with it, same input.
 * - the loudness and true peak of both pipelines, render_cached_ms (re-render of the unchanged bulletin).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureCommand } from '../src/audio/commands.js';
import { runFfmpeg, type FfmpegCommand } from '../src/audio/ffmpeg.js';
import { parseEbur128 } from '../src/audio/loudness.js';
import { createRenderer, estimateRenderSec, type Renderer } from '../src/audio/render.js';
import { loadConfig } from '../src/config/index.js';
import { createVoices } from '../src/station/voices.js';
import { prepareScript } from '../src/text/index.js';
import type { Emit } from './run.js';

const PLAN = resolve(process.env.LOAPHUONG_SHARED_DIR ?? resolve(process.cwd(), '..', 'shared'), 'campaigns', 'gia-vien-ward-plan-2026.txt');

/** A khẩn cấp notice of about 60 s at espeak-ng's pace (already in spoken form: no digits). */
const NOTICE = [
  'Thông báo khẩn cấp của Ủy ban nhân dân phường',
  'Bão số năm đang tiến gần bờ biển thành phố. Gió mạnh cấp mười, giật cấp mười hai. Đề nghị bà con ở khu vực ven biển và các hộ ở nhà tạm, nhà yếu di chuyển ngay đến nơi tránh trú an toàn tại trường tiểu học và nhà văn hóa tổ dân phố.',
  'Tàu thuyền tuyệt đối không ra khơi. Các hộ gia đình chằng chống nhà cửa, cắt điện khi có gió lớn, chuẩn bị lương thực, nước uống và đèn pin. Người già, trẻ em và phụ nữ có thai được ưu tiên sơ tán trước.',
  'Các trường học cho học sinh nghỉ học từ chiều nay. Các chợ, cửa hàng ven biển đóng cửa sớm. Lực lượng dân quân tự vệ và thanh niên tình nguyện có mặt tại trụ sở ủy ban trước mười bảy giờ để nhận nhiệm vụ.',
  'Mọi trường hợp cần hỗ trợ, bà con liên hệ ngay với tổ trưởng tổ dân phố hoặc lực lượng công an phường. Ủy ban nhân dân phường trân trọng thông báo.',
].join('\n\n');

/** CPU seconds of this process and of its children that have ended (utime, stime, cutime, cstime). */
function cpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

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

/** Bench names of the renderer's progress stages. */
const STAGE_NAMES: Record<string, string> = { speech: 'synthesis', voicing: 'voicing', trial: 'trial', encode: 'encode', measure: 'measure', cache: 'cache' };

/** One render, timed stage by stage (wall and CPU between the first progress report of each stage). */
async function timedRender(renderer: Renderer, spoken: string) {
  const marks: Array<{ stage: string; at: number; cpu: number }> = [];
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const result = await renderer.render({
    spoken, title: 'bench', format: 'mp3', voice: 'espeak',
    onProgress: (p) => {
      if (marks.at(-1)?.stage !== p.stage) marks.push({ stage: p.stage, at: performance.now(), cpu: cpuSeconds() });
    },
  });
  const end = { stage: 'end', at: performance.now(), cpu: cpuSeconds() };
  const stages = marks.slice(0, -1).map((m, i) => {
    const next = marks[i + 1] ?? end;
    return { name: STAGE_NAMES[m.stage] ?? m.stage, wall: (next.at - m.at) / 1000, cpu: next.cpu - m.cpu };
  });
  return { result, wallSec: (end.at - t0) / 1000, cpuSec: end.cpu - c0, stages };
}

/** CPU seconds of one LAME encode of `input` (s16 WAV) with or without the bit reservoir. */
async function lameCpu(input: string, reservoir: boolean): Promise<number> {
  const c = cpuSeconds();
  await runFfmpeg({ label: 'bench lame', inputs: [{ source: input, options: [] }], output: '/dev/null', outputOptions: ['-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', '-reservoir', reservoir ? '1' : '0', '-f', 'mp3'] });
  return cpuSeconds() - c;
}

export async function run(emit: Emit): Promise<void> {
  const { spoken } = prepareScript(readFileSync(PLAN, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-render-'));
  try {
    const config = loadConfig({ env: { ...process.env, LOAPHUONG_DATA_DIR: join(dir, 'data') }, cwd: process.cwd() });
    const renderer = createRenderer(config, { voices: createVoices(config) });

    // Warm-up, as a running station's render worker is: the first ffmpeg of a process also runs
    // fluent-ffmpeg's capability checks, and a bulletin voiced before lets the trial of the next run
    // beside its voicing (the first bulletin after a start trials after it: +0.6 s on this plan).
    await renderer.render({ spoken: spoken.split('\n\n').slice(0, 4).join('\n\n'), title: 'warm-up', format: 'mp3', voice: 'espeak' });

    const ours = await timedRender(renderer, spoken);

    const naiveMp3 = join(dir, 'naive.mp3');
    const naiveCpu0 = cpuSeconds();
    let t = performance.now();
    await espeakToFile(spoken, join(dir, 'naive.wav'));
    await runFfmpeg(naiveCommand(join(dir, 'naive.wav'), naiveMp3));
    const naiveSec = (performance.now() - t) / 1000;
    const naiveCpu = cpuSeconds() - naiveCpu0;

    t = performance.now();
    const cached = await renderer.render({ spoken, title: 'bench', format: 'mp3', voice: 'espeak' });
    const cachedMs = performance.now() - t;
    if (!cached.cacheHit) throw new Error('the second render was not a cache hit');

    const notice = await timedRender(renderer, NOTICE);

    const mOurs = await loudness(ours.result.path);
    const mNaive = await loudness(naiveMp3);
    const audio = ours.result.durationSec;
    process.stderr.write(`[bench] render: ${audio.toFixed(0)} s of audio; ours ${ours.wallSec.toFixed(2)} s (${ours.cpuSec.toFixed(2)} s CPU), naive ${naiveSec.toFixed(2)} s (${naiveCpu.toFixed(2)} s CPU)\n`);
    emit('render_realtime_factor', audio / ours.wallSec, 'x');
    emit('render_realtime_factor_cpu', audio / ours.cpuSec, 'x');
    emit('render_naive_realtime_factor_cpu', audio / naiveCpu, 'x');
    emit('render_speedup_vs_naive', naiveSec / ours.wallSec, 'x');
    for (const s of ours.stages) {
      emit(`render_stage_${s.name}_s`, s.wall, 's');
      emit(`render_stage_${s.name}_cpu_s`, s.cpu, 's');
    }
    emit('render_lufs', mOurs.integratedLufs, 'LUFS');
    emit('render_true_peak', mOurs.truePeakDb, 'dBTP');
    emit('render_naive_lufs', mNaive.integratedLufs, 'LUFS');
    emit('render_naive_true_peak', mNaive.truePeakDb, 'dBTP');
    const hits = (m: { integratedLufs: number; truePeakDb: number }) => (Math.abs(m.integratedLufs + 16) <= 1 && m.truePeakDb <= -1 ? 1 : 0);
    emit('render_target_hit', hits(mOurs), 'bool');
    emit('render_naive_target_hit', hits(mNaive), 'bool');
    emit('render_cached_ms', cachedMs, 'ms');
    emit('render_notice_60s_audio_s', notice.result.durationSec, 's');
    emit('render_notice_60s_ms', notice.wallSec * 1000, 'ms');
    emit('render_notice_60s_cpu_ms', notice.cpuSec * 1000, 'ms');
    // What the air-now confirmation page tells the operator for this length, beside what it took.
    emit('render_notice_60s_estimate_ms', estimateRenderSec(notice.result.durationSec) * 1000, 'ms');
    emit('render_estimate_775s_s', estimateRenderSec(audio), 's');

    // The playout channel paces frames: each must stand alone. What dropping the reservoir costs LAME.
    const wav = join(dir, 'naive.wav');
    const withReservoir = await lameCpu(wav, true);
    const without = await lameCpu(wav, false);
    emit('render_mp3_reservoir0_cost_pct', (without / withReservoir - 1) * 100, '%');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
