/**
 * Every page in Debian's Chromium at an office monitor (1280 px) and a small screen (800 px): nothing
 * scrolls sideways, nothing sticks out of its box, and the screenshots are kept for a human look
 * (LP_SCREENSHOT_DIR, else the temp dir). The bulletin page is checked with a long real plan.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login, makeHarness, launchChromium, type Harness } from './helpers.js';

let h: Harness;
let browser: Browser;
let base: string;
let longId = 0;
let fileName = '';

beforeAll(async () => {
  h = await makeHarness(new Date('2026-11-20T01:00:00Z'));
  const admin = await login(h.app, 'admin', ADMIN_PASSWORD);
  const plan = readFileSync('/work/shared/campaigns/kinh-mon-ward-plan.txt', 'utf8');
  const made = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: admin.headers, payload: { text: plan, campaign: 'Kế hoạch tuyên truyền phường Kinh Môn' } });
  const bulletins = made.json().bulletins as { id: number; text: string; title: string }[];
  const longest = bulletins.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  longId = longest.id;
  await h.app.inject({ method: 'POST', url: `/api/bulletins/${longId}/approve`, headers: admin.headers });
  const s = await h.app.inject({ method: 'POST', url: '/api/schedules', headers: admin.headers, payload: { bulletinId: longId, priority: 'uu-tien', times: '06:30, 11:00, 17:00' } });
  fileName = /[^/]+\.yaml/.exec(JSON.stringify(s.json()))?.[0] ?? '';
  const log = h.stores.airings;
  for (let d = 0; d < 5; d++) {
    const at = new Date(Date.parse('2026-11-15T23:30:00Z') + d * 86400_000);
    const id = await log.begin({ channelId: 'chinh', key: `k${d}`, scheduledAt: at, startedAt: at, title: longest.title, campaign: 'Kế hoạch tuyên truyền phường Kinh Môn', priority: 'uu-tien', contentHash: 'x', transmitter: 'none' });
    await log.finish(id, { status: d === 2 ? 'partial' : 'aired', endedAt: new Date(at.getTime() + 240_000), reason: d === 2 ? 'mất kết nối tới máy chủ phát luồng' : null });
  }
  await log.recordMissed({ channelId: 'chinh', key: 'm', scheduledAt: new Date('2026-11-19T04:00:00Z'), title: longest.title, campaign: 'Kế hoạch tuyên truyền phường Kinh Môn', priority: 'thuong', reason: 'máy trạm tắt' });
  await h.station.airNow({ text: 'Thông báo khẩn về bão số 3', title: 'Thông báo khẩn: bão số 3 đổ bộ', priority: 'khan-cap', requestedBy: 'admin' });

  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Elements wider than the page or sticking out of the viewport (a table cell may scroll inside `.scroll`). */
async function overflow(page: Page): Promise<{ scroll: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    document.querySelectorAll('body *').forEach((el) => {
      if (el.closest('.scroll')) return;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${(el.className || '').toString().replace(/\s+/g, '.')} right=${Math.round(r.right)}`);
    });
    return { scroll: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 8) };
  });
}

const PAGES = () => [
  ['trang-chu', '/'], ['ban-tin', '/ban-tin'], ['ban-tin-dai', `/ban-tin/${longId}`], ['lich-phat', '/lich-phat'],
  ['lich-phat-them', `/lich-phat/them?bulletin=${longId}`], ['lich-phat-tep', `/lich-phat/tep/${fileName}`],
  ['phat-khan-cap', '/phat-khan-cap'], ['nhat-ky', '/nhat-ky'], ['bao-cao', '/bao-cao'], ['nguoi-dung', '/nguoi-dung'], ['tai-khoan', '/tai-khoan'],
] as const;

describe('every page at 1280 px and 800 px', () => {
  for (const width of [1280, 800]) {
    it(`fits ${width} px without sideways scrolling`, async () => {
      const context = await browser.newContext({ locale: 'vi-VN', viewport: { width, height: 900 } });
      const page = await context.newPage();
      const dir = process.env.LP_SCREENSHOT_DIR ?? h.dir;
      await page.goto(`${base}/dang-nhap`);
      expect(await overflow(page)).toMatchObject({ culprits: [] });
      await page.screenshot({ path: join(dir, `${width}-dang-nhap.png`), fullPage: true });
      await page.fill('#username', 'admin');
      await page.fill('#password', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/`);
      for (const [name, path] of PAGES()) {
        const res = await page.goto(`${base}${path}`);
        expect(res?.status(), path).toBe(200);
        const o = await overflow(page);
        expect({ path, ...o }).toEqual({ path, scroll: o.width, width: o.width, culprits: [] });
        await page.screenshot({ path: join(dir, `${width}-${name}.png`), fullPage: true });
      }
      await context.close();
    }, 60_000);
  }

  it('shows the long plan paragraph by paragraph beside its spoken form at 1280 px, interleaved at 800 px', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/dang-nhap?next=/ban-tin/${longId}`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/ban-tin/${longId}`);
    // Paragraph by paragraph: each paragraph of the plan beside its own spoken form, same height.
    const pairs = await page.locator('.pairs [data-testid=clean]').count();
    expect(pairs).toBeGreaterThan(3);
    expect(await page.locator('.pairs [data-testid=spoken]').count()).toBe(pairs);
    const box = async (id: string, i: number) => (await page.locator(`[data-testid=${id}]`).nth(i).boundingBox())!;
    for (const i of [0, pairs - 1]) {
      const [c, s] = [await box('clean', i), await box('spoken', i)];
      expect(Math.abs(c.y - s.y)).toBeLessThan(2);
      expect(c.x + c.width).toBeLessThanOrEqual(s.x);
      expect(Math.abs(c.height - s.height)).toBeLessThan(2);
    }
    expect(await page.locator('[data-testid=spoken]').nth(0).textContent()).not.toMatch(/\d/);
    // Narrow: each spoken paragraph right under its text.
    await page.setViewportSize({ width: 800, height: 900 });
    const [c, s, next] = [await box('clean', 1), await box('spoken', 1), await box('clean', 2)];
    expect(Math.abs(s.y - (c.y + c.height))).toBeLessThan(2);
    expect(next.y).toBeGreaterThan(s.y + s.height);
    await context.close();
  }, 30_000);
});
