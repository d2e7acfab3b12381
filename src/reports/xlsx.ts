/**
 * XLSX: a "Tổng hợp" sheet (title block, one row per bulletin, totals; then per channel and per day)
 * and a "Chi tiết" sheet (one row per airing, filterable). Numbers are real numbers so the officer
 * can sum and sort.
 *
 * Written as it goes: the OOXML parts are made here and zipped by `zip.ts` while the lines stream
 * in, so a city's month of a million rows costs seconds and bounded memory (exceljs, streaming
 * included, took 38 s for 100,000 rows on this machine). The detail rows carry no cell style but the
 * minutes' number format (a style on each of a million rows is a fifth of the sheet): the sheet
 * prints with its grid instead of borders. Excel holds 1,048,576 rows a sheet: past
 * a million lines the detail continues on "Chi tiết (2)", and so on. Repeated text (dates, times,
 * bulletins, channels, labels) goes to the shared-string table, up to a bound; rarer text after it
 * is written inline.
 */
import type { MonthlySummary, ReportAiring, ReportHeader } from './monthly.js';
import type { ReportSource } from './source.js';
import { asBytes, ByteChunks } from './chunks.js';
import { ZipWriter } from './zip.js';

/** Lines per detail sheet (under Excel's 1,048,576 rows, with the title block). */
export const XLSX_ROWS_PER_SHEET = 1_000_000;
const SHARED_STRINGS_MAX = 200_000;

/** Cell styles, by index into styles.xml's cellXfs. */
const S = { plain: 0, body: 1, bodyMinutes: 2, header: 3, titleBold: 4, titleBig: 5, titleItalic: 6, total: 7, totalMinutes: 8, plainMinutes: 9 } as const;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>
<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font><font><i/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>
<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text as XML character data: markup escaped, characters XML 1.0 forbids dropped. */
function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Column letters: 1 → A, 13 → M. */
const col = (n: number): string => (n > 26 ? col(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

interface Column {
  readonly header: string;
  readonly width: number;
  /** Excel number format 0.0 (minutes). */
  readonly minutes?: boolean;
}

const SUM_COLS: readonly Column[] = [
  { header: 'STT', width: 6 }, { header: 'Chiến dịch', width: 30 }, { header: 'Bản tin', width: 36 },
  { header: 'Số lần phát', width: 10 }, { header: 'Tổng số phút', width: 11, minutes: true },
  { header: 'Đã phát', width: 9 }, { header: 'Phát một phần', width: 10 }, { header: 'Bị ngắt', width: 9 },
  { header: 'Bỏ lỡ', width: 8 }, { header: 'Lỗi', width: 7 }, { header: 'Kênh', width: 16 }, { header: 'Máy phát', width: 14 },
  { header: 'Thời gian phát (ngày: giờ)', width: 60 },
];

const DET_COLS: readonly Column[] = [
  { header: 'STT', width: 6 }, { header: 'Ngày', width: 12 }, { header: 'Giờ bắt đầu', width: 10 },
  { header: 'Giờ kết thúc', width: 10 }, { header: 'Thời lượng (phút)', width: 11, minutes: true },
  { header: 'Chiến dịch', width: 30 }, { header: 'Bản tin', width: 36 }, { header: 'Mức độ', width: 13 },
  { header: 'Kênh', width: 16 }, { header: 'Máy phát', width: 14 }, { header: 'Trạng thái', width: 14 },
  { header: 'Xác nhận trên sóng', width: 11 }, { header: 'Ghi chú', width: 40 },
];

/** The shared-string table: each distinct text once, cells refer to it by index. */
class SharedStrings {
  readonly #index = new Map<string, number>();
  readonly #xml: string[] = [];
  /** The XML of a detail cell holding each text: made once, reused on every row. */
  readonly #bodyTails = new Map<string, string>();
  #refs = 0;

  /** A string cell's attributes and value, shared when the table has room, inline otherwise. */
  cell(text: string, style: number): string {
    let i = this.#index.get(text);
    if (i === undefined && this.#index.size < SHARED_STRINGS_MAX) {
      i = this.#xml.length;
      this.#index.set(text, i);
      this.#xml.push(`<si><t xml:space="preserve">${xmlText(text)}</t></si>`);
    }
    const s = style === S.plain ? '' : ` s="${style}"`;
    if (i === undefined) return `${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
    this.#refs++;
    return `${s} t="s"><v>${i}</v></c>`;
  }

  /**
   * A detail cell of `text` (plain style; empty text: an empty cell), from the cache when it has
   * been seen; as bytes for ByteChunks.writeBytes (a shared cell is ASCII, an inline one is not).
   */
  body(text: string): string {
    let tail = this.#bodyTails.get(text);
    if (tail === undefined) {
      tail = text === '' ? '<c/>' : `<c${this.cell(text, S.plain)}`;
      // Inline (table full) text is not cached: it is what the bound keeps out of memory.
      if (!tail.includes('inlineStr')) this.#bodyTails.set(text, tail);
      else tail = asBytes(tail);
      this.#refs--;
    }
    this.#refs++;
    return tail;
  }

  *xml(): Generator<string> {
    yield `${XML_HEAD}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.#refs}" uniqueCount="${this.#xml.length}">`;
    for (let i = 0; i < this.#xml.length; i += 4096) yield this.#xml.slice(i, i + 4096).join('');
    yield '</sst>';
  }
}

/** A sheet under construction: rows appended as XML, merges and the filter remembered for its end. */
class Sheet {
  #row = 0;
  readonly merges: string[] = [];

  constructor(readonly sst: SharedStrings) {}

  get rowNumber(): number {
    return this.#row;
  }

  /** One row of values (null = an empty cell with the style); returns its XML. */
  row(values: ReadonlyArray<string | number | null>, styles: readonly number[] | number): string {
    const r = ++this.#row;
    let x = `<row r="${r}">`;
    values.forEach((v, i) => {
      const s = typeof styles === 'number' ? styles : styles[i];
      // The first cell names its address; the rest follow it (readers place them column by column).
      const open = i === 0 ? `<c r="A${r}"` : '<c';
      if (v === null || v === '') x += `${open} s="${s}"/>`;
      else if (typeof v === 'number') x += `${open} s="${s}"><v>${v}</v></c>`;
      else x += open + this.sst.cell(v, s);
    });
    return `${x}</row>`;
  }

  /** A title line across `width` columns. */
  title(text: string, style: number, width: number): string {
    const xml = this.row([text], [style]);
    this.merges.push(`A${this.#row}:${col(width)}${this.#row}`);
    return xml;
  }

  blank(): string {
    return `<row r="${++this.#row}"/>`;
  }

  /** Rows written by a caller of its own (the detail sheet's fast path). */
  skipRows(n: number): void {
    this.#row += n;
  }
}

function sheetStart(columns: readonly Column[], frozenRows: number): string {
  return `${XML_HEAD}<worksheet ${NS}><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`
    + `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${frozenRows}" topLeftCell="A${frozenRows + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    + '<sheetFormatPr defaultRowHeight="15"/><cols>'
    + columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')
    + '</cols><sheetData>';
}

function sheetEnd(sheet: Sheet, autoFilter: string | null, gridLines = false): string {
  return '</sheetData>' + (autoFilter ? `<autoFilter ref="${autoFilter}"/>` : '')
    + (sheet.merges.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '')
    + (gridLines ? '<printOptions gridLines="1"/>' : '')
    + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>';
}

function titleBlock(sheet: Sheet, h: ReportHeader, width: number, subtitle: string): string {
  return sheet.title(`UBND ${h.ward.toUpperCase()}`, S.titleBold, width)
    + sheet.title('BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN TRÊN HỆ THỐNG TRUYỀN THANH CƠ SỞ', S.titleBig, width)
    + sheet.title(`${h.monthLabel.charAt(0).toUpperCase()}${h.monthLabel.slice(1)}${subtitle}`, S.titleItalic, width)
    + sheet.title(h.dateLine, S.titleItalic, width)
    + sheet.blank();
}

/** A detail sheet: `lines` until it holds `rowsPerSheet` of them; gives the filter's range to `done`. */
async function* detailSheet(sheet: Sheet, h: ReportHeader, part: number, lines: LineReader, rowsPerSheet: number, done: (filter: string) => void): AsyncGenerator<string | Buffer> {
  const frozen = 6;
  // A hub's report: each airing's ward beside its number.
  const cols = h.hub ? [DET_COLS[0], { header: 'Phường/xã', width: 24 }, ...DET_COLS.slice(1)] : DET_COLS;
  yield sheetStart(cols, frozen);
  yield titleBlock(sheet, h, cols.length, part === 1 ? ' — chi tiết từng lượt phát' : ` — chi tiết từng lượt phát (tiếp, phần ${part})`);
  yield sheet.row(cols.map((c) => c.header), S.header);
  const header = sheet.rowNumber;
  let left = rowsPerSheet;
  const sst = sheet.sst;
  const minutes = new Map<number, string>();
  const yes = sst.body('Có');
  const no = sst.body('Không');
  const empty = sst.body('');
  const out = new ByteChunks();
  for (;;) {
    const batch = await lines.next(left);
    if (!batch) break;
    // A million rows: each is one string of cached cells, encoded straight into the chunk.
    let r = sheet.rowNumber;
    for (const a of batch) {
      r++;
      let m = minutes.get(a.minutes);
      if (m === undefined) minutes.set(a.minutes, (m = `<c s="${S.plainMinutes}"><v>${a.minutes}</v></c>`));
      // Every piece is ASCII (numbers, shared cells) or an inline cell's bytes.
      out.writeBytes(`<row r="${r}"><c r="A${r}"><v>${a.no}</v></c>${h.hub ? sst.body(a.ward) : ''}${sst.body(a.date)}${sst.body(a.time)}${sst.body(a.endTime)}${m}`
        + `${sst.body(a.campaign)}${sst.body(a.title)}${sst.body(a.priorityLabel)}${sst.body(a.channel)}${sst.body(a.transmitter)}${sst.body(a.statusLabel)}`
        + `${a.verified === null ? empty : a.verified ? yes : no}${sst.body(a.note)}</row>`);
    }
    sheet.skipRows(batch.length);
    left -= batch.length;
    yield* out.take();
  }
  yield* out.take(true);
  const filter = sheet.rowNumber > header ? `A${header}:${col(cols.length)}${sheet.rowNumber}` : null;
  yield sheetEnd(sheet, filter, true);
  if (filter) done(filter);
}

function* summarySheet(sheet: Sheet, s: MonthlySummary): Generator<string> {
  const width = SUM_COLS.length;
  const styles = SUM_COLS.map((c) => (c.minutes ? S.bodyMinutes : S.body));
  const totalStyles = SUM_COLS.map((c) => (c.minutes ? S.totalMinutes : S.total));
  yield sheetStart(SUM_COLS, 6);
  yield titleBlock(sheet, s, width, s.complete ? '' : ' (tháng chưa kết thúc)');
  yield sheet.row(SUM_COLS.map((c) => c.header), S.header);
  yield s.groups.map((g, i) => sheet.row([i + 1, g.campaign, g.title, g.airings, g.minutes, g.counts.aired, g.counts.partial, g.counts.interrupted,
    g.counts.missed, g.counts.failed, g.channels.join(', '), g.transmitters.join(', '), g.times], styles)).join('');
  const t = s.totals;
  yield sheet.row(['', 'Tổng cộng', `${t.bulletins} bản tin, ${t.campaigns} chiến dịch`, t.airings, t.minutes, t.counts.aired, t.counts.partial,
    t.counts.interrupted, t.counts.missed, t.counts.failed, '', '', ''], totalStyles);
  yield sheet.row(['', 'Im lặng trên sóng khi đang phát', `${t.deadAir} lần`], [S.body, S.body, S.body]);
  // A city's month: the same figures per loudspeaker channel and per day, under the bulletins.
  const table = (title: string, rows: ReadonlyArray<{ name: string; airings: number; minutes: number; counts: MonthlySummary['totals']['counts'] }>) => {
    let x = sheet.blank() + sheet.row([title, 'Số lần phát', 'Tổng số phút', 'Đã phát', 'Phát một phần', 'Bị ngắt', 'Bỏ lỡ', 'Lỗi'], S.header);
    const st = [S.body, S.body, S.bodyMinutes, S.body, S.body, S.body, S.body, S.body];
    for (const r of rows) x += sheet.row([r.name, r.airings, r.minutes, r.counts.aired, r.counts.partial, r.counts.interrupted, r.counts.missed, r.counts.failed], st);
    return x;
  };
  if (s.channels.length > 1) yield table('Kênh', s.channels.map((c) => ({ name: c.channel, ...c })));
  if (s.days.length > 1) yield table('Ngày', s.days.map((d) => ({ name: d.date, ...d })));
  yield sheetEnd(sheet, null);
}

const WARD_COLS: readonly Column[] = [
  { header: 'STT', width: 6 }, { header: 'Phường/xã', width: 30 }, { header: 'Số lần phát', width: 10 }, { header: 'Tổng số phút', width: 11, minutes: true },
  { header: 'Đã phát', width: 9 }, { header: 'Phát một phần', width: 10 }, { header: 'Bị ngắt', width: 9 }, { header: 'Bỏ lỡ', width: 8 },
  { header: 'Lỗi', width: 7 }, { header: 'Số bản tin', width: 10 },
];

/** A hub's report: one row per ward (the hub's own airings first). */
function* wardSheet(sheet: Sheet, s: MonthlySummary): Generator<string> {
  const styles = WARD_COLS.map((c) => (c.minutes ? S.bodyMinutes : S.body));
  yield sheetStart(WARD_COLS, 6);
  yield titleBlock(sheet, s, WARD_COLS.length, ' — tổng hợp theo phường/xã');
  yield sheet.row(WARD_COLS.map((c) => c.header), S.header);
  yield s.byWard.map((w, i) => sheet.row([i + 1, w.ward, w.airings, w.minutes, w.counts.aired, w.counts.partial, w.counts.interrupted,
    w.counts.missed, w.counts.failed, w.bulletins], styles)).join('');
  yield sheetEnd(sheet, null);
}

/** Lines in batches of at most `max`, across the source's own batches. */
class LineReader {
  readonly #it: AsyncIterator<readonly ReportAiring[]>;
  #rest: readonly ReportAiring[] = [];

  constructor(src: ReportSource) {
    this.#it = src.lines()[Symbol.asyncIterator]();
  }

  async next(max: number): Promise<readonly ReportAiring[] | null> {
    if (max <= 0) return null;
    if (this.#rest.length === 0) {
      const r = await this.#it.next();
      if (r.done) return null;
      this.#rest = r.value;
    }
    const out = this.#rest.length <= max ? this.#rest : this.#rest.slice(0, max);
    this.#rest = this.#rest.slice(out.length);
    return out;
  }

  /** True once every line has been read. */
  async ended(): Promise<boolean> {
    if (this.#rest.length) return false;
    const r = await this.#it.next();
    if (r.done) return true;
    this.#rest = r.value;
    return this.#rest.length === 0 ? this.ended() : false;
  }
}

export async function* xlsxChunks(src: ReportSource, rowsPerSheet = XLSX_ROWS_PER_SHEET): AsyncGenerator<Buffer> {
  const h = src.header;
  const zip = new ZipWriter(new Date(h.generatedAt));
  const sst = new SharedStrings();
  const lines = new LineReader(src);
  const details: Array<{ name: string; filter: string | null }> = [];
  // Sheet files in the workbook's order: the summary, a hub's per-ward sheet, then the details.
  const firstDetail = h.hub ? 3 : 2;
  do {
    const part = details.length + 1;
    const d = { name: part === 1 ? 'Chi tiết' : `Chi tiết (${part})`, filter: null as string | null };
    details.push(d);
    yield* zip.entry(`xl/worksheets/sheet${part + firstDetail - 1}.xml`, detailSheet(new Sheet(sst), h, part, lines, rowsPerSheet, (f) => (d.filter = f)));
  } while (!(await lines.ended()));
  const s = src.summary();
  yield* zip.entry('xl/worksheets/sheet1.xml', summarySheet(new Sheet(sst), s));
  if (h.hub) yield* zip.entry('xl/worksheets/sheet2.xml', wardSheet(new Sheet(sst), s));
  yield* zip.entry('xl/sharedStrings.xml', sst.xml());
  yield* zip.entry('xl/styles.xml', [STYLES]);

  const sheets = [{ name: 'Tổng hợp', filter: null as string | null }, ...(h.hub ? [{ name: 'Theo phường', filter: null }] : []), ...details];
  yield* zip.entry('xl/workbook.xml', [`${XML_HEAD}<workbook ${NS}><bookViews><workbookView/></bookViews><sheets>`
    + sheets.map((x, i) => `<sheet name="${xmlText(x.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') + '</sheets>'
    + (details.some((x) => x.filter) ? `<definedNames>${sheets.map((x, i) => (x.filter ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(x.name)}'!${x.filter.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}</definedName>` : '')).join('')}</definedNames>` : '')
    + '</workbook>']);
  yield* zip.entry('xl/_rels/workbook.xml.rels', [`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
    + `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
    + `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
    + '</Relationships>']);
  yield* zip.entry('docProps/core.xml', [`${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
    + `<dc:creator>loaphuong</dc:creator><dc:title>${xmlText(`Báo cáo kết quả tuyên truyền ${h.monthLabel}`)}</dc:title>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${h.generatedAt}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${h.generatedAt}</dcterms:modified></cp:coreProperties>`]);
  yield* zip.entry('_rels/.rels', [`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>']);
  yield* zip.entry('[Content_Types].xml', [`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>']);
  yield zip.end();
}
