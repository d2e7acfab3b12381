/**
 * Issue 11's live "done when", in Debian's Chromium against the real `loaphuong start`: the officer
 * opens Phát trực tiếp, a fake microphone plays a WAV file (an 880 Hz tone), and a listener of the
 * mount hears that file; the stop button ends the airing, logged with its real duration. A closed
 * page (a dropped connection) ends the airing after a few seconds of silence.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';
import { powerAt, sleep, until } from '../playout/helpers.js';
import { listen as listenPcm } from '../support/listener.js';
import { launchChromium } from '../web/helpers.js';
import { cli, sandbox, startStation, stopped } from './helpers.js';

type Row = { title: string; status: string; durationSec: number | null; reason: string | null; voice: string | null; priority: string };

describe('the officer speaks live from the browser', () => {
  let station: Awaited<ReturnType<typeof startStation>> | undefined;
  afterAll(async () => {
    if (station) await stopped(station.proc, 'SIGINT');
  });

  it('the fake microphone is heard on the mount; stop logs the airing with its real length; a closed page ends it after silence', async () => {
    const sb = await sandbox();
    const wav = join(sb.dir, 'mic.wav');
    await runFfmpeg({ label: 'fake mic', inputs: [{ source: 'sine=frequency=880:duration=20:sample_rate=48000', options: ['-f', 'lavfi'] }], output: wav, outputOptions: ['-af', 'volume=4', '-ac', '1', '-c:a', 'pcm_s16le'] });
    station = await startStation(sb);
    const base = `http://127.0.0.1:${sb.env.LOAPHUONG_HTTP_PORT}`;
    const listener = listenPcm(`http://127.0.0.1:${sb.env.LOAPHUONG_ICECAST_PORT}/loaphuong`);
    const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required']);
    const rows = () => JSON.parse(cli(['log', '--json'], sb).stdout) as Row[];
    const consoleLines: string[] = [];
    const goLive = async (page: Page, title: string) => {
      await page.goto(`${base}/phat-truc-tiep`);
      await page.fill('#live-title', title);
      await page.click('#live-start');
      await expect.poll(() => page.textContent('#live-status'), { timeout: 20_000, interval: 200, message: consoleLines.join('\n') }).toBe('ĐANG PHÁT TRỰC TIẾP');
    };
    try {
      const context = await browser.newContext({ locale: 'vi-VN', permissions: ['microphone'] });
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept()); // khẩn cấp is one confirmation away
      page.on('console', (m) => consoleLines.push(m.text()));
      page.on('pageerror', (e) => consoleLines.push(e.message));
      await page.goto(`${base}/phat-truc-tiep`);
      await page.fill('#username', 'admin');
      await page.fill('#password', sb.env.LOAPHUONG_ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/phat-truc-tiep`);

      await goLive(page, 'Thông báo trực tiếp');
      const onAirAt = Date.now();
      // The level meter moves with the voice.
      await expect.poll(() => page.$eval('#live-level', (m) => (m as HTMLMeterElement).value), { timeout: 5000 }).toBeGreaterThan(0.05);
      await sleep(5000);
      const s = listener.samples();
      const from = listener.indexAt(onAirAt + 1500);
      const heard = powerAt(s, from, 16_000, 880, listener.sampleRate);
      expect(heard, station.output()).toBeGreaterThan(100 * powerAt(s, from, 16_000, 440, listener.sampleRate));
      expect(heard).toBeGreaterThan(1e3);
      await page.click('#live-stop');
      await expect.poll(() => page.textContent('#live-status'), { timeout: 15_000 }).toContain('Đã kết thúc');
      const stoppedAt = Date.now();
      const row = rows().find((r) => r.title === 'Thông báo trực tiếp')!;
      expect(row, `${JSON.stringify(row)}\n${station.output()}`).toMatchObject({ status: 'aired', voice: 'live', priority: 'khan-cap' });
      // Its real length: from on air to the stop, give or take the page's and the stream's delays.
      expect(row.durationSec!).toBeGreaterThan((stoppedAt - onAirAt) / 1000 - 3);
      expect(row.durationSec!).toBeLessThan((stoppedAt - onAirAt) / 1000 + 3);

      // Again, and the page is closed mid-sentence: the airing ends after a few seconds of silence.
      await goLive(page, 'Mất kết nối');
      await sleep(2000);
      const closedAt = Date.now();
      await context.close();
      let dropped: Row | undefined;
      await until(() => {
        dropped = rows().find((r) => r.title === 'Mất kết nối');
        return dropped !== undefined && dropped.status !== 'on-air';
      }, 20_000, 'dropped session logged');
      expect(dropped!.reason, station.output()).toMatch(/mất kết nối với trình duyệt/);
      expect(dropped!.durationSec!).toBeLessThan((Date.now() - closedAt) / 1000 + 6);
    } finally {
      await listener.stop();
      await browser.close();
    }
  }, 180_000);
});
