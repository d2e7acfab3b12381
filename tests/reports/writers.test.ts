import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMonthlyReport, REPORT_CONTENT_TYPES, REPORT_FORMATS, reportFileName, saveReport, writeReport, type MonthlyReport } from '../../src/reports/index.js';
import { NQ57, novemberRows, OPTS, row } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const report = buildMonthlyReport(novemberRows(), OPTS);
const writeCsv = (r: MonthlyReport) => writeReport(r, 'csv');
const writeXlsx = (r: MonthlyReport) => writeReport(r, 'xlsx');
const writePdf = (r: MonthlyReport) => writeReport(r, 'pdf');

/** Every Vietnamese vowel with every tone, lower and upper case, and đ/Đ (NFC). */
const ALL_DIACRITICS = (() => {
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = [...'aăâeêioôơuưy'].flatMap((v) => tones.map((t) => (v + t).normalize('NFC'))).join('') + 'đ';
  return `${lower} ${lower.toUpperCase()}`;
})();

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
}
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('CSV', async () => {
  const csv = await writeCsv(report);
  const text = csv.toString('utf8');

  it('starts with the UTF-8 BOM so Excel shows Vietnamese, and uses CRLF', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toContain('\r\n');
  });

  it('has one line per airing, with local date and time, seconds, minutes (decimal comma) and status', () => {
    const lines = text.split('\r\n');
    expect(lines).toContain(`1,01/11/2026,06:30,06:31,95,"1,6",${NQ57},"Bản tin số 1: Nghị quyết 57-NQ/TW về khoa học, công nghệ",Thông thường,Kênh chính,none,Đã phát,Có,`);
    expect(lines).toContain(`5,02/11/2026,17:00,,0,0,${NQ57},"Bản tin số 1: Nghị quyết 57-NQ/TW về khoa học, công nghệ",Thông thường,Kênh chính,none,Bỏ lỡ,,Đài không chạy lúc đến giờ phát`);
    expect(lines.filter((l) => /^\d+,\d\d\/11\/2026,/.test(l))).toHaveLength(7);
  });

  it('ends with the summary per bulletin and the totals', () => {
    const lines = text.split('\r\n');
    expect(lines).toContain('TỔNG HỢP THEO BẢN TIN');
    expect(lines).toContain(`${NQ57},"Bản tin số 1: Nghị quyết 57-NQ/TW về khoa học, công nghệ",3,"3,8",2,0,1,1,0,Kênh chính,none,"01/11-02/11: 06:30, 17:00"`);
    expect(lines).toContain('Tổng cộng,"3 bản tin, 3 chiến dịch",5,"5,4",3,1,1,1,1');
    expect(lines).toContain('Im lặng trên sóng khi đang phát,0 lần');
  });

  it('neutralises cells Excel would run as formulas', async () => {
    const evil = buildMonthlyReport([row({ startedAt: '2026-11-03T00:00:00.000Z', title: '=HYPERLINK("http://x","bấm")' })], OPTS);
    expect((await writeCsv(evil)).toString('utf8')).toContain(`"'=HYPERLINK(""http://x"",""bấm"")"`);
  });
});

describe('XLSX', () => {
  it('opens in exceljs with a formatted summary sheet and a detail sheet holding the figures', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsx(report)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết']);

    const sum = wb.getWorksheet('Tổng hợp')!;
    expect(sum.getCell('A1').value).toBe('UBND PHƯỜNG GIA VIÊN');
    expect(sum.getCell('A2').value).toBe('BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ');
    expect(sum.getCell('A3').value).toBe('Tháng 11 năm 2026');
    const header = sum.getRow(6);
    expect(header.getCell(3).value).toBe('Bản tin');
    expect(header.getCell(3).font?.bold).toBe(true);
    expect(sum.getColumn(3).width).toBeGreaterThanOrEqual(30);
    const nq = sum.getRow(8);
    expect([nq.getCell(2).value, nq.getCell(4).value, nq.getCell(5).value, nq.getCell(6).value, nq.getCell(8).value, nq.getCell(9).value])
      .toEqual([NQ57, 3, 3.8, 2, 1, 1]);
    const total = sum.getRow(10);
    expect([total.getCell(2).value, total.getCell(4).value, total.getCell(5).value]).toEqual(['Tổng cộng', 5, 5.4]);
    expect(total.getCell(2).font?.bold).toBe(true);

    const det = wb.getWorksheet('Chi tiết')!;
    const rows = det.getSheetValues().filter((r) => Array.isArray(r) && typeof r[1] === 'number');
    expect(rows).toHaveLength(7);
    const storm = det.getRow(6 + 4);
    expect([storm.getCell(2).value, storm.getCell(3).value, storm.getCell(5).value, storm.getCell(8).value]).toEqual(['02/11/2026', '07:15', 1, 'Khẩn cấp']);
    expect(det.autoFilter).toBeTruthy();
  });
});

describe('PDF', () => {
  it('reads as a Vietnamese administrative report: Quốc hiệu, ward, title, figures, date line, signatures', async () => {
    const text = flat(pdfText(await writePdf(report), 'report.pdf'));
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'UBND PHƯỜNG GIA VIÊN', 'BÁO CÁO',
      'KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ', 'THÁNG 11 NĂM 2026', 'Hải Phòng, ngày 01 tháng 12 năm 2026',
      'Tổng số lượt phát: 5 lượt, tổng thời lượng 5,4 phút', 'Chiến dịch: Tuyên truyền Nghị quyết 57-NQ/TW',
      'Thông báo khẩn: phòng chống bão số 15', 'NGƯỜI LẬP BÁO CÁO', 'THỦ TRƯỞNG ĐƠN VỊ', '(Ký, ghi rõ họ tên)',
      'PHỤ LỤC', '02/11/2026', 'Bỏ lỡ', 'Đài không chạy lúc đến giờ phát', 'Im lặng kéo dài trên sóng khi đang phát: không có',
    ]) expect(text, s).toContain(s);
  });

  it('embeds a font that carries every Vietnamese diacritic', async () => {
    const odd = buildMonthlyReport([row({ startedAt: '2026-11-03T00:00:00.000Z', title: ALL_DIACRITICS })], OPTS);
    const file = 'diacritics.pdf';
    const text = pdfText(await writePdf(odd), file);
    for (const word of ALL_DIACRITICS.split(' ')) expect(text.replace(/\s+/g, '')).toContain(word);
    const fonts = execFileSync('pdffonts', [join(dir, file)], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSerif/);
    expect(fonts.split('\n').slice(2).filter(Boolean).every((l) => / yes +yes +yes /.test(l))).toBe(true);
  });

  it('breaks a long month over pages, numbering them, and still ends with the appendix', async () => {
    const many = Array.from({ length: 90 }, (_, i) => row({ startedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 3), [0, 3, 10][i % 3], 30)).toISOString() }));
    const big = buildMonthlyReport(many, OPTS);
    const text = pdfText(await writePdf(big), 'big.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'big.pdf')], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`1/${pages}`);
    expect(text).toContain(`${pages}/${pages}`);
    expect(flat(text)).toContain(`Tổng số lượt phát: ${big.totals.airings} lượt`);
    expect(flat(text)).toContain('01/11-30/11: 07:30, 10:30, 17:30');
  });

  it('an empty month still gives a signable document', async () => {
    const text = flat(pdfText(await writePdf(buildMonthlyReport([], OPTS)), 'empty.pdf'));
    expect(text).toContain('Không có lượt phát nào được ghi nhận trong tháng.');
    expect(text).toContain('Tổng số lượt phát: 0 lượt');
    expect(text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
  });
});

describe('writeReport and saveReport', () => {
  it('serves every format with its content type and a download name', async () => {
    expect(REPORT_FORMATS).toEqual(['csv', 'xlsx', 'pdf']);
    for (const f of REPORT_FORMATS) {
      const bytes = await writeReport(report, f);
      expect(bytes.length).toBeGreaterThan(100);
      expect(REPORT_CONTENT_TYPES[f]).toBeTruthy();
      expect(reportFileName(report, f)).toBe(`bao-cao-truyen-thanh-2026-11.${f}`);
    }
    expect((await writeReport(report, 'pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await writeReport(report, 'XLSX')).subarray(0, 2).toString()).toBe('PK');
  });

  it('rejects an unknown format with LP_ERR_REPORT_FORMAT', async () => {
    await expect(writeReport(report, 'docx')).rejects.toMatchObject({ code: 'LP_ERR_REPORT_FORMAT' });
  });

  it('writes atomically, and a failed write is LP_ERR_REPORT_WRITE leaving nothing behind', async () => {
    const target = join(dir, 'out', 'bao-cao.csv');
    const csv = await writeCsv(report);
    await expect(saveReport(target, [csv])).rejects.toMatchObject({ code: 'LP_ERR_REPORT_WRITE' });
    mkdirSync(join(dir, 'out'));
    await saveReport(target, [csv]);
    expect(existsSync(target)).toBe(true);
    mkdirSync(join(dir, 'out', 'is-a-dir'));
    mkdirSync(join(dir, 'out', 'is-a-dir', 'x'));
    await expect(saveReport(join(dir, 'out', 'is-a-dir'), [csv])).rejects.toMatchObject({ code: 'LP_ERR_REPORT_WRITE' });
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['bao-cao.csv', 'is-a-dir']);
  });
});
