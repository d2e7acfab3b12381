/**
 * Monthly report: the pure builder and the three writers behind one entry point, so the CLI and
 * the web API serve exactly the same bytes.
 *
 *   const { from, to } = monthRange(month, cfg.timezone);   // from src/time
 *   const report = buildMonthlyReport(log.list({ from, to }), { month, ward, place, timezone, now });
 *   const bytes = await writeReport(report, 'pdf');
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LpError } from '../errors.js';
import { csvCell, writeCsv } from './csv.js';
import type { MonthlyReport } from './monthly.js';
import { writePdf } from './pdf.js';
import { writeXlsx } from './xlsx.js';

export { buildMonthlyReport, describeCounts, NO_CAMPAIGN, viNumber, vietnameseDateLine } from './monthly.js';
export type { MonthlyReport, MonthlyReportOptions, ReportAiring, ReportGroup, ReportTotals, ReportWardSummary, StatusCounts } from './monthly.js';
export { csvCell, writeCsv, writePdf, writeXlsx };

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
export function reportFileName(report: MonthlyReport, format: ReportFormat): string {
  return `bao-cao-truyen-thanh-${report.month}.${format}`;
}

export async function writeReport(report: MonthlyReport, format: string): Promise<Buffer> {
  switch (parseReportFormat(format)) {
    case 'csv':
      return writeCsv(report);
    case 'xlsx':
      return writeXlsx(report);
    case 'pdf':
      return writePdf(report);
  }
}

/**
 * Writes the file atomically (temp file in the same directory, then rename), so a reader never sees
 * half a report and a failed write leaves no partial file; failures → LP_ERR_REPORT_WRITE.
 */
export function saveReport(path: string, bytes: Buffer): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LpError('LP_ERR_REPORT_WRITE', `${path}: ${(e as Error).message}`, { cause: e });
  }
}
