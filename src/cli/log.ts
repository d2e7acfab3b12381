/**
 * `loaphuong log [--from DATE] [--to DATE] [--json]`: the airing log, read straight from the SQLite
 * file in the data dir (works whether or not the station is running). Dates are local days in the
 * configured time zone, both ends inclusive.
 */
import { AiringLog, type AiringRow } from '../airing/index.js';
import { loadConfig } from '../config/index.js';
import { AIRING_STATUSES, AIRING_STATUS_LABELS, type AiringStatus } from '../domain.js';
import { LpError } from '../errors.js';
import { openDatabase } from '../store/db.js';
import { addDays, formatDateTime, formatDuration, requireDate, startOfDay } from '../time/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';

/** Fits a cell to a width, by code points (Vietnamese text is NFC: one point per letter). */
function fit(s: string, width: number): string {
  const chars = [...s.normalize('NFC')];
  const cut = chars.length > width ? [...chars.slice(0, width - 1), '…'] : chars;
  return cut.join('') + ' '.repeat(Math.max(0, width - cut.length));
}

export function formatTable(rows: readonly AiringRow[], tz: string): string {
  const cols: Array<[string, number, (r: AiringRow) => string]> = [
    ['Thời gian', 19, (r) => formatDateTime(r.startedAt ?? r.scheduledAt, tz, { seconds: true })],
    ['Kênh', 10, (r) => r.channelId],
    ['Bản tin', 36, (r) => r.title],
    ['Chiến dịch', 24, (r) => r.campaign ?? ''],
    ['Phát', 7, (r) => (r.durationSec === null ? '' : formatDuration(r.durationSec))],
    ['Trạng thái', 13, (r) => AIRING_STATUS_LABELS[r.status] + (r.verified ? ' ✓' : '')],
    ['Ghi chú', 40, (r) => [r.reason, r.transmitterNote].filter(Boolean).join('; ')],
  ];
  const line = (cells: string[]) => cells.map((c, i) => fit(c, cols[i][1])).join('  ').trimEnd();
  return [
    line(cols.map((c) => c[0])),
    line(cols.map((c) => '─'.repeat(c[1]))),
    ...rows.map((r) => line(cols.map((c) => c[2](r)))),
    '',
    `${rows.length} lượt trong nhật ký (giờ ${tz}).`,
    '',
  ].join('\n');
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    status: { type: 'string' },
    channel: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new LpError('LP_ERR_USAGE', `thừa tham số "${positionals[0]}"`);
  const cfg = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  // Both ends are whole local days: `to` runs up to the start of the next one.
  const from = values.from !== undefined ? new Date(startOfDay(requireDate(values.from), cfg.timezone)) : undefined;
  const to = values.to !== undefined ? new Date(startOfDay(addDays(requireDate(values.to), 1), cfg.timezone)) : undefined;
  if (from && to && from >= to) throw new LpError('LP_ERR_DATE_INVALID', `--from ${values.from} sau --to ${values.to}`);
  if (values.status !== undefined && !(AIRING_STATUSES as readonly string[]).includes(values.status)) {
    throw new LpError('LP_ERR_USAGE', `--status phải là một trong: ${AIRING_STATUSES.join(', ')}`);
  }
  const db = openDatabase(cfg.dataDir);
  try {
    const rows = new AiringLog(db).list({ from, to, status: values.status as AiringStatus | undefined, channelId: values.channel });
    ctx.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows, cfg.timezone));
  } finally {
    db.close();
  }
  return 0;
}
