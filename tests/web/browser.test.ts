/** The officer's day in Debian's Chromium: log in, draft, approve, schedule, see the calendar, export. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, makeHarness, launchChromium, type Harness } from './helpers.js';

let h: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  // Friday 20 Nov 2026, 08:00 in Hà Nội time: the calendar shows the week of 16–22 November.
  h = await makeHarness(new Date('2026-11-20T01:00:00Z'));
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function logIn(page: Page): Promise<void> {
  await page.goto(`${base}/ban-tin`);
  await expect.poll(() => page.url()).toContain('/dang-nhap');
  await page.fill('#username', 'admin');
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/ban-tin`);
}

describe('in the browser', () => {
  it('logs in, drafts and approves a bulletin, schedules it, sees it on the calendar, exports the report', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await logIn(page);

    await page.fill('#bt', 'Lịch tiêm vắc xin sởi');
    await page.fill('#bc', 'Tiêm chủng mở rộng');
    await page.fill('#bx', 'Ngày 25/11/2026, trạm y tế phường tổ chức tiêm vắc xin sởi cho trẻ em từ 1 đến 5 tuổi. Đề nghị các gia đình đưa trẻ đến đúng giờ.');
    await page.click('text=Tạo bản tin nháp');
    await page.waitForURL(/\/ban-tin\/\d+$/);
    await expect.poll(() => page.textContent('.flash')).toContain('Đã tạo 1 bản tin nháp');
    const spoken = await page.textContent('[data-testid=spoken]');
    expect(spoken).toContain('hai mươi lăm tháng mười một');
    expect(spoken).not.toMatch(/\d/);

    await page.click('text=Duyệt bản tin');
    await expect.poll(() => page.textContent('.flash')).toContain('Đã duyệt bản tin');
    expect(await page.textContent('main')).toContain('Duyệt: admin');

    await page.click('text=Lên lịch phát bản tin này');
    await page.waitForURL(/\/lich-phat\/them\?bulletin=\d+/);
    await page.selectOption('#sp', 'uu-tien');
    await page.fill('#st', '06:30, 17:00');
    await page.click('text=Lưu vào lịch phát');
    await page.waitForURL(`${base}/lich-phat`);
    await expect.poll(() => page.textContent('.flash')).toContain('Đã lên lịch');
    const saturday = page.locator('.day[data-day="2026-11-21"]');
    expect(await saturday.locator('.slot.p-uu-tien').count()).toBe(2);
    expect(await saturday.textContent()).toContain('17:00 Lịch tiêm vắc xin sởi');
    expect(h.station.reloads).toBe(1);
    await page.screenshot({ path: join(process.env.LP_SCREENSHOT_DIR ?? h.dir, 'lich-phat.png'), fullPage: true });

    await page.click('nav >> text=Báo cáo');
    await page.waitForURL(/\/bao-cao/);
    expect(await page.textContent('h2')).toContain('tháng 11 năm 2026');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("PDF")')]);
    expect(download.suggestedFilename()).toBe('bao-cao-truyen-thanh-2026-11.pdf');
    const saved = join(h.dir, 'bao-cao.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(saved).size).toBeGreaterThan(1000);
    await context.close();
  }, 60_000);

  it('renders the home page in Vietnamese (screenshot kept for a human look)', async () => {
    await h.station.airNow({ text: 'Thông báo khẩn về bão số 3', title: 'Thông báo khẩn: bão số 3 đổ bộ', priority: 'khan-cap', requestedBy: 'admin' });
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/dang-nhap`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const main = await page.textContent('main');
    expect(main).toContain('Đang phát: Thông báo khẩn: bão số 3 đổ bộ');
    expect(main).toContain('Sắp phát');
    expect(main).toContain('Máy phát (không điều khiển)');
    expect(await page.locator('audio').first().getAttribute('src')).toBe('http://127.0.0.1:8000/loaphuong');
    // The elapsed counter ticks client-side (script served from our origin under the CSP).
    await expect.poll(() => page.textContent('[data-since]')).toMatch(/^1:0\d$/);
    await page.screenshot({ path: join(process.env.LP_SCREENSHOT_DIR ?? h.dir, 'trang-chu.png'), fullPage: true });
    await context.close();
  }, 30_000);
});
