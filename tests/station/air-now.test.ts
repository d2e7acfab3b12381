/**
 * Air-now's rules with a fixed clock: quiet hours refuse below khẩn cấp before anything is rendered
 * or queued; khẩn cấp airs; unknown channels are refused. Renders are real (espeak-ng + ffmpeg);
 * the channel is a recording double of our own playout port: what reaches it is what is asserted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createRenderer } from '../../src/audio/render.js';
import { createVoices } from '../../src/station/voices.js';
import { loadConfig } from '../../src/config/index.js';
import type { Priority } from '../../src/domain.js';
import type { Channel, PlayoutBlock } from '../../src/playout/index.js';
import { openStores } from '../../src/station/stores.js';
import { airNow, inQuietHours, partsForAir, PART_PAUSE_MS, type AirNowContext } from '../../src/station/air-now.js';
import { DEFAULT_LEXICON, prepareScript } from '../../src/text/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lp-air-now-'));
const config = loadConfig({ env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), LOAPHUONG_SCHEDULES_DIR: dir, LOAPHUONG_HARDWARE_DIR: join(ROOT, 'hardware') }, cwd: dir });
const renderer = createRenderer(config, { voices: createVoices(config) });

const TZ = 'Asia/Ho_Chi_Minh';
/** Local Hà Nội time on 25 Nov 2026 → epoch ms. */
const at = (hhmm: string) => Date.parse(`2026-11-25T${hhmm}:00+07:00`);
const QUIET = { from: '22:00', to: '05:00' };

describe('inQuietHours', () => {
  test.each([
    ['21:59', QUIET, false],
    ['22:00', QUIET, true],
    ['23:30', QUIET, true],
    ['04:59', QUIET, true],
    ['05:00', QUIET, false],
    ['12:00', { from: '11:30', to: '13:30' }, true],
    ['13:30', { from: '11:30', to: '13:30' }, false],
    ['23:00', null, false],
    ['23:00', { from: '22:00', to: '22:00' }, false],
  ] as const)('%s in %j → %s', (t, q, want) => expect(inQuietHours(at(t), q, TZ)).toBe(want));
});

const stores = openStores({ dataDir: join(dir, 'data') });

async function context(now: number) {
  const handed: Array<{ block: PlayoutBlock; repeat?: number; from?: number }> = [];
  const rendered: string[] = [];
  const lines: string[] = [];
  // Only what air-now calls; the rest of the playout port is not part of these rules. It queues a
  // block at the instant asked, or at once (the fixed `now`).
  const channel = {
    airNow: async (block: PlayoutBlock, o: { repeat?: number; from?: number } = {}) => {
      handed.push({ block: { ...block, startAt: block.startAt ?? now }, repeat: o.repeat, from: o.from });
      return { keys: [block.key], startAt: block.startAt ?? now };
    },
  } as unknown as Channel;
  const ctx: AirNowContext = {
    channels: new Map([['chinh', channel]]), now: () => now, timezone: TZ, quietHours: QUIET, airings: (await stores).airings, log: (l) => lines.push(l),
    depsFor: () => ({ renderer: { render: (r) => (rendered.push(r.title), renderer.render(r)) }, lexicon: DEFAULT_LEXICON, profileName: 'none' }),
  };
  return { ctx, handed, rendered, lines };
}

const req = (priority: Priority) => ({ text: 'Loa phường xin thông báo: tối nay mất điện từ hai mươi hai giờ.', title: 'Mất điện', priority, requestedBy: 'can-bo' });

describe('air-now rules', () => {
  test.each(['thuong', 'uu-tien'] as const)('%s inside quiet hours is refused with LP_ERR_QUIET_HOURS, nothing rendered or queued', async (p) => {
    const { ctx, handed, rendered } = await context(at('23:10'));
    await expect(airNow(req(p), ctx)).rejects.toMatchObject({ code: 'LP_ERR_QUIET_HOURS', status: 409 });
    expect(rendered).toEqual([]);
    expect(handed).toEqual([]);
  });

  test('khẩn cấp inside quiet hours airs', async () => {
    const { ctx, handed } = await context(at('23:10'));
    const r = await airNow(req('khan-cap'), ctx);
    expect(r.keys).toHaveLength(1);
    expect(handed.map((h) => h.block.priority)).toEqual(['khan-cap']);
  });

  test('thuong outside quiet hours airs; an unknown channel is refused first', async () => {
    const { ctx, handed } = await context(at('09:00'));
    await airNow(req('thuong'), ctx);
    expect(handed).toHaveLength(1);
    await expect(airNow({ ...req('thuong'), channels: ['khong-co'] }, ctx)).rejects.toMatchObject({ code: 'LP_ERR_CHANNEL_UNKNOWN' });
  });
});

/** A long notice: paragraphs of about 100 characters. */
const longText = (n: number) => Array.from({ length: n }, (_, i) => `Đoạn ${i + 1}: đề nghị bà con khẩn trương di chuyển người và tài sản đến nơi an toàn trước khi bão đổ bộ.`).join('\n\n');

describe('partsForAir', () => {
  test.each([
    // [paragraphs of ~100 characters, part lengths in paragraphs]
    [3, [3]],
    [5, [5]],
    [12, [3, 6, 3]],
    [60, [3, 6, 11, 21, 19]],
  ] as const)('%s paragraphs → parts of %j paragraphs', (n, want) => {
    const parts = partsForAir(longText(n));
    expect(parts.map((p) => p.split('\n\n').length), JSON.stringify(parts.map((p) => p.length))).toEqual(want);
    expect(parts.join('\n\n')).toBe(longText(n));
  });
  test('one long paragraph is never cut', () => expect(partsForAir('a '.repeat(2000).trim())).toHaveLength(1));
});

describe('a long khẩn cấp airs in parts', () => {
  test('answered once the first part is queued, with the parts and the length; the rest follows it with a sentence pause; repeats are whole', async () => {
    const { ctx, handed, rendered } = await context(at('09:00'));
    const r = await airNow({ text: longText(12), title: 'Bão số 9', priority: 'khan-cap', repeat: 2, intervalMinutes: 1, requestedBy: 'can-bo' }, ctx);
    // At the answer only the first part is queued (the rest is rendering); before, the whole text was rendered first.
    expect(rendered[0], JSON.stringify(handed)).toBe('Bão số 9 (phần 1/3)');
    expect(handed.map((h) => h.block.key)).toEqual([`air-now:${at('09:00')}:chinh`]);
    expect(r).toMatchObject({ parts: 3, startsAt: new Date(at('09:00')).toISOString() });
    expect(r.estimatedSeconds).toBeGreaterThan(30);
    expect(r.keys).toEqual([`air-now:${at('09:00')}:chinh`, `air-now:${at('09:00')}:chinh:p1`, `air-now:${at('09:00')}:chinh:p2`, `air-now:${at('09:00')}:chinh#2`]);
    for (let i = 0; i < 600 && handed.length < 4; i++) await new Promise((res) => setTimeout(res, 100));
    const trace = JSON.stringify(handed.map((h) => [h.block.key, h.block.startAt, h.block.items.map((it) => it.key), h.from]));
    expect(handed.map((h) => h.block.items.map((it) => it.title)), trace).toEqual([
      ['Bão số 9 (phần 1/3)'], ['Bão số 9 (phần 2/3)'], ['Bão số 9 (phần 3/3)'], ['Bão số 9 (phần 1/3)', 'Bão số 9 (phần 2/3)', 'Bão số 9 (phần 3/3)']]);
    // The parts' real lengths (the renders are cached: the same files the channel was handed).
    const spokenParts = partsForAir(prepareScript(longText(12), { lexicon: DEFAULT_LEXICON }).spoken);
    const lengths = await Promise.all(spokenParts.map(async (p, i) => (await renderer.render({ spoken: p, title: handed[i].block.items[0].title, profileName: 'none' })).durationSec * 1000));
    // Each part starts a sentence pause after the one before it ends.
    expect(handed[1].block.startAt - (handed[0].block.startAt + lengths[0]), trace).toBeCloseTo(PART_PAUSE_MS, 0);
    expect(handed[2].block.startAt - (handed[1].block.startAt + lengths[1]), trace).toBeCloseTo(PART_PAUSE_MS, 0);
    // The repeat is queued alone (the first copy aired in parts), laid so it starts the interval after the last part ends.
    expect(handed[3].from, trace).toBe(2);
    expect(handed[3].block.items.map((it) => it.key), trace).toEqual([0, 1, 2].map((i) => `air-now:${at('09:00')}:chinh:${i}`));
    const lastEnd = handed[2].block.startAt + lengths[2];
    expect(handed[3].block.startAt + lengths.reduce((x, y) => x + y, 0), trace).toBeCloseTo(lastEnd, 0);
  }, 120_000);
});
