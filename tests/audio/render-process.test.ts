import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRendererProcess } from '../../src/audio/render-process.js';
import { loadConfig } from '../../src/config/index.js';
import { LpError } from '../../src/errors.js';

const root = new URL('../..', import.meta.url).pathname;
const config = loadConfig({ env: { LOAPHUONG_DATA_DIR: mkdtempSync(join(tmpdir(), 'lp-rproc-')) }, cwd: root });
const renderer = createRendererProcess(config);
afterAll(() => renderer.close());

describe('rendering in a child process (the station keeps its clock free)', () => {
  it('renders with progress, and the event loop stays free meanwhile', async () => {
    const stages: string[] = [];
    let worstGap = 0;
    let last = performance.now();
    const beat = setInterval(() => {
      const t = performance.now();
      worstGap = Math.max(worstGap, t - last);
      last = t;
    }, 5);
    const spoken = Array.from({ length: 6 }, (_, i) => `Đoạn thứ ${['một', 'hai', 'ba', 'bốn', 'năm', 'sáu'][i]}: bà con chú ý lắng nghe thông báo của ủy ban nhân dân phường.`).join('\n\n');
    const r = await renderer.render({ spoken, title: 'Thử tiến trình', onProgress: (p) => stages.push(p.stage) });
    clearInterval(beat);
    expect(existsSync(r.path)).toBe(true);
    expect(r.voiceUsed).toBe('espeak');
    expect(Math.abs(r.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(stages).toContain('speech');
    // All sample work happened in the child: this loop never waited long.
    expect(worstGap).toBeLessThan(100);
  });

  it('a coded failure in the child arrives as the same coded error', async () => {
    const err = await renderer.render({ spoken: 'Có số 57 ở đây.', title: 'Có chữ số' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LpError);
    expect((err as LpError).code).toBe('LP_ERR_TTS_REJECTED');
  });
});
