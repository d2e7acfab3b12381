/**
 * The Bản tin page in Debian's Chromium with a scanned PDF: choose the file, watch the OCR progress
 * page by page, read the cleaned text beside its spoken form, approve.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesToPdf, makeDocumentFixtures } from '../../bench/documents.js';
import { ADMIN_PASSWORD, launchChromium, makeHarness, type Harness } from './helpers.js';

let h: Harness;
let browser: Browser;
let base: string;
let scan: string;
const work = mkdtempSync(join(tmpdir(), 'lp-doc-browser-'));

beforeAll(async () => {
  const f = await makeDocumentFixtures();
  scan = join(work, 'ke-hoach-57-ban-quet.pdf');
  await imagesToPdf(f.scanPages.slice(0, 2), scan);
  h = await makeHarness(new Date('2026-11-20T01:00:00Z'));
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a scanned plan in the browser', () => {
  it('uploads the scan, shows "trang N/M: nhận dạng chữ" while it reads, then the drafts side by side, and approves one', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${base}/ban-tin`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/ban-tin`);

    await page.fill('#bc', 'Tuyên truyền Nghị quyết 57-NQ/TW');
    await page.setInputFiles('#bf', scan);
    await page.click('text=Tạo bản tin nháp');
    await page.waitForURL(/\/ban-tin\/xu-ly\//);
    // The page reloads itself each second while Tesseract reads the pages.
    const seen = new Set<string>();
    await expect.poll(async () => {
      const t = await page.textContent('[data-testid=job-progress]', { timeout: 1000 }).catch(() => null);
      if (t) seen.add(t.trim());
      return [...seen].some((s) => /^trang [12]\/2: nhận dạng chữ \(OCR\)$/.test(s)) || !page.url().includes('/xu-ly/');
    }, { timeout: 240_000, interval: 200 }).toBe(true);
    await page.screenshot({ path: join(process.env.LP_SCREENSHOT_DIR ?? work, 'ban-tin-dang-doc.png') });
    await page.waitForURL((u) => !u.pathname.includes('/xu-ly/'), { timeout: 240_000 });
    expect([...seen].join(' | ')).toMatch(/nhận dạng chữ/);
    await expect.poll(() => page.textContent('.flash')).toMatch(/Đã tạo \d+ bản tin nháp/);

    // Two scanned pages make a few bulletins: open the first made.
    if (!/\/ban-tin\/\d+$/.test(page.url())) await page.click('table a[href^="/ban-tin/"] >> nth=-1');
    await page.waitForURL(/\/ban-tin\/\d+$/);
    const clean = (await page.locator('[data-testid=clean]').allTextContents()).join('\n');
    const spoken = (await page.locator('[data-testid=spoken]').allTextContents()).join('\n');
    expect(clean).toMatch(/\d/); // the text as written …
    expect(spoken).not.toMatch(/\d/); // … beside what the voice reads
    expect(await page.textContent('main')).toContain('Tuyên truyền Nghị quyết 57-NQ/TW');
    await page.screenshot({ path: join(process.env.LP_SCREENSHOT_DIR ?? work, 'ban-tin-tu-ban-quet.png'), fullPage: true });

    await page.click('text=Duyệt bản tin');
    await expect.poll(() => page.textContent('.flash')).toContain('Đã duyệt bản tin');
    expect(await page.textContent('main')).toContain('Duyệt: admin');
    await context.close();
  }, 420_000);
});
