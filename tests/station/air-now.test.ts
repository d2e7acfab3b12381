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
import { airNow, inQuietHours, type AirNowContext } from '../../src/station/air-now.js';
import { DEFAULT_LEXICON } from '../../src/text/index.js';

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

function context(now: number) {
  const handed: Array<{ block: Omit<PlayoutBlock, 'startAt'>; repeat?: number }> = [];
  const rendered: string[] = [];
  // Only what air-now calls; the rest of the playout port is not part of these rules.
  const channel = { airNow: async (block: PlayoutBlock, o: { repeat?: number }) => (handed.push({ block, repeat: o.repeat }), [block.key]) } as unknown as Channel;
  const ctx: AirNowContext = {
    channels: new Map([['chinh', channel]]), now: () => now, timezone: TZ, quietHours: QUIET,
    depsFor: () => ({ renderer: { render: (r) => (rendered.push(r.title), renderer.render(r)) }, lexicon: DEFAULT_LEXICON, profileName: 'none' }),
  };
  return { ctx, handed, rendered };
}

const req = (priority: Priority) => ({ text: 'Loa phường xin thông báo: tối nay mất điện từ hai mươi hai giờ.', title: 'Mất điện', priority, requestedBy: 'can-bo' });

describe('air-now rules', () => {
  test.each(['thuong', 'uu-tien'] as const)('%s inside quiet hours is refused with LP_ERR_QUIET_HOURS, nothing rendered or queued', async (p) => {
    const { ctx, handed, rendered } = context(at('23:10'));
    await expect(airNow(req(p), ctx)).rejects.toMatchObject({ code: 'LP_ERR_QUIET_HOURS', status: 409 });
    expect(rendered).toEqual([]);
    expect(handed).toEqual([]);
  });

  test('khẩn cấp inside quiet hours airs', async () => {
    const { ctx, handed } = context(at('23:10'));
    const r = await airNow(req('khan-cap'), ctx);
    expect(r.keys).toHaveLength(1);
    expect(handed.map((h) => h.block.priority)).toEqual(['khan-cap']);
  });

  test('thuong outside quiet hours airs; an unknown channel is refused first', async () => {
    const { ctx, handed } = context(at('09:00'));
    await airNow(req('thuong'), ctx);
    expect(handed).toHaveLength(1);
    await expect(airNow({ ...req('thuong'), channels: ['khong-co'] }, ctx)).rejects.toMatchObject({ code: 'LP_ERR_CHANNEL_UNKNOWN' });
  });
});
