/**
 * A hub's monthly report covers its wards: each airing says which ward aired it, each bulletin the
 * wards that aired it, and a summary per ward follows — in the builder and in the three writers.
 * A ward's own report (no ward rows) stays as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMonthlyReport, writeReport } from '../../src/reports/index.js';
import { novemberRows, OPTS, row } from '../reports/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-hub-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HUB = { ...OPTS, ward: 'Thành phố Hải Phòng', wardNames: { 'gia-vien': 'Phường Gia Viên', 'an-bien': 'Phường An Biên' } };
const rows = [
  row({ startedAt: '2026-11-03T23:30:00.000Z', title: 'Bão số 3', campaign: null, priority: 'khan-cap', ward: 'gia-vien', durationSec: 60 }),
  row({ startedAt: '2026-11-03T23:30:02.000Z', title: 'Bão số 3', campaign: null, priority: 'khan-cap', ward: 'an-bien', durationSec: 60 }),
  row({ startedAt: '2026-11-04T10:00:00.000Z', title: 'Bão số 3', campaign: null, priority: 'khan-cap', ward: 'an-bien', status: 'missed', durationSec: 0 }),
  row({ startedAt: '2026-11-05T00:00:00.000Z', title: 'Chương trình của thành phố', campaign: null, ward: null, durationSec: 120 }),
  row({ startedAt: '2026-11-06T00:00:00.000Z', title: 'Tin cũ', campaign: null, ward: 'da-giai-the', durationSec: 30 }),
];
const report = buildMonthlyReport(rows, HUB);

describe("a hub's monthly report", () => {
  it('names the ward of every airing and sums each ward (the hub first, then by name; an unknown ward by its id)', () => {
    expect(report.airings.map((a) => a.ward)).toEqual(['Phường Gia Viên', 'Phường An Biên', 'Phường An Biên', 'Thành phố Hải Phòng', 'da-giai-the']);
    expect(report.groups.find((g) => g.title === 'Bão số 3')!.wards).toEqual(['Phường Gia Viên', 'Phường An Biên']);
    expect(report.byWard.map((w) => [w.id, w.ward, w.airings, w.minutes, w.counts.missed, w.bulletins])).toEqual([
      [null, 'Thành phố Hải Phòng', 1, 2, 0, 1],
      ['da-giai-the', 'da-giai-the', 1, 0.5, 0, 1],
      ['an-bien', 'Phường An Biên', 1, 1, 1, 1],
      ['gia-vien', 'Phường Gia Viên', 1, 1, 0, 1],
    ]);
  });

  it("a ward's own report has no ward column and no ward summary", async () => {
    const own = buildMonthlyReport(novemberRows(), OPTS);
    expect(own.byWard).toEqual([]);
    expect(own.airings.every((a) => a.ward === '')).toBe(true);
    expect((await writeReport(own, 'csv')).toString('utf8')).not.toContain('Phường/xã');
  });

  it('CSV: a ward column beside each airing, and the summary per ward', async () => {
    const lines = (await writeReport(report, 'csv')).toString('utf8').split('\r\n');
    expect(lines.find((l) => l.startsWith('STT,'))).toMatch(/^STT,Phường\/xã,Ngày,/);
    expect(lines.find((l) => l.startsWith('1,'))).toMatch(/^1,Phường Gia Viên,04\/11\/2026,/);
    const at = lines.indexOf('TỔNG HỢP THEO PHƯỜNG/XÃ');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 2, at + 6)).toEqual([
      'Thành phố Hải Phòng,1,2,1,0,0,0,0,1',
      'da-giai-the,1,"0,5",1,0,0,0,0,1',
      'Phường An Biên,1,1,1,0,0,1,0,1',
      'Phường Gia Viên,1,1,1,0,0,0,0,1',
    ]);
  });

  it('XLSX: a "Theo phường" sheet and a ward column in the detail', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await writeReport(report, 'xlsx') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo phường', 'Chi tiết']);
    const values = (name: string) => wb.getWorksheet(name)!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(values('Theo phường').find((r) => r[1] === 'Phường An Biên')).toEqual([3, 'Phường An Biên', 1, 1, 1, 0, 0, 1, 0, 1]);
    const detail = values('Chi tiết');
    expect(detail.find((r) => r[0] === 'STT')!.slice(0, 3)).toEqual(['STT', 'Phường/xã', 'Ngày']);
    expect(detail.find((r) => r[0] === 5)!.slice(0, 2)).toEqual([5, 'da-giai-the']);
  });

  it('PDF: the summary per ward, and the ward beside each airing in the appendix', async () => {
    const file = join(dir, 'hub.pdf');
    writeFileSync(file, await writeReport(report, 'pdf'));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
    expect(text).toContain('III. TỔNG HỢP THEO PHƯỜNG/XÃ');
    expect(text).toContain('Phường An Biên');
    expect(text).toContain('Phường/xã, kênh');
    expect(text).toContain('Phường Gia Viên: Kênh chính');
  });
});
