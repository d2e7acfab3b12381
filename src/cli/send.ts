/**
 * `loaphuong send FILE --priority thuong|uu-tien|khan-cap [--to ID,…] [--title T] [--until DATETIME]`
 * on a hub: FILE is decoded here like every input door (any accepted kind, OCR for scans), and
 * its text is handed to the running hub, which sends it down; each ward reads and renders it with
 * its own voice and loudspeakers. `--until` is a local date-time (or a day: to its end) after which
 * no ward airs it.
 */
import { basename } from 'node:path';
import { loadConfig } from '../config/index.js';
import { PRIORITIES, PRIORITY_LABELS, type Priority } from '../domain.js';
import { LpError } from '../errors.js';
import { formatDateTime, requireInstant } from '../time/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';
import { readCliDocument } from './document-input.js';
import { postToInstance } from './instance.js';

interface SendAnswer {
  readonly bulletin: { readonly id: number; readonly title: string; readonly priority: Priority; readonly until: string | null };
  readonly deliveries: ReadonlyArray<{ readonly id: string; readonly ward: string }>;
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    priority: { type: 'string' },
    to: { type: 'string', multiple: true },
    title: { type: 'string' },
    until: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const usage = 'send FILE --priority thuong|uu-tien|khan-cap [--to ID,…] [--title T] [--until NGÀY-GIỜ]';
  if (positionals.length !== 1) throw new LpError('LP_ERR_USAGE', usage);
  if (!PRIORITIES.includes(values.priority as Priority)) throw new LpError('LP_ERR_USAGE', `--priority phải là ${PRIORITIES.join(', ')}`);
  const config = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  if (!config.wards.length) throw new LpError('LP_ERR_HUB_NOT_CONFIGURED');
  const to = (values.to ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  for (const id of to) if (!config.wards.some((w) => w.id === id)) throw new LpError('LP_ERR_HUB_WARD_UNKNOWN', id);
  // Checked here too, so a typo is told before a scan is OCR'd.
  const until = values.until === undefined ? undefined : new Date(requireInstant(values.until, config.timezone, { endOfDay: true, what: '--until' })).toISOString();
  const file = positionals[0];
  const doc = await readCliDocument(ctx, file);
  const answer = await postToInstance<SendAnswer>(config, '/api/hub/send', {
    text: doc.text, title: values.title ?? basename(file).replace(/\.[^.]+$/, ''), priority: values.priority, to, until,
  });
  if (!answer.ok) {
    ctx.stderr.write(`${answer.code} : ${answer.message}\n`);
    return 1;
  }
  const { bulletin, deliveries } = answer.body;
  if (values.json) ctx.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
  else {
    const names = new Map(config.wards.map((w) => [w.id, w.name]));
    ctx.stdout.write(`Đã gửi bản tin số ${bulletin.id} "${bulletin.title}" (${PRIORITY_LABELS[bulletin.priority]}`
      + `${bulletin.until ? `, hạn ${formatDateTime(bulletin.until, config.timezone)}` : ''}) xuống ${deliveries.length} phường/xã: `
      + `${deliveries.map((d) => names.get(d.ward) ?? d.ward).join(', ')}\n`);
  }
  return 0;
}
