/**
 * CSV for Excel as a ward office uses it: UTF-8 with a BOM (without it Excel shows Vietnamese as
 * mojibake), CRLF, a title block, one line per airing, then the summary per bulletin and the totals
 * (and, in a hub's report, a ward column and the summary per ward).
 * Minutes use the Vietnamese decimal comma (quoted), so a vi-VN Excel reads them as numbers and any
 * other reads them correctly by eye; seconds are whole numbers.
 */
import { viNumber, type MonthlyReport } from './monthly.js';

const BOM = '\uFEFF';

/**
 * One CSV cell: quoted when needed (a ";" too, the list separator of some Excel locales); a cell
 * Excel would run as a formula (leading = + - @) is neutralised (CSV injection). Shared with the
 * airing-log export.
 */
export function csvCell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(report: MonthlyReport): Buffer {
  // A hub's report: each airing says which ward aired it, and a summary per ward follows.
  const hub = report.byWard.length > 0;
  const ward = (cells: Array<string | number>, w: string) => (hub ? [cells[0], w, ...cells.slice(1)] : cells);
  const lines: Array<Array<string | number>> = [
    [`BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ ${report.monthLabel.toUpperCase()}`],
    ['Đơn vị', report.ward],
    ['Lập ngày', report.dateLine],
    [],
    ward(['STT', 'Ngày', 'Giờ bắt đầu', 'Giờ kết thúc', 'Thời lượng (giây)', 'Thời lượng (phút)', 'Chiến dịch', 'Bản tin',
      'Mức độ', 'Kênh', 'Máy phát', 'Trạng thái', 'Xác nhận trên sóng', 'Ghi chú'], 'Phường/xã'),
    ...report.airings.map((a) => ward([
      a.no, a.date, a.time, a.endTime, a.seconds, viNumber(a.minutes), a.campaign, a.title, a.priorityLabel, a.channel,
      a.transmitter, a.statusLabel, a.verified === null ? '' : a.verified ? 'Có' : 'Không', a.note,
    ], a.ward)),
    [],
    ['TỔNG HỢP THEO BẢN TIN'],
    ['Chiến dịch', 'Bản tin', 'Số lần phát', 'Tổng số phút', 'Đã phát', 'Phát một phần', 'Bị ngắt', 'Bỏ lỡ', 'Lỗi',
      'Kênh', 'Máy phát', 'Thời gian phát'],
    ...report.groups.map((g) => [
      g.campaign, g.title, g.airings, viNumber(g.minutes), g.counts.aired, g.counts.partial, g.counts.interrupted,
      g.counts.missed, g.counts.failed, g.channels.join(', '), g.transmitters.join(', '), g.times,
    ]),
    ['Tổng cộng', `${report.totals.bulletins} bản tin, ${report.totals.campaigns} chiến dịch`, report.totals.airings,
      viNumber(report.totals.minutes), report.totals.counts.aired, report.totals.counts.partial,
      report.totals.counts.interrupted, report.totals.counts.missed, report.totals.counts.failed],
    ...(hub ? [
      [],
      ['TỔNG HỢP THEO PHƯỜNG/XÃ'],
      ['Phường/xã', 'Số lần phát', 'Tổng số phút', 'Đã phát', 'Phát một phần', 'Bị ngắt', 'Bỏ lỡ', 'Lỗi', 'Số bản tin'],
      ...report.byWard.map((w) => [w.ward, w.airings, viNumber(w.minutes), w.counts.aired, w.counts.partial, w.counts.interrupted, w.counts.missed, w.counts.failed, w.bulletins]),
    ] : []),
  ];
  return Buffer.from(BOM + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
