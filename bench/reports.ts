/**
 * Reports at a city's scale: a month of 1,000,000 airing rows (150 wards' channels, 40 bulletins,
 * one row in 13 not aired cleanly) to CSV, XLSX and PDF through `streamReport`, each format in a
 * child process of its own so its peak RSS (VmHWM) is its own. The rows come from a generator that
 * hands out what the store's stream would: row objects with ISO text times, in the log's order; its
 * own cost is measured apart (report_1m_rows_source_seconds).
 *
 * Figures: report_1m_rows_seconds (the slowest format), report_1m_<format>_seconds, _cpu_seconds
 * and _peak_rss_mb; the peer, exceljs's streaming WorkbookWriter (the usual way to stream XLSX in
 * Node), on 100,000 rows beside ours on the same 100,000 (report_100k_xlsx_vs_exceljs_speedup).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { AiringRow } from '../src/airing/index.js';
import { AIRING_STATUSES, type AiringStatus } from '../src/domain.js';
import { streamReport, type MonthlyReportOptions } from '../src/reports/index.js';
import type { Emit } from './run.js';

const OPTS: MonthlyReportOptions = { month: '2026-11', ward: 'Thành phố Hải Phòng', place: 'Hải Phòng', timezone: 'Asia/Ho_Chi_Minh', now: new Date('2026-12-01T02:00:00Z') };

/** One row in 13 is not aired cleanly (missed, partial, interrupted, failed), the rest aired. */
const STATUSES: AiringStatus[] = [...Array<AiringStatus>(9).fill('aired'), 'partial', 'missed', 'interrupted', 'failed'];
if (!STATUSES.every((s) => AIRING_STATUSES.includes(s))) throw new Error('bench reports: unknown status');

/** A city's month of rows in the log's order, made as cheaply as a store hands them out (text times). */
export function* cityMonth(n: number): Generator<AiringRow> {
  const from = Date.parse('2026-10-31T17:00:00.000Z');
  const span = 30 * 86_400_000;
  const titles = Array.from({ length: 40 }, (_, i) => `Bản tin số ${i + 1}: tuyên truyền chuyển đổi số, an toàn giao thông`);
  const campaigns = ['Tuyên truyền Nghị quyết 57-NQ/TW', 'An toàn giao thông cuối năm', 'Phòng chống thiên tai', null];
  const p2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
  const p3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
  const days = new Map<number, string>();
  const iso = (t: number) => {
    const day = Math.floor(t / 86_400_000);
    let prefix = days.get(day);
    if (!prefix) days.set(day, (prefix = new Date(day * 86_400_000).toISOString().slice(0, 11)));
    const ms = t - day * 86_400_000;
    const s = Math.floor(ms / 1000);
    const text = `${prefix}${p2[Math.floor(s / 3600)]}:${p2[Math.floor(s / 60) % 60]}:${p2[s % 60]}.${p3[ms % 1000]}Z`;
    text.charCodeAt(0); // flat, as text read from a database is
    return text;
  };
  for (let i = 0; i < n; i++) {
    const t = from + Math.floor((i / n) * span);
    const status = STATUSES[i % STATUSES.length];
    const started = status === 'missed' ? null : iso(t);
    yield {
      id: i + 1, channelId: `phuong-${i % 150}`, key: `k${i}`, scheduledAt: iso(t), startedAt: started, endedAt: started ? iso(t + 95_000) : null, lastSeenAt: started,
      durationSec: started ? 95.4 : null, plannedSec: 95.4, title: titles[i % 40], campaign: campaigns[i % 4], bulletinId: 1 + (i % 40), contentHash: 'bench',
      priority: 'thuong', voice: 'espeak', transmitter: 'none', transmitterNote: null, status, reason: status === 'aired' ? null : 'Bộ mã hóa dừng giữa chừng',
      verified: status === 'aired' ? true : null, ward: null,
    };
  }
}

interface ChildResult { seconds: number; cpuSeconds: number; peakRssMb: number }

/** Peak resident memory of this process so far (the kernel's high-water mark), MB. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function measured(work: () => Promise<void>): Promise<ChildResult> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, peakRssMb: peakRssMb() };
}

/** What a child process does: one job, its figures as JSON on stdout. */
async function child(job: string, n: number, out: string): Promise<void> {
  let r: ChildResult;
  if (job === 'source') {
    r = await measured(async () => {
      let k = 0;
      for (const _ of cityMonth(n)) k++;
      if (k !== n) throw new Error('short');
    });
  } else if (job === 'exceljs') {
    r = await measured(async () => {
      const sink = new PassThrough();
      sink.resume();
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
      const ws = wb.addWorksheet('Chi tiết');
      const thin = { style: 'thin' } as const;
      const border = { top: thin, left: thin, bottom: thin, right: thin };
      let no = 0;
      for (const a of cityMonth(n)) {
        const row = ws.addRow([++no, a.startedAt ?? a.scheduledAt, a.endedAt ?? '', Math.round((a.durationSec ?? 0) / 6) / 10, a.campaign ?? '', a.title, a.priority, a.channelId, a.transmitter ?? '', a.status, a.verified ? 'Có' : '', a.reason ?? '']);
        row.eachCell((cell) => (cell.border = border));
        row.commit();
      }
      ws.commit();
      await wb.commit();
    });
  } else {
    r = await measured(() => pipeline(Readable.from(streamReport(cityMonth(n), OPTS, job).chunks), createWriteStream(out)));
  }
  process.stdout.write(JSON.stringify(r));
}

function runChild(job: string, n: number, dir: string): ChildResult {
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', job, String(n), join(dir, `report.${job}`)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (p.status !== 0) throw new Error(`bench reports ${job}: ${p.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(p.stdout) as ChildResult;
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-reports-'));
  try {
    const n = 1_000_000;
    const source = runChild('source', n, dir);
    emit('report_1m_rows_source_seconds', source.seconds, 's');
    let slowest = 0;
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const r = runChild(format, n, dir);
      process.stderr.write(`[bench] reports: ${format} ${r.seconds.toFixed(2)} s (${r.cpuSeconds.toFixed(2)} s CPU), peak ${r.peakRssMb.toFixed(0)} MB\n`);
      emit(`report_1m_${format}_seconds`, r.seconds, 's');
      emit(`report_1m_${format}_cpu_seconds`, r.cpuSeconds, 's');
      emit(`report_1m_${format}_peak_rss_mb`, r.peakRssMb, 'MB');
      slowest = Math.max(slowest, r.seconds);
    }
    emit('report_1m_rows_seconds', slowest, 's');
    const ours = runChild('xlsx', 100_000, dir);
    const peer = runChild('exceljs', 100_000, dir);
    emit('report_100k_xlsx_seconds', ours.seconds, 's');
    emit('report_100k_exceljs_stream_seconds', peer.seconds, 's');
    emit('report_100k_exceljs_stream_peak_rss_mb', peer.peakRssMb, 'MB');
    emit('report_100k_xlsx_vs_exceljs_speedup', peer.seconds / ours.seconds, 'x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  child(process.argv[3], Number(process.argv[4]), process.argv[5]).catch((e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
