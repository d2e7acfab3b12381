/** Nhật ký phát: date, campaign and status filters together, and the CSV export of exactly that view. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login, makeHarness, type Harness, type Login } from './helpers.js';

let h: Harness;
let l: Login;

const NQ57 = 'Tuyên truyền Nghị quyết 57-NQ/TW';
const TIEM = 'Tiêm chủng mở rộng';

/** Rows over three local days (Hà Nội, UTC+7) with two campaigns and four statuses. */
async function seed(): Promise<void> {
  const log = h.stores.airings;
  const aired = async (iso: string, title: string, campaign: string | null, status: 'aired' | 'partial' | 'interrupted' = 'aired') => {
    const at = new Date(iso);
    const id = await log.begin({ channelId: 'chinh', key: `${title}@${iso}`, scheduledAt: at, startedAt: at, title, campaign, priority: 'thuong', contentHash: 'x', transmitter: 'none' });
    await log.finish(id, { status, endedAt: new Date(at.getTime() + 90_000), reason: status === 'aired' ? null : 'mất luồng' });
  };
  await aired('2026-11-17T23:30:00Z', 'NQ57 sáng 18', NQ57); // 18/11 06:30 local
  await aired('2026-11-18T10:00:00Z', 'NQ57 chiều 18', NQ57, 'partial'); // 18/11 17:00
  await aired('2026-11-18T23:30:00Z', 'Tiêm chủng 19', TIEM); // 19/11 06:30
  await aired('2026-11-19T10:00:00Z', 'NQ57 chiều 19', NQ57); // 19/11 17:00
  await aired('2026-11-19T16:30:00Z', 'NQ57 đêm 19', NQ57, 'interrupted'); // 19/11 23:30 local, still the 19th
  await log.recordMissed({ channelId: 'chinh', key: 'miss-19', scheduledAt: new Date('2026-11-19T04:00:00Z'), title: 'NQ57 trưa 19', campaign: NQ57, priority: 'thuong', reason: 'máy tắt' });
  await aired('2026-11-19T17:30:00Z', 'NQ57 sáng 20', NQ57); // 20/11 00:30 local: outside a 19/11 filter
  await aired('2026-11-19T11:00:00Z', 'Thông báo chung', null);
}

beforeEach(async () => {
  h = await makeHarness(new Date('2026-11-20T03:00:00Z'));
  l = await login(h.app, 'admin', ADMIN_PASSWORD);
  await seed();
});
afterEach(async () => {
  await h.close();
});

const pageOf = (qs: string) => h.app.inject({ url: `/nhat-ky?${qs}`, headers: { cookie: l.cookie, accept: 'text/html' } });
/** The "Bản tin" column (the third) of the table's rows. */
const titlesIn = (body: string): string[] =>
  body.split('<tbody>')[1].split('</tbody>')[0].split('<tr>').slice(1).map((row) => /^(?:\s*<td[^>]*>[^]*?<\/td>){2}\s*<td>([^<]*)<\/td>/.exec(row)![1]);
const csvLink = (body: string): string => /href="(\/api\/airings\?[^"]+)"[^>]*data-testid="csv"/.exec(body)![1].replace(/&amp;/g, '&');

async function csvTitles(url: string): Promise<string[]> {
  const res = await h.app.inject({ url, headers: { cookie: l.cookie } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  const head = lines[0].split(',');
  return lines.slice(1).map((line) => line.split(',')[head.indexOf('Bản tin')]);
}

describe('Nhật ký phát filters', () => {
  it('combines date range, campaign and status; the CSV link exports exactly the rows shown', async () => {
    const cases: [string, string[]][] = [
      ['from=2026-11-18&to=2026-11-20', ['NQ57 sáng 18', 'NQ57 chiều 18', 'Tiêm chủng 19', 'NQ57 trưa 19', 'NQ57 chiều 19', 'Thông báo chung', 'NQ57 đêm 19', 'NQ57 sáng 20']],
      ['from=2026-11-19&to=2026-11-19', ['Tiêm chủng 19', 'NQ57 trưa 19', 'NQ57 chiều 19', 'Thông báo chung', 'NQ57 đêm 19']],
      [`from=2026-11-19&to=2026-11-19&campaign=${encodeURIComponent(NQ57)}`, ['NQ57 trưa 19', 'NQ57 chiều 19', 'NQ57 đêm 19']],
      [`from=2026-11-19&to=2026-11-19&campaign=${encodeURIComponent(NQ57)}&status=aired`, ['NQ57 chiều 19']],
      [`from=2026-11-18&to=2026-11-20&campaign=${encodeURIComponent(NQ57)}&status=missed`, ['NQ57 trưa 19']],
      ['from=2026-11-18&to=2026-11-19&status=partial', ['NQ57 chiều 18']],
      [`from=2026-11-18&to=2026-11-20&campaign=${encodeURIComponent(TIEM)}&status=missed`, []],
    ];
    for (const [qs, want] of cases) {
      const res = await pageOf(qs);
      expect(res.statusCode, qs).toBe(200);
      expect(titlesIn(res.body), qs).toEqual(want);
      expect(res.body, qs).toContain(`${want.length} lượt phát`);
      const link = csvLink(res.body);
      expect(await csvTitles(link), link).toEqual(want);
    }
  });

  it('keeps the filters in the form, offers the period\'s campaigns, and keeps a channel filter in the export', async () => {
    const res = await pageOf(`from=2026-11-19&to=2026-11-19&campaign=${encodeURIComponent(TIEM)}&status=aired&channel=chinh`);
    expect(res.body).toContain('value="2026-11-19"');
    expect(res.body).toContain(`value="${TIEM}" list="campaigns"`);
    expect(res.body).toMatch(/<option value="aired" selected>/);
    expect(res.body).toContain(`<option value="${NQ57}">`);
    const link = new URL(csvLink(res.body), 'http://x');
    expect(Object.fromEntries(link.searchParams)).toEqual({ from: '2026-11-19', to: '2026-11-19', status: 'aired', campaign: TIEM, channel: 'chinh', format: 'csv' });
    expect(titlesIn(res.body)).toEqual(['Tiêm chủng 19']);
    // Another channel: nothing.
    expect(titlesIn((await pageOf('from=2026-11-19&to=2026-11-19&channel=phu')).body)).toEqual([]);
  });

  it('defaults to the last seven days and refuses a bad date with a coded error', async () => {
    const res = await pageOf('');
    expect(res.body).toContain('value="2026-11-14"');
    expect(res.body).toContain('value="2026-11-20"');
    expect(titlesIn(res.body)).toHaveLength(8);
    const bad = await h.app.inject({ url: '/api/airings?from=20/11/2026', headers: { cookie: l.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('LP_ERR_DATE_INVALID');
  });
});

describe('Nhật ký phát a page at a time', () => {
  /** 250 more rows on 18/11, one a minute from 08:00 local. */
  async function many(): Promise<void> {
    for (let i = 0; i < 250; i++) {
      const at = new Date(Date.parse('2026-11-18T01:00:00Z') + i * 60_000);
      const id = await h.stores.airings.begin({ channelId: 'chinh', key: `nhieu-${i}`, scheduledAt: at, startedAt: at, title: `Bản tin ${i}`, campaign: TIEM, priority: 'thuong', contentHash: 'x' });
      await h.stores.airings.finish(id, { status: 'aired', endedAt: new Date(at.getTime() + 30_000) });
    }
  }

  it('the API answers a page and links the next one with the same filters until every row was seen once', async () => {
    await many();
    let url: string | null = `/api/airings?from=2026-11-18&to=2026-11-20&campaign=${encodeURIComponent(TIEM)}&limit=100`;
    const pages: number[] = [];
    const keys: string[] = [];
    while (url) {
      const res = await h.app.inject({ url, headers: { cookie: l.cookie } });
      expect(res.statusCode).toBe(200);
      const rows = res.json() as { key: string; campaign: string }[];
      expect(rows.every((r) => r.campaign === TIEM)).toBe(true);
      pages.push(rows.length);
      keys.push(...rows.map((r) => r.key));
      const link = res.headers.link as string | undefined;
      url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null;
    }
    expect(pages).toEqual([100, 100, 51]);
    expect(new Set(keys).size).toBe(251);
    // Without a limit a page is 500 rows; a bad cursor is a coded 400.
    expect((await h.app.inject({ url: '/api/airings?from=2026-11-18&to=2026-11-20', headers: { cookie: l.cookie } })).json()).toHaveLength(258);
    const bad = await h.app.inject({ url: '/api/airings?after=khong-phai', headers: { cookie: l.cookie } });
    expect(bad.json()).toMatchObject({ code: 'LP_ERR_BAD_REQUEST' });
  });

  it('the page shows the total, 100 rows, a next link keeping the filters; the CSV still has every row', async () => {
    await many();
    const first = await pageOf('from=2026-11-18&to=2026-11-20&status=aired');
    expect(first.body).toContain('255 lượt phát · trang này 100 lượt');
    expect(titlesIn(first.body)).toHaveLength(100);
    const next = /href="([^"]+)" data-testid="next-page"/.exec(first.body)![1].replace(/&amp;/g, '&');
    expect(Object.fromEntries(new URL(next, 'http://x').searchParams)).toMatchObject({ from: '2026-11-18', to: '2026-11-20', status: 'aired' });
    const second = await h.app.inject({ url: next, headers: { cookie: l.cookie, accept: 'text/html' } });
    const titles = [...titlesIn(first.body), ...titlesIn(second.body)];
    expect(second.body).toContain('← Trang đầu');
    expect(new Set(titles).size).toBe(200);
    expect(await csvTitles(csvLink(first.body))).toHaveLength(255);
  });
});
