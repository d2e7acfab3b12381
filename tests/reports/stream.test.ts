/**
 * Reports as streams: rows folded as they come (a list, a generator or an async stream like the
 * store's), every format written in chunks, and what a city's month changes — the XLSX detail split
 * across sheets, the PDF appendix capped with a pointer to the full lists. Speed and memory at a
 * million rows are in bench/reports.ts (no elapsed time is asserted here).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AiringRow } from '../../src/airing/index.js';
import { buildMonthlyReport, PDF_APPENDIX_MAX, REPORT_FORMATS, streamReport, summarizeMonth, writeReport } from '../../src/reports/index.js';
import { sourceFromRows } from '../../src/reports/source.js';
import { xlsxChunks } from '../../src/reports/xlsx.js';
import { novemberRows, OPTS, row } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-report-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

const inLogOrder = (rows: AiringRow[]) => [...rows].sort((a, b) => Date.parse(a.startedAt ?? a.scheduledAt) - Date.parse(b.startedAt ?? b.scheduledAt) || a.id - b.id);

/** A busy month: `n` rows over November, every 13th not aired cleanly, 12 channels. */
function busyMonth(n: number): AiringRow[] {
  const from = Date.parse('2026-10-31T17:00:00.000Z');
  const statuses = ['aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'aired', 'missed'] as const;
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(from + Math.floor((i * 30 * 86_400_000) / n)).toISOString();
    const status = statuses[i % statuses.length];
    return row({ startedAt: status === 'missed' ? null : at, scheduledAt: at, status, channelId: `phuong-${i % 12}`, title: `Bản tin ${i % 5}`, reason: status === 'missed' ? 'Đài không chạy lúc đến giờ phát' : null });
  });
}

/** Every entry of a ZIP: inflated and checked against the CRC and size in its central directory. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [crc, csize, size, nameLen, extra, comment, offset] = [zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24), zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32), zip.readUInt32LE(at + 42)];
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const local = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(local, local + csize));
    expect(data.length, name).toBe(size);
    expect(crc32(data) >>> 0, name).toBe(crc);
    out.set(name, data);
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

describe('streamReport', () => {
  it('from a list, a generator or an async stream in the log order: the same bytes as the report built in memory', async () => {
    const rows = inLogOrder(novemberRows());
    const report = buildMonthlyReport(rows, OPTS);
    async function* fromStore() {
      for (const r of rows) yield r;
    }
    function* generated() {
      yield* rows;
    }
    for (const format of ['csv', 'xlsx'] as const) {
      const whole = await writeReport(report, format);
      for (const source of [rows, generated(), fromStore()]) expect((await collect(streamReport(source, OPTS, format).chunks)).equals(whole), format).toBe(true);
    }
    const s = streamReport(fromStore(), OPTS, 'pdf');
    expect(s.header.monthLabel).toBe('tháng 11 năm 2026');
    const pdf = await collect(s.chunks);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { airings: _lines, ...figures } = report;
    expect(s.summary()).toEqual(figures);
    expect(await summarizeMonth(fromStore(), OPTS)).toEqual(figures);
  });

  it('a month is checked before any row is read; rows out of the log order are refused, not misnumbered', async () => {
    expect(() => streamReport([], { ...OPTS, month: '2026-13' }, 'csv')).toThrow(expect.objectContaining({ code: 'LP_ERR_MONTH_INVALID' }));
    expect(() => streamReport([], OPTS, 'docx')).toThrow(expect.objectContaining({ code: 'LP_ERR_REPORT_FORMAT' }));
    const rows = inLogOrder(novemberRows());
    const swapped = [rows[1], rows[0], ...rows.slice(2)];
    await expect(collect(streamReport(swapped, OPTS, 'csv').chunks)).rejects.toMatchObject({ code: 'LP_ERR_INTERNAL' });
  });

  it('figures per channel and per day add up to the totals', async () => {
    const s = await summarizeMonth(busyMonth(3900), OPTS);
    expect(s.channels).toHaveLength(12);
    expect(s.days).toHaveLength(30);
    for (const list of [s.channels, s.days]) {
      expect(list.reduce((n, x) => n + x.airings, 0)).toBe(s.totals.airings);
      expect(list.reduce((n, x) => n + x.counts.missed, 0)).toBe(s.totals.counts.missed);
    }
    expect(s.days[0].date).toBe('01/11/2026');
    expect(s.days[29].date).toBe('30/11/2026');
  });
});

  it('lines with `keep`: only the kept lines, numbered as in the whole month; the figures count every row', async () => {
    const rows = busyMonth(3900);
    const all: number[] = [];
    for await (const batch of sourceFromRows(rows, OPTS).lines()) for (const a of batch) if (a.status === 'missed') all.push(a.no);
    const src = sourceFromRows(rows, OPTS);
    const asked: string[] = [];
    const kept: number[] = [];
    for await (const batch of src.lines((s) => (asked.push(s), s === 'missed'))) for (const a of batch) kept.push(a.no);
    expect(asked).toHaveLength(3900);
    expect(kept).toEqual(all);
    expect(src.summary()).toEqual(await summarizeMonth(rows, OPTS));
    expect(src.summary().totals.counts.missed).toBe(300);
  });

describe('XLSX at scale', () => {
  it('compresses in pieces that join into valid entries (CRC and size checked), shared strings once', async () => {
    const zip = await collect(streamReport(busyMonth(20_000), OPTS, 'xlsx').chunks);
    const parts = unzip(zip);
    const sheet = parts.get('xl/worksheets/sheet2.xml')!.toString('utf8');
    // Several 1 MB pieces of XML went through the compressor for this sheet.
    expect(sheet.length).toBeGreaterThan(3 << 20);
    expect(sheet.match(/<row /g)).toHaveLength(20_000 + 6); // title block, blank line, header
    const sst = parts.get('xl/sharedStrings.xml')!.toString('utf8');
    expect(Number(/uniqueCount="(\d+)"/.exec(sst)![1])).toBeLessThan(2000);
    expect([...parts.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']));
  });

  it('past a sheet\'s rows the detail continues on the next sheet, numbered on, each filterable', async () => {
    const rows = busyMonth(23);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await collect(xlsxChunks(sourceFromRows(rows, OPTS), 10))) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết', 'Chi tiết (2)', 'Chi tiết (3)']);
    const numbers = wb.worksheets.slice(1).flatMap((w) => w.getSheetValues().filter((r) => Array.isArray(r) && typeof r[1] === 'number').map((r) => (r as number[])[1]));
    expect(numbers).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    for (const w of wb.worksheets.slice(1)) expect(w.autoFilter).toBeTruthy();
    expect(wb.getWorksheet('Chi tiết (2)')!.getCell('A3').value).toMatch(/phần 2/);
  });
});

describe('PDF of a city\'s month', () => {
  it('lists only what did not air cleanly past the cap, says where every airing is, and adds the figures per day and channel', async () => {
    const rows = busyMonth(PDF_APPENDIX_MAX * 3);
    const pdf = await collect(streamReport(rows, OPTS, 'pdf').chunks);
    const file = join(dir, 'city.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
    const missed = rows.filter((r) => r.status === 'missed').length;
    expect(text).toContain(`Tháng có ${rows.length} lượt phát`);
    expect(text).toContain(`${missed} trong ${rows.length} lượt phát không trọn vẹn`);
    expect(text).toContain('tệp CSV hoặc Excel (XLSX)');
    expect(text).toContain('THEO NGÀY');
    expect(text).toContain('THEO KÊNH');
    expect(text).toContain('Các lượt phát không trọn vẹn tháng 11 năm 2026');
    // Only the missed rows are listed: no aired one in the appendix.
    const appendix = text.slice(text.indexOf('PHỤ LỤC'));
    expect(appendix).toContain('Bỏ lỡ');
    expect(appendix).not.toContain('Đã phát');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeLessThan(30);
  });

  it('a ward\'s month is listed whole, as before', async () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: await writeReport(buildMonthlyReport(novemberRows(), OPTS), 'pdf'), encoding: 'utf8' });
    expect(text).toContain('Chi tiết các lượt phát');
    expect(text).not.toContain('THEO NGÀY');
    expect(REPORT_FORMATS).toContain('pdf');
  });
});
