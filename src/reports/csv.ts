/**
 * CSV for Excel as a ward office uses it: UTF-8 with a BOM (without it Excel shows Vietnamese as
 * mojibake), CRLF, a title block, one line per airing, then the summary per bulletin and the totals
 * (and, in a hub's report, a ward column and the summary per ward).
 * Minutes use the Vietnamese decimal comma (quoted), so a vi-VN Excel reads them as numbers and any
 * other reads them correctly by eye; seconds are whole numbers.
 *
 * The one CSV layer of the project: the airing-log export (web/routes/airings.ts) writes its table
 * with `csvDocument` too.
 */
import { viNumber } from './monthly.js';
import { asBytes, ByteChunks } from './chunks.js';
import type { ReportSource } from './source.js';

export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell: quoted when needed (a ";" too, the list separator of some Excel locales); a cell
 * Excel would run as a formula (leading = + - @) is neutralised (CSV injection).
 */
export function csvCell(v: CsvValue): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line, CRLF-terminated. */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A whole small document: the BOM, then the lines. */
export function csvDocument(lines: Iterable<readonly CsvValue[]>): string {
  let out = CSV_BOM;
  for (const l of lines) out += csvLine(l);
  return out;
}

const AIRING_HEAD = ['STT', 'Ngày', 'Giờ bắt đầu', 'Giờ kết thúc', 'Thời lượng (giây)', 'Thời lượng (phút)', 'Chiến dịch', 'Bản tin',
  'Mức độ', 'Kênh', 'Máy phát', 'Trạng thái', 'Xác nhận trên sóng', 'Ghi chú'];

/**
 * A cell that repeats on many lines (campaign, bulletin, channel, labels), quoted once and held as
 * its UTF-8 bytes (ByteChunks.writeBytes): a city's month is a million lines of a few hundred
 * distinct values.
 */
function cellCache(): (v: string) => string {
  const seen = new Map<string, string>();
  return (v) => {
    let c = seen.get(v);
    if (c === undefined) {
      c = asBytes(csvCell(v));
      if (seen.size < 100_000) seen.set(v, c);
    }
    return c;
  };
}

export async function* csvChunks(src: ReportSource): AsyncGenerator<Buffer> {
  const h = src.header;
  const out = new ByteChunks();
  out.write(CSV_BOM + csvLine([`BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ ${h.monthLabel.toUpperCase()}`])
    + csvLine(['Đơn vị', h.ward]) + csvLine(['Lập ngày', h.dateLine]) + '\r\n' + csvLine(h.hub ? ['STT', 'Phường/xã', ...AIRING_HEAD.slice(1)] : AIRING_HEAD));
  const cell = cellCache();
  // Dates ("01/11/2026"), times ("06:30") and numbers never need quoting; minutes with a decimal
  // comma always do.
  const minuteCells = new Map<number, string>();
  const minutes = (m: number) => {
    let c = minuteCells.get(m);
    if (c === undefined) minuteCells.set(m, (c = Number.isInteger(m) ? String(m) : `"${viNumber(m)}"`));
    return c;
  };
  const yes = asBytes('Có');
  const no = asBytes('Không');
  const verified = (v: boolean | null) => (v === null ? '' : v ? yes : no);
  for await (const batch of src.lines()) {
    for (const a of batch) {
      // Every piece is ASCII (numbers, dates, times) or a cached cell's bytes.
      out.writeBytes(`${a.no},${h.hub ? `${cell(a.ward)},` : ''}${a.date},${a.time},${a.endTime},${a.seconds},${minutes(a.minutes)},${cell(a.campaign)},${cell(a.title)},${cell(a.priorityLabel)},`
        + `${cell(a.channel)},${cell(a.transmitter)},${cell(a.statusLabel)},${verified(a.verified)},${a.note ? cell(a.note) : ''}\r\n`);
    }
    yield* out.take();
  }
  const s = src.summary();
  out.write('\r\n' + csvLine(['TỔNG HỢP THEO BẢN TIN']) + csvLine(['Chiến dịch', 'Bản tin', 'Số lần phát', 'Tổng số phút', 'Đã phát', 'Phát một phần', 'Bị ngắt', 'Bỏ lỡ', 'Lỗi',
    'Kênh', 'Máy phát', 'Thời gian phát']));
  for (const g of s.groups) {
    out.write(csvLine([g.campaign, g.title, g.airings, viNumber(g.minutes), g.counts.aired, g.counts.partial, g.counts.interrupted,
      g.counts.missed, g.counts.failed, g.channels.join(', '), g.transmitters.join(', '), g.times]));
  }
  const t = s.totals;
  out.write(csvLine(['Tổng cộng', `${t.bulletins} bản tin, ${t.campaigns} chiến dịch`, t.airings, viNumber(t.minutes), t.counts.aired, t.counts.partial,
    t.counts.interrupted, t.counts.missed, t.counts.failed]));
  out.write(csvLine(['Im lặng trên sóng khi đang phát', `${t.deadAir} lần`]));
  if (h.hub) {
    out.write('\r\n' + csvLine(['TỔNG HỢP THEO PHƯỜNG/XÃ']) + csvLine(['Phường/xã', 'Số lần phát', 'Tổng số phút', 'Đã phát', 'Phát một phần', 'Bị ngắt', 'Bỏ lỡ', 'Lỗi', 'Số bản tin']));
    for (const w of s.byWard) {
      out.write(csvLine([w.ward, w.airings, viNumber(w.minutes), w.counts.aired, w.counts.partial, w.counts.interrupted, w.counts.missed, w.counts.failed, w.bulletins]));
    }
  }
  yield* out.take(true);
}
