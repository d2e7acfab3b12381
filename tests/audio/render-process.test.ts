import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRendererProcess } from '../../src/audio/render-process.js';
import { loadConfig } from '../../src/config/index.js';
import { createRenderer } from '../../src/audio/render.js';
import { LpError } from '../../src/errors.js';
import { prepareItem } from '../../src/station/prepare.js';
import { createVoices } from '../../src/station/voices.js';
import { DEFAULT_LEXICON, prepareScript } from '../../src/text/index.js';

const root = new URL('../..', import.meta.url).pathname;
const config = loadConfig({ env: { LOAPHUONG_DATA_DIR: mkdtempSync(join(tmpdir(), 'lp-rproc-')) }, cwd: root });
const renderer = createRendererProcess(config);
afterAll(() => renderer.close());

describe('rendering in a child process (the station keeps its clock free)', () => {
  it('renders with progress in a child process of ours, not in this event loop', async () => {
    const stages: string[] = [];
    const workers = new Set<string>();
    const spoken = Array.from({ length: 6 }, (_, i) => `Đoạn thứ ${['một', 'hai', 'ba', 'bốn', 'năm', 'sáu'][i]}: bà con chú ý lắng nghe thông báo của ủy ban nhân dân phường.`).join('\n\n');
    const r = await renderer.render({
      spoken, title: 'Thử tiến trình',
      onProgress: (p) => {
        stages.push(p.stage);
        // Who does the work while it is under way: a child of this process running the worker.
        const found = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'render-worker'], { encoding: 'utf8' }).stdout.trim();
        if (found) workers.add(found);
      },
    });
    expect(existsSync(r.path)).toBe(true);
    expect(r.voiceUsed).toBe('espeak');
    expect(Math.abs(r.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(stages).toContain('speech');
    expect(workers.size).toBe(1);
  });

  // The station warms it at start: a fresh station's first khẩn cấp waited for the worker to boot.
  it('warm() starts the worker before any render, and the first render is done by that same worker', async () => {
    const own = createRendererProcess(config);
    try {
      const workers = () => spawnSync('pgrep', ['-P', String(process.pid), '-f', 'render-worker'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      const before = new Set(workers());
      own.warm();
      own.warm(); // a second call starts no second worker
      const warmed = workers().filter((p) => !before.has(p));
      expect(warmed).toHaveLength(1);
      const seen = new Set<string>();
      await own.render({ spoken: 'Bà con chú ý.', title: 'Sau khi khởi động', onProgress: () => workers().filter((p) => !before.has(p)).forEach((p) => seen.add(p)) });
      expect([...seen]).toEqual(warmed);
    } finally {
      await own.close();
    }
  });

  it('an abort after the render ended and the worker closed is harmless (nothing thrown at the event loop)', async () => {
    const own = createRendererProcess(config);
    const abort = new AbortController();
    const r = await own.render({ spoken: 'Bà con chú ý lắng nghe.', title: 'Ngắn', signal: abort.signal });
    expect(existsSync(r.path)).toBe(true);
    await own.close();
    const thrown: unknown[] = [];
    const record = (e: unknown) => thrown.push(e);
    process.on('uncaughtException', record);
    abort.abort();
    await new Promise((done) => setTimeout(done, 200));
    process.off('uncaughtException', record);
    expect(thrown).toEqual([]);
  });

  it('a coded failure in the child arrives as the same coded error', async () => {
    const err = await renderer.render({ spoken: 'Có số 57 ở đây.', title: 'Có chữ số' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LpError);
    expect((err as LpError).code).toBe('LP_ERR_TTS_REJECTED');
  });

  /** Render workers below this process, but those in `others` (the shared renderer's). */
  const workerPid = (others: ReadonlySet<number>): number | null => {
    const found = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'render-worker'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    return found.find((p) => !others.has(p)) ?? null;
  };
  const workersNow = () => new Set(spawnSync('pgrep', ['-P', String(process.pid), '-f', 'render-worker'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number));
  const LONG = Array.from({ length: 8 }, (_, i) => `Đoạn thứ ${['một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám'][i]}: bà con khu phố chú ý lắng nghe thông báo khẩn của ủy ban nhân dân phường về việc phòng chống bão.`).join('\n\n');

  it('a worker killed -9 mid-render: the render is sent once more to a fresh worker and finishes', async () => {
    const own = createRendererProcess(config);
    const killed: number[] = [];
    const others = workersNow();
    try {
      const r = await own.render({
        spoken: LONG, title: 'Giết tiến trình một lần',
        onProgress: () => {
          const pid = workerPid(others);
          if (killed.length === 0 && pid) (killed.push(pid), process.kill(pid, 'SIGKILL'));
        },
      });
      expect(killed).toHaveLength(1);
      expect(existsSync(r.path)).toBe(true);
      expect(workerPid(others)).not.toBe(killed[0]);
    } finally {
      await own.close();
    }
  });

  it('a render whose worker dies twice is refused LP_ERR_AUDIO_RENDER_CRASHED, and the next render works', async () => {
    const own = createRendererProcess(config);
    const killed = new Set<number>();
    const others = workersNow();
    try {
      const err = await own.render({
        spoken: `${LONG}\n\nLần hai.`, title: 'Giết tiến trình hai lần',
        onProgress: () => {
          const pid = workerPid(new Set([...others, ...killed]));
          if (pid) (killed.add(pid), process.kill(pid, 'SIGKILL'));
        },
      }).catch((e: unknown) => e);
      expect((err as LpError).code).toBe('LP_ERR_AUDIO_RENDER_CRASHED');
      expect(killed.size).toBe(2);
      const next = await own.render({ spoken: 'Bà con chú ý lắng nghe.', title: 'Sau đó' });
      expect(existsSync(next.path)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('a schedule item\'s jingles and bed reach the renderer through prepare and the child process', async () => {
    const raw = 'Thông báo lịch tiêm chủng\n\nBà con đưa trẻ đến trạm y tế phường vào sáng thứ hai tuần sau.\n';
    const text = join(config.dataDir, 'ban-tin.txt');
    writeFileSync(text, raw);
    const deps = { renderer, lexicon: DEFAULT_LEXICON, profileName: 'none' };
    const item = { kind: 'bulletin' as const, path: text, title: 'Tiêm chủng' };
    const plain = await prepareItem(item, deps);
    const chosen = await prepareItem({ ...item, intro: null, bed: 'builtin' }, deps);
    expect(chosen.contentHash).not.toBe(plain.contentHash);
    // The same choice asked of an in-process renderer is the child's cache entry: nothing was lost on the way.
    const { spoken } = prepareScript(raw, { lexicon: DEFAULT_LEXICON });
    const direct = await createRenderer(config, { voices: createVoices(config) }).render({ spoken, title: 'x', profileName: 'none', intro: null, bed: 'builtin' });
    expect(direct.cacheHit).toBe(true);
    expect(direct.contentHash).toBe(chosen.contentHash);
    expect(chosen.durationSec).toBeLessThan(plain.durationSec - 2); // no intro chime
  });
});
