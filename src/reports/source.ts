/**
 * What a report writer reads: the header (known before the first line), the lines in order (read
 * once), and the figures (complete once the lines have been read). A writer of any size streams the
 * lines and lays out the figures where its format wants them: CSV and XLSX after the lines, PDF
 * before its appendix.
 */
import type { AiringRow } from '../airing/index.js';
import type { AiringStatus } from '../domain.js';
import { MonthlyFold, type AiringRows, type MonthlyReport, type MonthlyReportOptions, type MonthlySummary, type ReportAiring, type ReportHeader } from './monthly.js';

export interface ReportSource {
  readonly header: ReportHeader;
  /**
   * The lines, numbered, in time order, in batches (a million awaits would cost more than the lines);
   * iterate once. With `keep`, asked the status of every line in order, only the lines it keeps.
   */
  lines(keep?: (status: AiringStatus) => boolean): AsyncIterable<readonly ReportAiring[]>;
  /** The month's figures; complete after `lines()` has been read to its end. */
  summary(): MonthlySummary;
}

/**
 * Lines per batch: few enough that a batch alive at a young-generation GC is cheap to copy (4096
 * made the scavenges a sixth of a city's month), many enough that the awaits cost nothing.
 */
const BATCH = 512;

/** Rows from the airing log (a list or a stream, in the log's order), folded as they are read. */
export function sourceFromRows(rows: AiringRows, opts: MonthlyReportOptions): ReportSource {
  const fold = new MonthlyFold(opts);
  return {
    header: fold.header,
    async *lines(keep) {
      let batch: ReportAiring[] = [];
      const take = (r: AiringRow) => {
        const line = fold.add(r, keep);
        if (line) batch.push(line);
        return batch.length >= BATCH;
      };
      // A list or a generator is read without an await per row.
      if (Symbol.iterator in rows) {
        for (const r of rows) {
          if (!take(r)) continue;
          yield batch;
          batch = [];
        }
      } else {
        for await (const r of rows) {
          if (!take(r)) continue;
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    summary: () => fold.summary(),
  };
}

/** A report already built in memory (a ward's month). */
export function sourceFromReport(report: MonthlyReport): ReportSource {
  return {
    header: report,
    async *lines(keep) {
      const airings = keep ? report.airings.filter((a) => keep(a.status)) : report.airings;
      for (let i = 0; i < airings.length; i += BATCH) yield airings.slice(i, i + BATCH);
    },
    summary: () => report,
  };
}
