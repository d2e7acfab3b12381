/**
 * Issue 6's "done when", in Debian's Chromium against the real `loaphuong start`: a new user logs
 * in, pastes a plan, approves the bulletin, schedules it a minute ahead, hears it air on the mount,
 * and downloads a PDF report that lists it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../web/helpers.js';
import { cli, onsetAtListener, sandbox, startStation, stopped, vnIso } from './helpers.js';

const PLAN = `UBND PHƯỜNG GIA VIÊN
Số: 12/TB-UBND

THÔNG BÁO
Về việc ra quân tổng vệ sinh môi trường

Sáng Chủ nhật ngày 29/11/2026, từ 6h30, UBND phường tổ chức ra quân tổng vệ sinh
môi trường tại các tổ dân phố. Đề nghị bà con mang theo dụng cụ và tham gia đầy đủ.

Nơi nhận:
- Các tổ dân phố;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
`;

describe('the officer, in the browser, on the running station', () => {
  let station: Awaited<ReturnType<typeof startStation>> | undefined;
  afterAll(async () => {
    if (station) await stopped(station.proc, 'SIGINT');
  });

  it('logs in, pastes a plan, approves, schedules, hears it air, downloads the PDF report', async () => {
    const sb = await sandbox();
    // Whatever the hour CI runs at, the slot must not fall in quiet hours.
    writeFileSync(join(sb.dir, 'loaphuong.config.yaml'), 'quietHours: null\n');
    station = await startStation(sb);
    const base = `http://127.0.0.1:${sb.env.LOAPHUONG_HTTP_PORT}`;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true, locale: 'vi-VN' });
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept()); // the confirmations before approving
      await page.goto(`${base}/ban-tin`);
      await page.fill('#username', 'admin');
      await page.fill('#password', sb.env.LOAPHUONG_ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/ban-tin`);

      await page.fill('#bt', 'Ra quân tổng vệ sinh');
      await page.fill('#bx', PLAN);
      await page.click('text=Tạo bản tin nháp');
      await page.waitForURL(/\/ban-tin\/\d+$/);
      const spoken = (await page.locator('[data-testid=spoken]').allTextContents()).join('\n');
      expect(spoken).toContain('hai mươi chín tháng mười một');
      expect(spoken).not.toMatch(/\d|Nơi nhận|Lưu: VT|CHỦ TỊCH/);
      await page.click('text=Duyệt bản tin');
      await expect.poll(() => page.textContent('.flash')).toContain('Đã duyệt bản tin');

      // The next whole minute at least 45 s away: time to render ahead and decode before the slot.
      const slot = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
      await page.click('text=Lên lịch phát bản tin này');
      await page.waitForURL(/\/lich-phat\/them/);
      await page.fill('#sa', vnIso(slot).slice(0, 16));
      await Promise.all([page.waitForNavigation(), page.click('text=Lưu vào lịch phát')]);
      expect(new URL(page.url()).pathname, (await page.textContent('main')) ?? '').toBe('/lich-phat');
      await expect.poll(() => page.textContent('.flash')).toContain('Đã lên lịch');

      const heardAt = await onsetAtListener(`http://127.0.0.1:${sb.env.LOAPHUONG_ICECAST_PORT}/loaphuong`, (slot - Date.now()) / 1000 + 15);
      expect(heardAt, station.output()).not.toBeNull();
      expect(Math.abs(heardAt! - slot), `heard ${heardAt! - slot} ms from the slot`).toBeLessThan(1000);

      // Completed when the bulletin ends (~15 s with its chimes).
      await expect.poll(() => {
        const rows = JSON.parse(cli(['log', '--json'], sb).stdout) as Array<{ title: string; status: string }>;
        return rows.find((r) => r.title === 'Ra quân tổng vệ sinh')?.status;
      }, { timeout: 40_000, interval: 1000 }).toBe('aired');

      await page.click('nav >> text=Báo cáo');
      await page.waitForURL(/\/bao-cao/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("PDF")')]);
      const pdf = join(sb.dir, 'bao-cao.pdf');
      await download.saveAs(pdf);
      const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Ra quân tổng vệ sinh');
      await context.close();
    } finally {
      await browser.close();
    }
  }, 180_000);
});
