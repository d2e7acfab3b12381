/**
 * XLSX: a "Tổng hợp" sheet (title block, one row per bulletin, totals) and a "Chi tiết" sheet (one
 * row per airing, filterable); a hub's report also has "Theo phường" (one row per ward) and a ward
 * column in the detail. Numbers are real numbers so the officer can sum and sort.
 */
import ExcelJS from 'exceljs';
import type { MonthlyReport } from './monthly.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

interface Column {
  readonly header: string;
  readonly width: number;
  /** Excel number format for numeric columns. */
  readonly numFmt?: string;
}

/** Writes a bordered table with a bold, shaded header row; returns the header's row number. */
function table(ws: ExcelJS.Worksheet, columns: readonly Column[], rows: ReadonlyArray<ReadonlyArray<string | number>>): number {
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
    if (c.numFmt) ws.getColumn(i + 1).numFmt = c.numFmt;
  });
  const header = ws.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  for (const r of rows) {
    const row = ws.addRow([...r]);
    for (let i = 1; i <= columns.length; i++) {
      const cell = row.getCell(i);
      cell.border = THIN;
      cell.alignment = { vertical: 'top', wrapText: true };
    }
  }
  return header.number;
}

function titleBlock(ws: ExcelJS.Worksheet, report: MonthlyReport, width: number, subtitle: string): void {
  const line = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    row.getCell(1).font = font;
    row.getCell(1).alignment = { horizontal: 'center' };
  };
  line(`UBND ${report.ward.toUpperCase()}`, { bold: true });
  line('BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ', { bold: true, size: 14 });
  line(`${report.monthLabel.charAt(0).toUpperCase()}${report.monthLabel.slice(1)}${subtitle}`, { italic: true });
  line(report.dateLine, { italic: true });
  ws.addRow([]);
}

export async function writeXlsx(report: MonthlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'loaphuong';
  wb.created = new Date(report.generatedAt);
  wb.modified = wb.created;

  const sum = wb.addWorksheet('Tổng hợp', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const sumCols: Column[] = [
    { header: 'STT', width: 6 }, { header: 'Chiến dịch', width: 30 }, { header: 'Bản tin', width: 36 },
    { header: 'Số lần phát', width: 10 }, { header: 'Tổng số phút', width: 11, numFmt: '0.0' },
    { header: 'Đã phát', width: 9 }, { header: 'Phát một phần', width: 10 }, { header: 'Bị ngắt', width: 9 },
    { header: 'Bỏ lỡ', width: 8 }, { header: 'Lỗi', width: 7 }, { header: 'Kênh', width: 16 }, { header: 'Máy phát', width: 14 },
    { header: 'Thời gian phát (ngày: giờ)', width: 60 },
  ];
  titleBlock(sum, report, sumCols.length, report.complete ? '' : ' (tháng chưa kết thúc)');
  const sumHeader = table(sum, sumCols, report.groups.map((g, i) => [
    i + 1, g.campaign, g.title, g.airings, g.minutes, g.counts.aired, g.counts.partial, g.counts.interrupted,
    g.counts.missed, g.counts.failed, g.channels.join(', '), g.transmitters.join(', '), g.times,
  ]));
  const t = report.totals;
  const total = sum.addRow(['', 'Tổng cộng', `${t.bulletins} bản tin, ${t.campaigns} chiến dịch`, t.airings, t.minutes,
    t.counts.aired, t.counts.partial, t.counts.interrupted, t.counts.missed, t.counts.failed, '', '', '']);
  total.eachCell({ includeEmpty: true }, (cell, col) => {
    if (col > sumCols.length) return;
    cell.font = { bold: true };
    cell.border = THIN;
  });
  sum.views = [{ state: 'frozen', ySplit: sumHeader }];

  // A hub's report: a sheet per ward's totals, and each airing's ward in the detail.
  const hub = report.byWard.length > 0;
  if (hub) {
    const byWard = wb.addWorksheet('Theo phường', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const cols: Column[] = [
      { header: 'STT', width: 6 }, { header: 'Phường/xã', width: 30 }, { header: 'Số lần phát', width: 10 }, { header: 'Tổng số phút', width: 11, numFmt: '0.0' },
      { header: 'Đã phát', width: 9 }, { header: 'Phát một phần', width: 10 }, { header: 'Bị ngắt', width: 9 }, { header: 'Bỏ lỡ', width: 8 },
      { header: 'Lỗi', width: 7 }, { header: 'Số bản tin', width: 10 },
    ];
    titleBlock(byWard, report, cols.length, ' — tổng hợp theo phường/xã');
    const head = table(byWard, cols, report.byWard.map((w, i) => [
      i + 1, w.ward, w.airings, w.minutes, w.counts.aired, w.counts.partial, w.counts.interrupted, w.counts.missed, w.counts.failed, w.bulletins,
    ]));
    byWard.views = [{ state: 'frozen', ySplit: head }];
  }

  const det = wb.addWorksheet('Chi tiết', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const detCols: Column[] = [
    { header: 'STT', width: 6 }, ...(hub ? [{ header: 'Phường/xã', width: 24 }] : []), { header: 'Ngày', width: 12 }, { header: 'Giờ bắt đầu', width: 10 },
    { header: 'Giờ kết thúc', width: 10 }, { header: 'Thời lượng (phút)', width: 11, numFmt: '0.0' },
    { header: 'Chiến dịch', width: 30 }, { header: 'Bản tin', width: 36 }, { header: 'Mức độ', width: 13 },
    { header: 'Kênh', width: 16 }, { header: 'Máy phát', width: 14 }, { header: 'Trạng thái', width: 14 },
    { header: 'Xác nhận trên sóng', width: 11 }, { header: 'Ghi chú', width: 40 },
  ];
  titleBlock(det, report, detCols.length, ' — chi tiết từng lượt phát');
  const detHeader = table(det, detCols, report.airings.map((a) => [
    a.no, ...(hub ? [a.ward] : []), a.date, a.time, a.endTime, a.minutes, a.campaign, a.title, a.priorityLabel, a.channel, a.transmitter,
    a.statusLabel, a.verified === null ? '' : a.verified ? 'Có' : 'Không', a.note,
  ]));
  det.views = [{ state: 'frozen', ySplit: detHeader }];
  if (report.airings.length > 0) det.autoFilter = { from: { row: detHeader, column: 1 }, to: { row: detHeader + report.airings.length, column: detCols.length } };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
