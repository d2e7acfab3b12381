/**
 * Monthly report: the pure builder (a fold) and the three writers behind one entry point, so the
 * CLI and the web API serve exactly the same bytes. Every format streams: the rows are read once,
 * in the airing log's order, and the file goes out in chunks, so a city's month (a million rows)
 * costs seconds and bounded memory.
 *
 *   const { from, to } = monthRange(month, cfg.timezone);   // from src/time
 *   const out = streamReport(log.list({ from, to }), { month, ward, place, timezone, now }, 'pdf');
 *   await saveReport(path, out.chunks);      // or reply.send(Readable.from(out.chunks))
 */
import { LpError } from '../errors.js';
import { writeChunksAtomic } from '../files.js';
import { csvChunks } from './csv.js';
import type { AiringRows, MonthlyReport, MonthlyReportOptions, ReportHeader } from './monthly.js';
import { pdfChunks } from './pdf.js';
import { sourceFromReport, sourceFromRows, type ReportSource } from './source.js';
import { xlsxChunks } from './xlsx.js';

export { buildMonthlyReport, describeCounts, MonthlyFold, NO_CAMPAIGN, summarizeMonth, viNumber, vietnameseDateLine } from './monthly.js';
export type {
  AiringRows, ChannelTotals, DayTotals, MonthlyReport, MonthlyReportOptions, MonthlySummary, ReportAiring, ReportGroup, ReportHeader, ReportTotals, StatusCounts,
} from './monthly.js';
export { CSV_BOM, csvCell, csvDocument, csvLine, type CsvValue } from './csv.js';
export { PDF_APPENDIX_MAX } from './pdf.js';
export { XLSX_ROWS_PER_SHEET } from './xlsx.js';
export type { ReportSource } from './source.js';

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Any string → a known format, or LP_ERR_REPORT_FORMAT naming what was asked. */
export function parseReportFormat(s: string | undefined): ReportFormat {
  const f = String(s ?? '').trim().toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(f)) return f as ReportFormat;
  throw new LpError('LP_ERR_REPORT_FORMAT', `"${s ?? ''}"`);
}

/** Download name, e.g. "bao-cao-truyen-thanh-2026-11.pdf" (ASCII, safe in a Content-Disposition). */
export function reportFileName(report: Pick<ReportHeader, 'month'>, format: ReportFormat): string {
  return `bao-cao-truyen-thanh-${report.month}.${format}`;
}

const WRITERS: Record<ReportFormat, (src: ReportSource) => AsyncIterable<Buffer>> = { csv: csvChunks, xlsx: xlsxChunks, pdf: pdfChunks };

export interface ReportStream {
  /** Known before any row is read (the month is checked here: LP_ERR_MONTH_INVALID). */
  readonly header: ReportHeader;
  /** The file, in order; read once. */
  readonly chunks: AsyncIterable<Buffer>;
  /** The month's figures, complete once `chunks` has been read to its end. */
  readonly summary: ReportSource['summary'];
}

/**
 * The report of `rows` (a list, or the log's stream of a city's month, in the log's order: time,
 * then id) in `format`, as chunks.
 */
export function streamReport(rows: AiringRows, opts: MonthlyReportOptions, format: string): ReportStream {
  const f = parseReportFormat(format);
  const src = sourceFromRows(rows, opts);
  return { header: src.header, chunks: WRITERS[f](src), summary: src.summary };
}

/** A report already built in memory (a ward's month), as one buffer. */
export async function writeReport(report: MonthlyReport, format: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of WRITERS[parseReportFormat(format)](sourceFromReport(report))) parts.push(c);
  return Buffer.concat(parts);
}

/**
 * Writes the file atomically (temp file in the same directory, then rename), so a reader never sees
 * half a report and a failed write leaves no partial file; failures → LP_ERR_REPORT_WRITE.
 */
export async function saveReport(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  try {
    await writeChunksAtomic(path, chunks);
  } catch (e) {
    if (e instanceof LpError) throw e;
    throw new LpError('LP_ERR_REPORT_WRITE', `${path}: ${(e as Error).message}`, { cause: e });
  }
}
