/**
 * PDF in Vietnamese administrative style (after Decree 30/2020/NĐ-CP): issuing body top left,
 * Quốc hiệu and Tiêu ngữ top right with the place and date under them, the title, the figures, a
 * table per bulletin, a signature block to fill, and an appendix listing every airing. The fonts
 * (DejaVu, embedded and subset) carry every Vietnamese diacritic, so the file prints and extracts
 * the same on any machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describeCounts, viNumber, type MonthlySummary, type ReportAiring, type ReportHeader, type StatusCounts } from './monthly.js';
import type { AiringStatus } from '../domain.js';
import type { ReportSource } from './source.js';

type Doc = PDFKit.PDFDocument;

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: join(FONT_DIR, 'DejaVuSerif.ttf'),
  bold: join(FONT_DIR, 'DejaVuSerif-Bold.ttf'),
  italic: join(FONT_DIR, 'DejaVuSerif-Italic.ttf'),
  // Condensed faces for the heading (two columns side by side) and the tables (seven columns on a
  // portrait A4): DejaVu is wider than the Times of printed documents.
  condensed: join(FONT_DIR, 'DejaVuSerifCondensed.ttf'),
  condensedBold: join(FONT_DIR, 'DejaVuSerifCondensed-Bold.ttf'),
} as const;
type Face = keyof typeof FONTS;

/** A4 with the decree's margins: top/bottom 20 mm, left 30 mm, right 15 mm. */
const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'center' | 'right';
}
type Row = { readonly cells: readonly string[]; readonly bold?: boolean } | { readonly span: string; readonly bold?: boolean };

const PAD = 3;
const TABLE_SIZE = 8.5;

function cellHeight(doc: Doc, text: string, width: number): number {
  const w = width - 2 * PAD;
  // Most cells hold one short line: its height without laying the text out (a point of slack keeps
  // a text that only just fits on the exact path).
  if (!text.includes('\n') && doc.widthOfString(text || ' ') <= w - 1) return doc.currentLineHeight(true) + 2 * PAD;
  return doc.heightOfString(text || ' ', { width: w }) + 2 * PAD;
}

/** A bordered table that breaks across pages and repeats its header. */
function drawTable(doc: Doc, columns: readonly Column[], rows: readonly Row[]): void {
  const x0 = doc.page.margins.left;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  let y = doc.y;

  // Cells repeat down a column (dates, channels, statuses): each text is measured once per face and width.
  const heights = new Map<string, number>();
  const heightOfCells = (cells: readonly string[], widths: readonly number[], face: Face) => {
    doc.font(FONTS[face]).fontSize(TABLE_SIZE);
    let max = 0;
    cells.forEach((c, i) => {
      const key = `${face} ${widths[i]} ${c}`;
      let h = heights.get(key);
      if (h === undefined) heights.set(key, (h = cellHeight(doc, c, widths[i])));
      max = Math.max(max, h);
    });
    return max;
  };
  // The row's height is measured once, for the page break and the borders alike (text layout is
  // what a long appendix spends its time on).
  const drawRow = (cells: readonly string[], widths: readonly number[], aligns: ReadonlyArray<Column['align']>, face: Face, h: number, fill?: string) => {
    doc.font(FONTS[face]).fontSize(TABLE_SIZE);
    let x = x0;
    cells.forEach((c, i) => {
      if (fill) doc.rect(x, y, widths[i], h).fillAndStroke(fill, '#000');
      else doc.rect(x, y, widths[i], h).stroke();
      doc.fillColor('#000').text(c, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: aligns[i] ?? 'left' });
      x += widths[i];
    });
    y += h;
  };
  const widths = columns.map((c) => c.width);
  const headers = columns.map((c) => c.header);
  const headerHeight = heightOfCells(headers, widths, 'condensedBold');
  const header = () => drawRow(headers, widths, columns.map(() => 'center'), 'condensedBold', headerHeight, '#e6e6e6');

  doc.lineWidth(0.5);
  if (y + 40 > bottom()) y = newPage(doc);
  header();
  for (const r of rows) {
    const face: Face = r.bold ? 'condensedBold' : 'condensed';
    const cells = 'span' in r ? [r.span] : r.cells;
    const w = 'span' in r ? [total] : widths;
    const h = heightOfCells(cells, w, face);
    if (y + h > bottom()) {
      y = newPage(doc);
      header();
    }
    if ('span' in r) drawRow(cells, w, ['left'], face, h, '#f4f4f4');
    else drawRow(cells, w, columns.map((c) => c.align), face, h);
  }
  doc.x = x0;
  doc.y = y + 8;
}

function newPage(doc: Doc): number {
  doc.addPage();
  return doc.page.margins.top;
}

/** Text centred in a box [x, x + width) at the current y; returns the y below it. */
function centred(doc: Doc, text: string, x: number, y: number, width: number, face: Face, size: number): number {
  doc.font(FONTS[face]).fontSize(size);
  doc.text(text, x, y, { width, align: 'center' });
  return doc.y;
}

/** The largest size ≤ max at which the text fits the width on one line. */
function fitSize(doc: Doc, text: string, face: Face, width: number, max: number): number {
  doc.font(FONTS[face]).fontSize(max);
  const w = doc.widthOfString(text);
  return w <= width ? max : Math.floor((max * width) / w * 10) / 10;
}

/** A short rule under a heading, as the decree draws under the issuing body and the Tiêu ngữ. */
function rule(doc: Doc, cx: number, y: number, width: number): void {
  doc.lineWidth(0.6).moveTo(cx - width / 2, y).lineTo(cx + width / 2, y).stroke();
}

function heading(doc: Doc, report: ReportHeader): void {
  const left = doc.page.margins.left;
  const full = doc.page.width - left - doc.page.margins.right;
  const leftW = full * 0.4;
  const rightX = left + leftW;
  const rightW = full - leftW;
  const top = doc.page.margins.top;

  const body = /^(UBND|ỦY BAN|UỶ BAN)/i.test(report.ward) ? report.ward.toUpperCase() : `UBND ${report.ward.toUpperCase()}`;
  let yl = centred(doc, body, left, top, leftW, 'condensedBold', fitSize(doc, body, 'condensedBold', leftW - 12, 12));
  rule(doc, left + leftW / 2, yl + 3, Math.min(leftW * 0.5, doc.widthOfString(body) * 0.6));
  yl = centred(doc, 'Số:         /BC-UBND', left, yl + 10, leftW, 'condensed', 12);

  const qh = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  let yr = centred(doc, qh, rightX, top, rightW, 'condensedBold', fitSize(doc, qh, 'condensedBold', rightW - 4, 12));
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  yr = centred(doc, motto, rightX, yr, rightW, 'condensedBold', 12.5);
  rule(doc, rightX + rightW / 2, yr + 3, doc.widthOfString(motto));
  yr = centred(doc, report.dateLine, rightX, yr + 10, rightW, 'italic', fitSize(doc, report.dateLine, 'italic', rightW - 4, 12));

  const title = 'KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ';
  let y = Math.max(yl, yr) + 24;
  y = centred(doc, 'BÁO CÁO', left, y, full, 'bold', 14);
  y = centred(doc, title, left, y + 2, full, 'bold', fitSize(doc, title, 'bold', full, 12.5));
  y = centred(doc, report.monthLabel.toUpperCase(), left, y + 1, full, 'bold', 12.5);
  rule(doc, left + full / 2, y + 4, 120);
  doc.x = left;
  doc.y = y + 16;
}

function paragraph(doc: Doc, text: string, face: Face = 'regular', opts: PDFKit.Mixins.TextOptions = {}): void {
  doc.font(FONTS[face]).fontSize(12).text(text, doc.page.margins.left, doc.y, {
    width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'justify', indent: 28, lineGap: 2, paragraphGap: 4, ...opts,
  });
}

/** Names for a table cell; a city's many (its wards' channels) as a count, listed in the table per channel. */
function names(list: readonly string[], what: string): string {
  return list.length > 6 ? `${list.length} ${what}` : list.join(', ');
}

/** Titles, the "(Ký, ghi rõ họ tên)" line and room to sign. */
const SIGNATURE_HEIGHT = 130;

function signatures(doc: Doc): void {
  const left = doc.page.margins.left;
  const full = doc.page.width - left - doc.page.margins.right;
  if (doc.y + SIGNATURE_HEIGHT > doc.page.height - doc.page.margins.bottom) doc.y = newPage(doc);
  const y = doc.y + 14;
  for (const [x, title] of [[left, 'NGƯỜI LẬP BÁO CÁO'], [left + full / 2, 'THỦ TRƯỞNG ĐƠN VỊ']] as const) {
    const below = centred(doc, title, x, y, full / 2, 'bold', 12);
    centred(doc, '(Ký, ghi rõ họ tên)', x, below + 1, full / 2, 'italic', 11);
  }
  doc.x = left;
  doc.y = y + SIGNATURE_HEIGHT - 20;
}

function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing below the bottom margin would start a new page; lift it while numbering.
    doc.page.margins.bottom = 0;
    doc.font(FONTS.regular).fontSize(9).text(`${i + 1}/${range.count}`, doc.page.margins.left, doc.page.height - bottom / 2 - 5, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'center',
    });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Lines the appendix lists at most. A ward's month (a few hundred airings) is listed whole, as the
 * decree-style report has always carried it; a city's month (a million: some 20,000 pages) is not
 * something a superior reads. Past this many the appendix lists only the airings that did not air
 * cleanly — missed, failed, cut, partial: what a superior must act on — the first
 * PDF_EXCEPTIONS_MAX of them, the report adds the figures per day, and both say that every airing
 * is in the CSV and XLSX of the same report.
 */
export const PDF_APPENDIX_MAX = 1000;
/** Of a capped appendix, the not-clean airings listed at most (some ten pages). */
export const PDF_EXCEPTIONS_MAX = 500;

/**
 * What the appendix lists, kept while the lines stream past (never more than PDF_APPENDIX_MAX +
 * PDF_EXCEPTIONS_MAX): `wants` counts every airing and keeps the first PDF_APPENDIX_MAX and the
 * first PDF_EXCEPTIONS_MAX not aired cleanly, so a city's month makes the lines of those alone.
 */
class Appendix {
  #lines: ReportAiring[] = [];
  total = 0;
  exceptions = 0;

  readonly wants = (status: AiringStatus): boolean => {
    this.total++;
    if (status === 'aired') return this.total <= PDF_APPENDIX_MAX;
    return ++this.exceptions <= PDF_EXCEPTIONS_MAX || this.total <= PDF_APPENDIX_MAX;
  };

  add(a: ReportAiring): void {
    this.#lines.push(a);
  }

  get capped(): boolean {
    return this.total > PDF_APPENDIX_MAX;
  }

  /** Every line of a month of at most PDF_APPENDIX_MAX; past that, its first PDF_EXCEPTIONS_MAX not aired cleanly. */
  get lines(): readonly ReportAiring[] {
    return this.capped ? this.#lines.filter((x) => x.status !== 'aired').slice(0, PDF_EXCEPTIONS_MAX) : this.#lines;
  }
}

export async function* pdfChunks(src: ReportSource): AsyncGenerator<Buffer> {
  const appendix = new Appendix();
  for await (const batch of src.lines(appendix.wants)) for (const a of batch) appendix.add(a);
  yield await layout(src.summary(), appendix);
}

function layout(report: MonthlySummary, appendix: Appendix): Promise<Buffer> {
  const made = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4', margins: MARGINS, bufferPages: true, autoFirstPage: true,
    info: {
      Title: `Báo cáo kết quả tuyên truyền trên hệ thống truyền thanh cơ sở ${report.monthLabel}`,
      Author: report.ward, Creator: 'loaphuong', CreationDate: made, ModDate: made,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  heading(doc, report);
  const w = doc.page.width - MARGINS.left - MARGINS.right;
  const t = report.totals;
  paragraph(doc, `Thực hiện nhiệm vụ thông tin, tuyên truyền trên hệ thống truyền thanh cơ sở, UBND ${report.ward} báo cáo kết quả phát sóng ${report.monthLabel}${report.complete ? '' : ' (số liệu tính đến ngày lập báo cáo)'} như sau:`);
  paragraph(doc, 'I. KẾT QUẢ CHUNG', 'bold');
  paragraph(doc, `- Tổng số lượt phát: ${t.airings} lượt, tổng thời lượng ${viNumber(t.minutes)} phút, gồm ${t.bulletins} bản tin thuộc ${t.campaigns} chiến dịch tuyên truyền.`);
  paragraph(doc, `- Kết quả theo trạng thái: ${describeCounts(t.counts)}.`);
  paragraph(doc, `- Im lặng kéo dài trên sóng khi đang phát: ${t.deadAir ? `${t.deadAir} lần (xem ghi chú từng lượt)` : 'không có'}.`);
  paragraph(doc, 'II. CHI TIẾT THEO BẢN TIN', 'bold');

  const cols: Column[] = [
    { header: 'STT', width: 24, align: 'center' },
    { header: 'Bản tin', width: 112 },
    { header: 'Số lần phát', width: 36, align: 'center' },
    { header: 'Số phút', width: 38, align: 'center' },
    { header: 'Thời gian phát (ngày: giờ)', width: 0 },
    { header: 'Kết quả', width: 72 },
    { header: 'Kênh / máy phát', width: 62 },
  ];
  (cols[4] as { width: number }).width = w - cols.reduce((s, c) => s + c.width, 0);
  const rows: Row[] = [];
  let campaign: string | null = null;
  let n = 0;
  for (const g of report.groups) {
    if (g.campaign !== campaign) {
      campaign = g.campaign;
      rows.push({ span: `Chiến dịch: ${g.campaign}`, bold: true });
    }
    rows.push({ cells: [String(++n), g.title, String(g.airings), viNumber(g.minutes), g.times, describeCounts(g.counts),
      [names(g.channels, 'kênh'), names(g.transmitters, 'máy phát')].filter(Boolean).join(' / ')] });
  }
  if (rows.length === 0) rows.push({ span: 'Không có lượt phát nào được ghi nhận trong tháng.' });
  rows.push({ cells: ['', 'Tổng cộng', String(t.airings), viNumber(t.minutes), '', describeCounts(t.counts), ''], bold: true });
  drawTable(doc, cols, rows);

  // A city's month: where and when, as figures (a line per channel, per day) instead of every airing.
  const figures: Column[] = [
    { header: '', width: 0 },
    { header: 'Số lần phát', width: 60, align: 'center' },
    { header: 'Số phút', width: 60, align: 'center' },
    { header: 'Kết quả', width: 150 },
  ];
  const figureTable = (heading: string, first: string, list: ReadonlyArray<{ name: string; airings: number; minutes: number; counts: StatusCounts }>) => {
    paragraph(doc, heading, 'bold');
    const c = figures.map((x, i) => (i === 0 ? { ...x, header: first, width: w - figures.reduce((a, y) => a + y.width, 0) } : x));
    drawTable(doc, c, list.map((x) => ({ cells: [x.name, String(x.airings), viNumber(x.minutes), describeCounts(x.counts)] })));
  };
  let section = 2;
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI'];
  // A hub's report: the summary per ward comes first (the hub's own airings, then its wards).
  if (report.hub) figureTable(`${roman[section++]}. TỔNG HỢP THEO PHƯỜNG/XÃ`, 'Phường/xã', report.byWard.map((x) => ({ name: x.ward, ...x })));
  if (report.channels.length > 1) figureTable(`${roman[section++]}. THEO KÊNH (CỤM LOA)`, 'Kênh', report.channels.map((c) => ({ name: c.channel, ...c })));
  if (appendix.capped) figureTable(`${roman[section++]}. THEO NGÀY`, 'Ngày', report.days.map((d) => ({ name: d.date, ...d })));

  // Keep the closing sentence with the signatures: a signature alone on a page is not accepted.
  const closing = appendix.capped
    ? `Tháng có ${appendix.total} lượt phát: Phụ lục kèm theo liệt kê các lượt không phát trọn vẹn (bỏ lỡ, lỗi, bị ngắt, phát một phần); danh sách đầy đủ từng lượt phát có trong tệp CSV và Excel (XLSX) của cùng báo cáo. Số liệu được lấy tự động từ nhật ký phát của hệ thống truyền thanh.`
    : 'Chi tiết từng lượt phát (ngày, giờ, thời lượng, trạng thái) tại Phụ lục kèm theo. Số liệu được lấy tự động từ nhật ký phát của hệ thống truyền thanh.';
  doc.font(FONTS.italic).fontSize(12);
  if (doc.y + doc.heightOfString(closing, { width: w, indent: 28, lineGap: 2 }) + SIGNATURE_HEIGHT > doc.page.height - MARGINS.bottom) doc.y = newPage(doc);
  paragraph(doc, closing, 'italic', { align: 'left' });
  signatures(doc);

  newPage(doc);
  const left = MARGINS.left;
  doc.y = centred(doc, 'PHỤ LỤC', left, doc.page.margins.top, w, 'bold', 13);
  doc.y = centred(doc, appendix.capped ? `Các lượt phát không trọn vẹn ${report.monthLabel}` : `Chi tiết các lượt phát ${report.monthLabel}`, left, doc.y + 2, w, 'bold', 12);
  doc.y = centred(doc, `(Kèm theo Báo cáo kết quả tuyên truyền của UBND ${report.ward})`, left, doc.y + 2, w, 'italic', 11) + 10;
  if (appendix.capped) {
    const shown = appendix.lines.length < appendix.exceptions ? `; ${appendix.lines.length} lượt đầu tiên được liệt kê dưới đây` : '';
    paragraph(doc, `${appendix.exceptions} trong ${appendix.total} lượt phát không trọn vẹn${shown}. Danh sách đầy đủ: tệp CSV hoặc Excel (XLSX) của báo cáo ${report.monthLabel}.`, 'italic', { align: 'left', indent: 0 });
  }
  const detail: Column[] = [
    { header: 'STT', width: 26, align: 'center' },
    { header: 'Ngày', width: 52, align: 'center' },
    { header: 'Giờ', width: 66, align: 'center' },
    { header: 'Bản tin', width: 0 },
    { header: 'Phút', width: 30, align: 'center' },
    { header: report.hub ? 'Phường/xã, kênh' : 'Kênh', width: report.hub ? 90 : 58 },
    { header: 'Trạng thái, ghi chú', width: 100 },
  ];
  (detail[3] as { width: number }).width = w - detail.reduce((s, c) => s + c.width, 0);
  drawTable(doc, detail, appendix.lines.length === 0 ? [{ span: appendix.capped ? 'Mọi lượt phát đều trọn vẹn.' : 'Không có lượt phát nào.' }] : appendix.lines.map((a) => ({
    cells: [String(a.no), a.date, a.endTime ? `${a.time} - ${a.endTime}` : a.time, a.title, viNumber(a.minutes), report.hub ? `${a.ward}: ${a.channel}` : a.channel,
      [a.statusLabel, a.verified === true ? 'đã xác nhận trên sóng' : '', a.note].filter(Boolean).join('; ')],
  })));

  pageNumbers(doc);
  doc.end();
  return done;
}
