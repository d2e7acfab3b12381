/**
 * `loaphuong report --month YYYY-MM --format csv|xlsx|pdf -o FILE`: the monthly report from the
 * airing log (opened read-only), for the ward in the config. Without -o the file goes to the current
 * directory under its standard name; without --format the extension of -o decides.
 */
import { extname, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { LpError } from '../errors.js';
import { parseReportFormat, reportFileName, saveReport, streamReport, viNumber } from '../reports/index.js';
import { openStores } from '../station/stores.js';
import { monthRange, requireMonth } from '../time/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    month: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
  });
  if (positionals.length > 0) throw new LpError('LP_ERR_USAGE', `thừa tham số "${positionals[0]}"`);
  if (values.month === undefined) throw new LpError('LP_ERR_USAGE', 'thiếu --month YYYY-MM');
  requireMonth(values.month);
  const format = parseReportFormat(values.format ?? (values.output ? extname(values.output).slice(1) : 'csv'));
  const cfg = loadConfig({ env: ctx.env, cwd: ctx.cwd });

  const opts = {
    month: values.month, ward: cfg.ward.name, place: cfg.ward.place, timezone: cfg.timezone, now: new Date(),
    channelNames: Object.fromEntries(cfg.channels.map((c) => [c.id, c.name])),
    // A hub (its config lists wards): the report says which ward aired what, and sums each ward.
    ...(cfg.wards.length ? { wardNames: Object.fromEntries(cfg.wards.map((w) => [w.id, w.name])) } : {}),
  };
  const stores = await openStores(cfg, { readOnly: true });
  try {
    const { from, to } = monthRange(values.month, cfg.timezone);
    // The rows are read as the file is written: a city's month never sits in memory as a whole.
    const report = streamReport(stores.airings.stream({ from, to }), opts, format);
    const out = resolve(ctx.cwd, values.output ?? reportFileName(report.header, format));
    await saveReport(out, report.chunks);
    const { totals } = report.summary();
    ctx.stdout.write(`Đã ghi báo cáo ${report.header.monthLabel} (${totals.airings} lượt phát, ${viNumber(totals.minutes)} phút) vào ${out}\n`);
  } finally {
    await stores.close();
  }
  return 0;
}
