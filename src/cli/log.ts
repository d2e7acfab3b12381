/**
 * `loaphuong log [--from DATE] [--to DATE] [--ward ID] [--json]`: the airing log, read straight from the store
 * (the SQLite file in the data dir, or PostgreSQL), opened read-only; works whether or not the
 * station is running. Dates are local days in the configured time zone, both ends inclusive. Rows
 * are streamed a page at a time, so a city's month prints without holding it in memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AiringRow } from '../airing/index.js';
import { loadConfig } from '../config/index.js';
import { AIRING_STATUSES, AIRING_STATUS_LABELS, type AiringStatus } from '../domain.js';
import { LpError } from '../errors.js';
import { openStores } from '../station/stores.js';
import { addDays, formatDateTime, formatDuration, requireDate, startOfDay } from '../time/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';

/** Fits a cell to a width, by code points (Vietnamese text is NFC: one point per letter). */
function fit(s: string, width: number): string {
  const chars = [...s.normalize('NFC')];
  const cut = chars.length > width ? [...chars.slice(0, width - 1), '…'] : chars;
  return cut.join('') + ' '.repeat(Math.max(0, width - cut.length));
}

/** The table, a line at a time; the count comes at the end. A hub's table starts with the ward. */
async function* tableLines(rows: AsyncIterable<AiringRow>, tz: string, ward: ((r: AiringRow) => string) | null): AsyncIterable<string> {
  const cols: Array<[string, number, (r: AiringRow) => string]> = [
    ...(ward ? [['Phường/xã', 20, ward] as [string, number, (r: AiringRow) => string]] : []),
    ['Thời gian', 19, (r) => formatDateTime(r.startedAt ?? r.scheduledAt, tz, { seconds: true })],
    ['Kênh', 10, (r) => r.channelId],
    ['Bản tin', 36, (r) => r.title],
    ['Chiến dịch', 24, (r) => r.campaign ?? ''],
    ['Phát', 7, (r) => (r.durationSec === null ? '' : formatDuration(r.durationSec))],
    ['Trạng thái', 13, (r) => AIRING_STATUS_LABELS[r.status] + (r.verified ? ' ✓' : '')],
    ['Ghi chú', 40, (r) => [r.reason, r.transmitterNote].filter(Boolean).join('; ')],
  ];
  const line = (cells: string[]) => cells.map((c, i) => fit(c, cols[i][1])).join('  ').trimEnd() + '\n';
  yield line(cols.map((c) => c[0]));
  yield line(cols.map((c) => '─'.repeat(c[1])));
  let n = 0;
  for await (const r of rows) {
    n++;
    yield line(cols.map((c) => c[2](r)));
  }
  yield `\n${n} lượt trong nhật ký (giờ ${tz}).\n`;
}

/** `JSON.stringify(rows, null, 2)`, a row at a time. */
async function* jsonLines(rows: AsyncIterable<AiringRow>): AsyncIterable<string> {
  let first = true;
  for await (const r of rows) {
    yield `${first ? '[\n' : ',\n'}${JSON.stringify(r, null, 2).replace(/^/gm, '  ')}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

/** Writes in chunks, waiting when the terminal or pipe is full. */
async function writeAll(out: Writable, chunks: AsyncIterable<string>): Promise<void> {
  let buf = '';
  for await (const c of chunks) {
    buf += c;
    if (buf.length < 64 * 1024) continue;
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  }
  if (buf) out.write(buf);
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    status: { type: 'string' },
    channel: { type: 'string' },
    ward: { type: 'string' },
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
  const stores = await openStores(cfg, { readOnly: true });
  try {
    const rows = stores.airings.stream({ from, to, status: values.status as AiringStatus | undefined, channelId: values.channel, ward: values.ward });
    // On a hub, every row says whose it is (`--json` rows carry `ward`: null for the hub's own).
    const names = new Map(cfg.wards.map((w) => [w.id, w.name]));
    const ward = cfg.wards.length ? (r: AiringRow) => (r.ward === null ? cfg.ward.name : names.get(r.ward) ?? r.ward) : null;
    await writeAll(ctx.stdout, values.json ? jsonLines(rows) : tableLines(rows, cfg.timezone, ward));
  } finally {
    await stores.close();
  }
  return 0;
}
