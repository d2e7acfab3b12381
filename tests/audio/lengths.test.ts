/**
 * Audio items' real lengths: probed once per content, and `schedule check` planning with them (a
 * 1.5 s file no longer counts as 120 s). Real ffprobe, so this is the slow tier.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { AudioLengths } from '../../src/audio/lengths.js';
import { main } from '../../src/cli/main.js';
import { tone } from '../playout/helpers.js';

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return Object.assign(w, { text: () => chunks.join('') });
}

async function check(root: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main({
    argv: ['schedule', ...argv],
    env: { LOAPHUONG_SCHEDULES_DIR: join(root, 'schedules'), LOAPHUONG_CONTENT_DIR: root, LOAPHUONG_DATA_DIR: join(root, 'data') },
    cwd: root, stdout, stderr,
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('audio lengths', () => {
  test('probed once per content: a changed file is probed again, an unreadable one is unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-lengths-'));
    const a = await tone(join(dir, 'a.mp3'), 440, 1.5);
    const lengths = new AudioLengths();
    await lengths.refresh([a, join(dir, 'missing.mp3')]);
    expect(lengths.get(a)).toBeCloseTo(1.5, 1);
    expect(lengths.get(join(dir, 'missing.mp3'))).toBeUndefined();
    await tone(a, 440, 4);
    utimesSync(a, new Date(), new Date(Date.now() + 5000));
    await lengths.refresh([a]);
    expect(lengths.get(a)).toBeCloseTo(4, 1);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('schedule check plans audio items with their real lengths', () => {
  test('two 1.5 s audio slots 2 s apart: no "too-long" conflict, neither is moved', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lp-schedule-audio-'));
    mkdirSync(join(root, 'schedules'));
    await tone(join(root, 'a.mp3'), 1000, 1.5);
    await tone(join(root, 'b.mp3'), 440, 1.5);
    const file = (name: string, at: string) => `campaign: ${name}\npriority: thuong\nitems:\n  - audio: ${name}.mp3\nslots:\n  - at: 2026-03-05T06:30:${at}\n`;
    writeFileSync(join(root, 'schedules', 'a.yaml'), file('a', '00'));
    writeFileSync(join(root, 'schedules', 'b.yaml'), file('b', '02'));
    const r = await check(root, ['check', '--from', '2026-03-05', '--days', '1', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.conflicts).toEqual([]);
    expect(j.airings.map((b: { startLocal: string; estimatedSeconds: number }) => [b.startLocal, Math.round(b.estimatedSeconds * 10) / 10])).toEqual([
      ['2026-03-05 06:30:00', 1.5], ['2026-03-05 06:30:02', 1.5],
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
