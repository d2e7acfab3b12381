/**
 * The station's scheduler loop with a clock we move by hand: real schedule files, real renders
 * (espeak-ng + ffmpeg), a real SQLite airing log. The channel is a recording double of our own
 * playout port: what the loop hands over is what is asserted.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/audio/render.js';
import { createVoices } from '../../src/station/voices.js';
import { loadConfig } from '../../src/config/index.js';
import type { Channel, PlayoutBlock } from '../../src/playout/index.js';
import { prepareItem } from '../../src/station/prepare.js';
import { Scheduler } from '../../src/station/scheduler.js';
import { openStores } from '../../src/station/stores.js';
import { DEFAULT_LEXICON } from '../../src/text/index.js';
import { tone } from '../playout/helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const GOOD = 'Loa phường xin thông báo: sáng mai tổ dân phố số hai tổng vệ sinh đường làng, mời bà con tham gia.';
const OCR = 'Uy ban nhan dan phuong thong bao lich tiem chung cho tre em vao sang thu bay tai nha van hoa to dan pho so bon, de nghi ba con den dung gio.';

/** 2026-11-25 08:00 in Hà Nội. */
const T0 = Date.parse('2026-11-25T01:00:00Z');

function vnIso(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

/**
 * `channels`: ids and the hardware profile each renders for (default one channel "chinh");
 * `configYaml`: extra config (relay hosts …).
 */
async function station(o: { channels?: Array<[string, string]>; configYaml?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lp-sched-'));
  mkdirSync(join(dir, 'schedules'));
  const list = o.channels ?? [['chinh', 'none']];
  writeFileSync(join(dir, 'loaphuong.config.yaml'), `channels:\n${list.map(([id, hw]) => `  - { id: ${id}, name: "Kênh ${id}", mount: /${id}, hardware: ${hw} }\n`).join('')}${o.configYaml ?? ''}`);
  const config = loadConfig({
    env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), LOAPHUONG_SCHEDULES_DIR: join(dir, 'schedules'), LOAPHUONG_CONTENT_DIR: dir, LOAPHUONG_HARDWARE_DIR: join(ROOT, 'hardware') },
    cwd: dir,
  });
  const { airings } = await openStores(config);
  const handed: PlayoutBlock[] = [];
  const cancelled: string[] = [];
  const moved: PlayoutBlock[] = [];
  /** Blocks each channel has queued, by key, as it would air them. */
  const queued = new Map<string, PlayoutBlock>();
  // Only what the scheduler calls; the rest of the playout port is not part of this loop.
  const channel = (id: string) => ({
    id,
    schedule: async (b: PlayoutBlock) => void (handed.push(b), queued.set(b.key, b)),
    move: (b: PlayoutBlock) => (moved.push(b), queued.set(b.key, b), true),
    cancel: (key: string) => (cancelled.push(key), true),
  }) as unknown as Channel;
  let now = T0;
  const log: string[] = [];
  const renderer = createRenderer(config, { voices: createVoices(config) });
  const profiles = new Map(list);
  const preparedFor: string[] = [];
  const scheduler = new Scheduler({
    config, channels: new Map(list.map(([id]) => [id, channel(id)])), airings, now: () => now, log: (l) => log.push(l),
    prepare: (item, channelId) => (preparedFor.push(channelId), prepareItem(item, { renderer, lexicon: DEFAULT_LEXICON, profileName: profiles.get(channelId)! })),
    profileOf: (channelId) => profiles.get(channelId)!,
  });
  const oneOff = (file: string, text: string, at: number) => {
    writeFileSync(join(dir, `${file}.txt`), text);
    writeFileSync(join(dir, 'schedules', `${file}.yaml`), `campaign: Thử\npriority: thuong\nitems:\n  - bulletin: ${file}.txt\n    title: ${file}\nslots:\n  - at: ${vnIso(at)}\n`);
  };
  return { dir, config, airings, handed, cancelled, moved, queued, preparedFor, scheduler, log, oneOff, setNow: (t: number) => (now = t) };
}

describe('scheduler loop', () => {
  it('renders ahead and hands the block to its channel once, however often it ticks', async () => {
    const s = await station();
    s.oneOff('ve-sinh', GOOD, T0 + 30 * 60_000);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.tick();
    await s.scheduler.idle();
    await s.scheduler.tick();
    expect(s.handed).toHaveLength(1);
    expect(s.handed[0].startAt).toBe(T0 + 30 * 60_000);
    expect(s.handed[0].items[0].title).toBe('ve-sinh');
    // Rendered for the channel it airs on (its hardware profile picks the voicing).
    expect(s.preparedFor).toEqual(['chinh']);
    expect(s.scheduler.upcoming()[0]).toMatchObject({ title: 've-sinh', render: 'ready' });
  });

  it('a render failure is shown before the slot, retried, and logged missed once the slot passes', async () => {
    const s = await station();
    const slot = T0 + 10 * 60_000;
    s.oneOff('ocr', OCR, slot);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.handed).toHaveLength(0);
    const warning = s.scheduler.warnings().find((w) => w.code === 'LP_ERR_RENDER_AHEAD_FAILED');
    expect(warning?.message, s.log.join('\n')).toMatch(/OCR/);
    expect(s.scheduler.upcoming()[0]).toMatchObject({ title: 'ocr', render: 'failed' });

    // Two minutes later, the text fixed by hand: the retry renders it and the block is handed over.
    writeFileSync(join(s.dir, 'ocr.txt'), GOOD);
    s.setNow(T0 + 2 * 60_000);
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.handed.map((b) => b.items[0].title)).toEqual(['ocr']);

    // Another that stays broken is missed at its slot, on record with why.
    const later = T0 + 15 * 60_000;
    s.oneOff('van-hong', OCR, later);
    s.setNow(T0 + 3 * 60_000);
    await s.scheduler.tick();
    await s.scheduler.idle();
    s.setNow(later + 6000);
    await s.scheduler.tick();
    const rows = (await s.airings.list({})).filter((r) => r.title === 'van-hong');
    expect(rows.map((r) => r.status)).toEqual(['missed']);
    expect(rows[0].reason).toMatch(/chưa chuẩn bị được âm thanh/);
  });

  it('slots that fell while the station was down are logged missed, and nothing already aired is', async () => {
    const s = await station();
    s.oneOff('luc-tat', GOOD, T0 - 20 * 60_000);
    s.scheduler.reload();
    expect(await s.scheduler.recordMissedSince(new Date(T0 - 60 * 60_000))).toBe(1);
    expect((await s.airings.list({})).map((r) => [r.title, r.status])).toEqual([['luc-tat', 'missed']]);
    // Asked again (a second restart), the row is not written twice.
    await s.scheduler.recordMissedSince(new Date(T0 - 60 * 60_000));
    expect((await s.airings.list({}))).toHaveLength(1);
  });

  it('an edited schedule file is picked up on the next tick; a removed slot is cancelled', async () => {
    const s = await station();
    s.oneOff('doi-gio', GOOD, T0 + 20 * 60_000);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    const first = s.handed[0].key;
    // Moved by hand to ten minutes later (written a moment later, so its time stamp changes).
    await new Promise((r) => setTimeout(r, 20));
    s.oneOff('doi-gio', GOOD, T0 + 30 * 60_000);
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.cancelled).toEqual([first]);
    expect(s.handed.map((b) => b.startAt)).toEqual([T0 + 20 * 60_000, T0 + 30 * 60_000]);
  });
});

describe('relays in the scheduler', () => {
  it('a relay on an allowed upstream is handed to its channel as it is: nothing to render', async () => {
    const s = await station({ configYaml: 'relay:\n  hosts: ["127.0.0.1:18000"]\n' });
    const slot = T0 + 10 * 60_000;
    writeFileSync(join(s.dir, 'schedules', 'tiep-am.yaml'),
      `campaign: Tiếp âm\npriority: thuong\nitems:\n  - relay: http://127.0.0.1:18000/huyen\n    duration: 30m\n    title: Thời sự huyện\nslots:\n  - at: ${vnIso(slot)}\n`);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.scheduler.warnings(), s.log.join('\n')).toEqual([]);
    expect(s.preparedFor).toEqual([]);
    expect(s.handed).toHaveLength(1);
    expect(s.handed[0]).toMatchObject({ startAt: slot, items: [{ kind: 'relay', url: 'http://127.0.0.1:18000/huyen', durationMs: 30 * 60_000, title: 'Thời sự huyện' }] });
    expect(s.scheduler.upcoming()[0]).toMatchObject({ title: 'Thời sự huyện', render: 'ready' });
  });

  it('a relay on a server not in relay.hosts makes its file invalid: a warning at its line, nothing handed', async () => {
    const s = await station({ configYaml: 'relay:\n  hosts: [dai-huyen.example.vn]\n' });
    writeFileSync(join(s.dir, 'schedules', 'noi-bo.yaml'),
      `campaign: Tiếp âm\npriority: thuong\nitems:\n  - relay: http://127.0.0.1:8080/api/status\n    duration: 5m\nslots:\n  - at: ${vnIso(T0 + 10 * 60_000)}\n`);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.handed).toEqual([]);
    const w = s.scheduler.warnings().find((x) => x.code === 'LP_ERR_SCHEDULE_INVALID');
    expect(w?.message).toMatch(/noi-bo\.yaml:4:\d+ .*máy chủ "127\.0\.0\.1:8080" không thuộc các máy chủ tiếp âm được phép .*LP_ERR_RELAY_HOST_NOT_ALLOWED/);
  });
});

describe('the plan uses real lengths', () => {
  const audioSchedule = (name: string, file: string, at: number) =>
    `campaign: ${name}\npriority: thuong\nitems:\n  - audio: ${file}\n    title: ${name}\nslots:\n  - at: ${vnIso(at)}\n`;

  it('audio slots 2 s apart: probed before planning, so no false "too-long" and each is handed at its own slot; a longer file later moves the next block', async () => {
    const s = await station();
    await tone(join(s.dir, 'a.mp3'), 1000, 1.5);
    await tone(join(s.dir, 'b.mp3'), 440, 1.5);
    const slot = T0 + 20 * 60_000;
    writeFileSync(join(s.dir, 'schedules', 'a.yaml'), audioSchedule('a', 'a.mp3', slot));
    writeFileSync(join(s.dir, 'schedules', 'b.yaml'), audioSchedule('b', 'b.mp3', slot + 2000));
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.scheduler.warnings().filter((w) => w.code === 'LP_ERR_SCHEDULE_CONFLICT'), s.log.join('\n')).toEqual([]);
    expect(s.handed.map((b) => [b.items[0].title, b.startAt - slot])).toEqual([['a', 0], ['b', 2000]]);

    // The first file is replaced by a 5 s one: the next plan pushes b behind it, and the channel is told.
    await tone(join(s.dir, 'a.mp3'), 1000, 5);
    await s.scheduler.tick();
    await s.scheduler.idle();
    const b = s.queued.get(s.handed[1].key)!;
    expect(s.moved.map((m) => m.key)).toEqual([s.handed[1].key]);
    expect(b.startAt - slot).toBeGreaterThanOrEqual(5000);
    expect(b.startAt - slot).toBeLessThan(5200);
    expect(s.scheduler.warnings().map((w) => w.code)).toContain('LP_ERR_SCHEDULE_CONFLICT');
    // Nothing handed twice: a move, not a second block.
    expect(s.handed).toHaveLength(2);
  });
});

describe('many channels on one slot', () => {
  it('forty channels, one profile: the bulletin is prepared once and all forty are handed in the same tick', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => [`c${i + 1}`, 'none'] as [string, string]);
    const s = await station({ channels: ids });
    s.oneOff('dong-loat', GOOD, T0 + 30 * 60_000);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    expect(s.preparedFor).toHaveLength(1);
    expect(new Set(s.handed.map((b) => b.key.split('/').pop())).size).toBe(40);
    expect(new Set(s.handed.map((b) => b.startAt))).toEqual(new Set([T0 + 30 * 60_000]));
    // The same audio for all of them: one render, served forty times.
    expect(new Set(s.handed.map((b) => (b.items[0] as { audioPath: string }).audioPath)).size).toBe(1);
  });

  it('two hardware profiles: one preparation for each, every channel handed', async () => {
    const s = await station({ channels: [['a1', 'none'], ['a2', 'none'], ['b1', 'http-relay'], ['b2', 'http-relay']] });
    s.oneOff('hai-loai', GOOD, T0 + 30 * 60_000);
    s.scheduler.reload();
    await s.scheduler.tick();
    await s.scheduler.idle();
    // Once for a channel of each profile (the render cache then knows equal voicings as one file).
    expect(s.preparedFor.map((c) => c[0]).sort()).toEqual(['a', 'b']);
    expect(s.handed).toHaveLength(4);
  });
});

describe('schedule files are re-read by content', () => {
  it('an edit of the same size under the same time stamp is still picked up', async () => {
    const s = await station();
    // Five hours ahead: outside the render window, so nothing renders in this test.
    s.oneOff('cung-co', GOOD, T0 + 5 * 3600_000);
    const file = join(s.dir, 'schedules', 'cung-co.yaml');
    // Whole seconds, as coarse file systems (FAT, some network mounts) keep them.
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    utimesSync(file, stamp, stamp);
    s.scheduler.reload();
    await s.scheduler.tick();
    expect(s.scheduler.warnings()).toEqual([]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('priority: thuong', 'priority: thuonx'));
    utimesSync(file, stamp, stamp);
    expect(statSync(file).mtimeMs).toBe(stamp.getTime());
    await s.scheduler.tick();
    expect(s.scheduler.warnings().map((w) => w.code)).toEqual(['LP_ERR_SCHEDULE_INVALID']);
  });
});
