/**
 * The render pipeline for real: espeak-ng, ffmpeg, the committed jingles, a temp data dir. Each
 * finished file is measured again here, independently of what the renderer reports.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey, fsError, hashFile, RenderCache } from '../../src/audio/cache.js';
import { measureCommand } from '../../src/audio/commands.js';
import { probe, runFfmpeg } from '../../src/audio/ffmpeg.js';
import { builtinJingleDir } from '../../src/audio/jingles.js';
import { parseEbur128 } from '../../src/audio/loudness.js';
import { createRenderer, type RendererOptions, type RenderResult, type Voices } from '../../src/audio/render.js';
import { loadConfig } from '../../src/config/index.js';
import { createEspeakTts } from '../../src/speech/espeak.js';
import { createGoogleTts } from '../../src/speech/google.js';
import { prepareItem } from '../../src/station/prepare.js';
import { createVoices } from '../../src/station/voices.js';
import { DEFAULT_LEXICON } from '../../src/text/index.js';
import { startFakeGoogle, type FakeGoogle } from '../speech/fake-google.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SPOKEN = [
  'Thông báo của Ủy ban nhân dân phường Gia Viên',
  'Thực hiện kế hoạch tuyên truyền về chuyển đổi số, phường tổ chức tập huấn cho người dân vào sáng thứ bảy tuần này. Mời bà con mang theo điện thoại thông minh.',
  'Địa điểm tại nhà văn hóa tổ dân phố số bốn. Trân trọng thông báo.',
].join('\n\n');

let dir: string;
let hardwareDir: string;
const config = (extra: Record<string, string> = {}) => loadConfig({ env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), LOAPHUONG_HARDWARE_DIR: hardwareDir, ...extra }, cwd: ROOT });

/** MPEG-1 Layer III frame headers of a file from its first byte: [bitrate kbit/s, sample rate, frame bytes]. */
function mp3Frames(buf: Buffer): Array<[number, number, number]> {
  const KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  const RATES = [44100, 48000, 32000];
  const frames: Array<[number, number, number]> = [];
  for (let at = 0; at + 4 <= buf.length; ) {
    // Sync, MPEG-1, Layer III: anything else (an ID3 tag, junk) ends the walk.
    if (buf[at] !== 0xff || (buf[at + 1] & 0xfe) !== 0xfa) break;
    const kbps = KBPS[buf[at + 2] >> 4];
    const rate = RATES[(buf[at + 2] >> 2) & 3];
    const bytes = Math.floor((144000 * kbps) / rate) + ((buf[at + 2] >> 1) & 1);
    frames.push([kbps, rate, bytes]);
    at += bytes;
  }
  return frames;
}

/** A renderer with the station's voices unless a test brings its own. */
const renderer = (cfg = config(), opts: Omit<Partial<RendererOptions>, 'voices'> & { voices?: Partial<Voices> } = {}) => createRenderer(cfg, { ...opts, voices: { ...createVoices(cfg), ...opts.voices } });

async function measure(path: string) {
  const m = parseEbur128((await runFfmpeg(measureCommand(path))).stderr);
  if (!m) throw new Error('no measurement');
  return m;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-render-test-'));
  hardwareDir = join(dir, 'hardware');
  mkdirSync(hardwareDir);
  copyFileSync(join(ROOT, 'hardware', 'none.yaml'), join(hardwareDir, 'none.yaml'));
  // A broadcast feed: EBU R128 level, WAV at 48 kHz stereo, no compressor.
  writeFileSync(join(hardwareDir, 'broadcast.yaml'), 'name: broadcast\naudio:\n  highpassHz: 80\n  lowpassHz: 15000\n  compress: false\n  targetLufs: -23\n  truePeakDb: -2\n  format: wav\n  sampleRate: 48000\n  channels: 2\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('render', () => {
  let first: RenderResult;

  it('intro + speech + outro, at −16 LUFS ±1 and true peak ≤ −1 dBTP, as MP3 in the cache', async () => {
    const stages = new Set<string>();
    let last = 0;
    let monotonic = true;
    first = await renderer().render({
      spoken: SPOKEN,
      title: 'thong-bao',
      onProgress: (p) => {
        stages.add(p.stage);
        if (p.fraction + 1e-9 < last) monotonic = false;
        last = p.fraction;
      },
    });
    expect(first.cacheHit).toBe(false);
    expect(first.voiceUsed).toBe('espeak');
    expect(first.format).toBe('mp3');
    expect(first.path.startsWith(join(dir, 'data', 'render-cache'))).toBe(true);
    const facts = await probe(first.path);
    expect(facts.codec).toBe('mp3');
    expect(facts.sampleRate).toBe(44100);
    expect(facts.channels).toBe(1);
    // Nothing but constant-bitrate frames at the profile's rate, from the first byte to the last:
    // playout paces and splices them one by one (no ID3 tag, no Xing/LAME header frame).
    const bytes = readFileSync(first.path);
    const frames = mp3Frames(bytes);
    expect(frames.length).toBeGreaterThan(100);
    expect(frames.reduce((n, f) => n + f[2], 0)).toBe(bytes.length);
    expect(new Set(frames.map(([kbps, rate]) => `${kbps}/${rate}`))).toEqual(new Set(['64/44100']));
    expect(bytes.subarray(0, 400).toString('latin1')).not.toMatch(/Xing|Info|LAME/);
    const intro = await probe(join(builtinJingleDir(), 'intro.wav'));
    const outro = await probe(join(builtinJingleDir(), 'outro.wav'));
    // Longer than both jingles plus the words, which take well over five seconds here.
    expect(facts.durationSec).toBeGreaterThan(intro.durationSec + outro.durationSec + 5);
    expect(first.durationSec).toBeCloseTo(facts.durationSec, 1);
    const m = await measure(first.path);
    expect(Math.abs(m.integratedLufs + 16)).toBeLessThanOrEqual(1);
    expect(m.truePeakDb).toBeLessThanOrEqual(-1);
    expect(first.integratedLufs).toBeCloseTo(m.integratedLufs, 1);
    expect(first.truePeakDb).toBeCloseTo(m.truePeakDb, 1);
    expect([...stages]).toEqual(expect.arrayContaining(['speech', 'voicing', 'encode', 'measure']));
    expect(monotonic).toBe(true);
    expect(last).toBe(1);
  });

  it('the intro chime opens the file and the paragraph break is a real pause', async () => {
    const wav = join(dir, 'check.wav');
    await runFfmpeg({ label: 'test decode', inputs: [{ source: first.path, options: [] }], output: wav, outputOptions: ['-af', 'silencedetect=noise=-45dB:d=0.5', '-f', 'wav'] }).then((r) => {
      const silences = [...r.stderr.matchAll(/silence_duration: ([\d.]+)/g)].map((x) => Number(x[1]));
      // At least the heading pause and the paragraph pause.
      expect(silences.filter((s) => s >= 0.5).length).toBeGreaterThanOrEqual(2);
    });
    // The first second is the chime: a clear tone, not speech-level silence.
    const head = parseEbur128((await runFfmpeg({ label: 'test head', inputs: [{ source: first.path, options: ['-t', '1.5'] }], output: '/dev/null', outputOptions: ['-af', 'ebur128=framelog=verbose', '-f', 'null'] })).stderr);
    expect(head!.integratedLufs).toBeGreaterThan(-30);
  });

  it('an unchanged bulletin is a cache hit, also after a restart (a new renderer)', async () => {
    // A hit does no work: no voice is asked to speak, no stage but the cache lookup runs.
    const espeak = createEspeakTts(config().espeak);
    let spoke = 0;
    const counting = { ...espeak, synthesize: (text: string) => (spoke++, espeak.synthesize(text)) };
    const stages: string[] = [];
    const again = await renderer(config(), { voices: { espeak: counting } }).render({ spoken: SPOKEN, title: 'thong-bao', onProgress: (p) => stages.push(p.stage) });
    expect(spoke).toBe(0);
    expect(stages).toEqual(['cache']);
    expect(again).toEqual({ ...first, cacheHit: true });
    // Any change to what shapes the sound is a new render.
    const other = await renderer().render({ spoken: SPOKEN, title: 'x', intro: null, outro: null });
    expect(other.contentHash).not.toBe(first.contentHash);
    expect(other.durationSec).toBeLessThan(first.durationSec - 3);
  });

  it('a second bulletin of the same voice and profile is trialled beside its voicing, and lands on the target too', async () => {
    const r = renderer();
    await r.render({ spoken: `${SPOKEN}\n\nBản tin thứ nhất.`, title: 'mot' });
    const long = Array.from({ length: 8 }, (_, i) => `${SPOKEN}\n\nĐoạn ${['một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám'][i]} của bản tin thứ hai.`).join('\n\n');
    const trialsDuringVoicing = new Set<string>();
    const second = await r.render({
      spoken: long, title: 'hai',
      onProgress: (p) => {
        if (p.stage !== 'voicing' || p.fraction <= 0.2) return;
        // The trial's meters name themselves on its command line.
        const found = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'ametadata@plain'], { encoding: 'utf8' }).stdout.trim();
        if (found) trialsDuringVoicing.add(found);
      },
    });
    expect(trialsDuringVoicing.size).toBeGreaterThan(0);
    const m = await measure(second.path);
    expect(Math.abs(m.integratedLufs + 16)).toBeLessThanOrEqual(0.5);
    expect(m.truePeakDb).toBeLessThanOrEqual(-1);
  });

  it('follows a profile: −23 LUFS broadcast feed as 48 kHz stereo WAV', async () => {
    const r = await renderer().render({ spoken: SPOKEN, title: 'bc', profileName: 'broadcast', intro: null, outro: null });
    expect(r.format).toBe('wav');
    expect(r.path.endsWith('.wav')).toBe(true);
    const facts = await probe(r.path);
    expect([facts.codec, facts.sampleRate, facts.channels]).toEqual(['pcm_s16le', 48000, 2]);
    const m = await measure(r.path);
    expect(Math.abs(m.integratedLufs + 23)).toBeLessThanOrEqual(1);
    expect(m.truePeakDb).toBeLessThanOrEqual(-2);
  });

  it('Google failing for good falls back to espeak-ng and reports the voice used', async () => {
    const fake: FakeGoogle = await startFakeGoogle();
    try {
      fake.script = () => ({ status: 500 });
      const google = createGoogleTts({ endpoint: fake.endpoint, timeoutMs: 2000 });
      const r = await renderer(config(), { voices: { google }, retry: { attempts: 2, baseDelayMs: 10 } }).render({ spoken: SPOKEN, title: 'g', voice: 'google', intro: null, outro: null });
      expect(r.voiceUsed).toBe('espeak');
      expect(fake.seen.length).toBeGreaterThanOrEqual(2);
      await google.close();
    } finally {
      await fake.close();
    }
  });
});

describe('render: urgency', () => {
  it('an air-now (urgency now) falls back to espeak-ng instead of waiting on a hung Google', async () => {
    const fake: FakeGoogle = await startFakeGoogle();
    const google = createGoogleTts({ endpoint: fake.endpoint });
    try {
      fake.script = () => 'hang';
      // The product's patience: 30 s a request, four tries (two minutes). Urgent: URGENT_VOICE_MS.
      const r = await renderer(config(), { voices: { google } }).render({ spoken: SPOKEN, title: 'khẩn', voice: 'google', intro: null, outro: null, urgency: 'now' });
      expect(r.voiceUsed).toBe('espeak');
      // One request per chunk, none tried again.
      const texts = fake.seen.map((q) => q.body.input?.text);
      expect(texts.length).toBeGreaterThan(0);
      expect(new Set(texts).size).toBe(texts.length);
    } finally {
      await google.close();
      await fake.close();
    }
  });
});

describe('render: bad input gets coded errors and leaves no partial file', () => {
  const cacheFiles = () => (existsSync(join(dir, 'data', 'render-cache')) ? readdirSync(join(dir, 'data', 'render-cache')) : []);
  const code = (p: Promise<unknown>) => p.then(() => 'no error', (e: { code?: string }) => e.code);

  it.each([
    ['an empty script', { spoken: ' \n\n ' }, 'LP_ERR_TEXT_NOTHING_TO_AIR'],
    ['a chunk with digits', { spoken: 'Họp lúc 7 giờ sáng.' }, 'LP_ERR_TTS_REJECTED'],
    ['an unknown profile', { spoken: 'Xin chào.', profileName: 'khong-co' }, 'LP_ERR_PROFILE_UNKNOWN'],
    ['an unknown voice', { spoken: 'Xin chào.', voice: 'azure' as never }, 'LP_ERR_TTS_UNKNOWN_VOICE'],
  ])('%s', async (_name, req, expected) => {
    const before = cacheFiles();
    expect(await code(renderer().render({ title: 't', ...req }))).toBe(expected);
    expect(cacheFiles()).toEqual(before);
  });

  it('a render aborted after its encode (file written, not yet checked) leaves nothing in the cache', async () => {
    const before = cacheFiles();
    const ac = new AbortController();
    let sawPart = false;
    const p = renderer().render({
      spoken: `${SPOKEN}\n\nBản tin bị hủy giữa chừng.`,
      title: 'huy',
      signal: ac.signal,
      onProgress: (x) => {
        if (x.stage !== 'measure' || ac.signal.aborted) return;
        sawPart = cacheFiles().some((n) => n.endsWith('.part'));
        ac.abort();
      },
    });
    expect(await code(p)).toBe('LP_ERR_AUDIO_FFMPEG_FAILED');
    expect(sawPart).toBe(true);
    expect(cacheFiles()).toEqual(before);
  });

  it('a corrupt jingle', async () => {
    const bad = join(dir, 'bad.wav');
    writeFileSync(bad, Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(2000, 7)]));
    expect(await code(renderer().render({ spoken: 'Xin chào bà con.', title: 't', intro: bad }))).toBe('LP_ERR_AUDIO_FILE_INVALID');
    expect(await code(renderer().render({ spoken: 'Xin chào bà con.', title: 't', outro: join(dir, 'missing.wav') }))).toBe('LP_ERR_AUDIO_FILE_INVALID');
  });

  it('a missing codec is found before any work', async () => {
    const r = renderer(config(), { hasEncoder: (name) => name !== 'libmp3lame' });
    expect(await code(r.render({ spoken: 'Xin chào bà con.', title: 't' }))).toBe('LP_ERR_AUDIO_CODEC_MISSING');
    // And from ffmpeg itself, should an encoder vanish mid-way.
    expect(await code(runFfmpeg({ label: 't', inputs: [{ source: 'anullsrc', options: ['-f', 'lavfi', '-t', '0.1'] }], output: '/dev/null', outputOptions: ['-c:a', 'libnosuchcodec', '-f', 'null'] }))).toBe('LP_ERR_AUDIO_CODEC_MISSING');
  });

  it('a full disk, from ffmpeg and from our own writes', async () => {
    expect(await code(runFfmpeg({ label: 't', inputs: [{ source: 'anullsrc', options: ['-f', 'lavfi', '-t', '5'] }], output: '/dev/full', outputOptions: ['-c:a', 'pcm_s16le', '-f', 'wav'] }))).toBe('LP_ERR_AUDIO_DISK_FULL');
    let err: unknown;
    try {
      writeFileSync('/dev/full', Buffer.alloc(1024));
    } catch (e) {
      err = e;
    }
    expect(fsError(err, '/dev/full').code).toBe('LP_ERR_AUDIO_DISK_FULL');
  });
});

describe('render cache', () => {
  it('keys on nested settings too, whatever the key order', () => {
    const key = cacheKey({ v: 1, audio: { highpassHz: 250, compress: true } });
    expect(cacheKey({ audio: { compress: true, highpassHz: 250 }, v: 1 })).toBe(key);
    expect(cacheKey({ v: 1, audio: { highpassHz: 300, compress: true } })).not.toBe(key);
    expect(cacheKey({ v: 1, audio: { highpassHz: 250, compress: true }, bed: { file: 'abc' } })).not.toBe(cacheKey({ v: 1, audio: { highpassHz: 250, compress: true }, bed: { file: 'abd' } }));
  });

  it('stays under its bound, dropping the least recently used first', () => {
    const cdir = join(dir, 'cache-bound');
    const cache = new RenderCache<{ n: number }>(cdir, 2500);
    const put = (key: string) => {
      const t = cache.tempPath(key, 'mp3');
      writeFileSync(t, Buffer.alloc(1000));
      return cache.put(key, 'mp3', t, { n: 1 });
    };
    put('a');
    put('b');
    // Touch "a" so "b" is the oldest used.
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(cdir, 'b.mp3'), past, past);
    utimesSync(join(cdir, 'a.mp3'), new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    expect(cache.get('a', 'mp3')?.meta).toEqual({ n: 1 });
    put('c');
    expect(cache.get('b', 'mp3')).toBeNull();
    expect(cache.get('a', 'mp3')).not.toBeNull();
    expect(cache.get('c', 'mp3')).not.toBeNull();
    expect(readdirSync(cdir).filter((n) => n.endsWith('.part'))).toEqual([]);
    // A temp file left by a crash an hour ago goes at the next prune; a fresh one stays.
    const stale = cache.tempPath('d', 'mp3');
    const fresh = cache.tempPath('e', 'mp3');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    utimesSync(stale, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));
    cache.prune();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('one content hash: a render\'s key and a ready-made audio item\'s hash have the same length', async () => {
    const jingle = join(builtinJingleDir(), 'intro.wav');
    const h = await hashFile(jingle);
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(cacheKey({ a: 1 })).toHaveLength(h.length);
    const item = await prepareItem({ kind: 'audio', path: jingle, title: 'Nhạc hiệu' }, { renderer: renderer(), lexicon: DEFAULT_LEXICON, profileName: 'none' });
    expect(item.contentHash).toBe(h);
    await expect(hashFile(join(dir, 'khong-co.wav'))).rejects.toThrow();
  });

  it('espeak-ng is told its voice, rate and pitch from config', () => {
    const cfg = loadConfig({ env: {}, cwd: ROOT });
    expect(createEspeakTts(cfg.espeak).fingerprint).toBe(`espeak-ng:${cfg.espeak.voice}:${cfg.espeak.rate}:${cfg.espeak.pitch}`);
  });
});
