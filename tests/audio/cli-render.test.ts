/** `loaphuong render` in-process: real text stage, real renderer, temp data dir. */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/audio/ffmpeg.js';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

async function cli(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main({ argv, env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), LOAPHUONG_HARDWARE_DIR: join(ROOT, 'hardware') }, cwd: dir, stdout, stderr });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-cli-render-'));
  writeFileSync(join(dir, 'tin.txt'), 'THÔNG BÁO\n\nNgày 15/4/2026, UBND phường họp lúc 7 giờ tại nhà văn hóa tổ dân phố số 4.\n\nĐề nghị bà con đến đúng giờ.\n');
  writeFileSync(join(dir, 'ocr.txt'), 'THONG BAO\n\nUy ban nhan dan phuong Gia Vien thong bao lich tiem chung cho tre em vao sang thu bay tai nha van hoa to dan pho so bon. De nghi ba con den dung gio.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loaphuong render', () => {
  it('text with numbers → MP3 at the target, JSON result, progress on stderr', async () => {
    const r = await cli('render', 'tin.txt', '-o', 'tin.mp3', '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res).toMatchObject({ voiceUsed: 'espeak', cacheHit: false, format: 'mp3', output: join(dir, 'tin.mp3') });
    expect(Math.abs(res.integratedLufs + 16)).toBeLessThanOrEqual(1);
    expect(res.truePeakDb).toBeLessThanOrEqual(-1);
    expect((await probe(join(dir, 'tin.mp3'))).durationSec).toBeCloseTo(res.durationSec, 1);
    expect(r.err).toMatch(/\[render\] +100%/);
    // No temp file left beside the output.
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('the extension picks the format; a second run is served from the cache', async () => {
    const r = await cli('render', 'tin.txt', '-o', 'tin.wav');
    expect(r.code).toBe(0);
    expect(r.out).toContain('LUFS');
    expect((await probe(join(dir, 'tin.wav'))).codec).toBe('pcm_s16le');
    const again = await cli('render', 'tin.txt', '-o', 'tin2.wav', '--json');
    expect(JSON.parse(again.out).cacheHit).toBe(true);
  });

  it('--intro none --bed builtin: no chime before the speech, a music bed under it, another cache entry', async () => {
    const plain = JSON.parse((await cli('render', 'tin.txt', '-o', 'plain.mp3', '--json')).out);
    const r = await cli('render', 'tin.txt', '-o', 'bed.mp3', '--intro', 'none', '--bed', 'builtin', '--json');
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.contentHash).not.toBe(plain.contentHash);
    expect(res.durationSec).toBeLessThan(plain.durationSec - 2);
    expect(Math.abs(res.integratedLufs + 16)).toBeLessThanOrEqual(1);
    const missing = await cli('render', 'tin.txt', '-o', 'x.mp3', '--outro', 'khong-co.wav');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^LP_ERR_AUDIO_FILE_INVALID : /m);
  });

  it('suspect (OCR-damaged) text stops with exit 3 unless --force', async () => {
    const r = await cli('render', 'ocr.txt', '-o', 'ocr.mp3');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^LP_ERR_TEXT_SUSPECT : /m);
    expect(existsSync(join(dir, 'ocr.mp3'))).toBe(false);
    const forced = await cli('render', 'ocr.txt', '-o', 'ocr.mp3', '--force');
    expect(forced.code).toBe(0);
    expect(existsSync(join(dir, 'ocr.mp3'))).toBe(true);
  });

  it.each([
    [['render', 'tin.txt'], 'LP_ERR_USAGE'],
    [['render', 'tin.txt', '-o', 'x.mp3', '--voice', 'azure'], 'LP_ERR_TTS_UNKNOWN_VOICE'],
    [['render', 'tin.txt', '-o', 'x.flac'], 'LP_ERR_USAGE'],
    [['render', 'tin.txt', '-o', 'x.mp3', '--format', 'aac'], 'LP_ERR_USAGE'],
    [['render', 'khong-co.txt', '-o', 'x.mp3'], 'LP_ERR_INPUT_NOT_FOUND'],
    [['render', 'tin.txt', '-o', 'x.mp3', '--profile', 'khong-co'], 'LP_ERR_PROFILE_UNKNOWN'],
    [['render', 'tin.txt', '-o', 'no/such/dir/x.mp3'], 'LP_ERR_AUDIO_WRITE'],
  ])('%j → %s', async (argv, code) => {
    const r = await cli(...argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${code} : `, 'm'));
  });
});
