import { basename } from 'node:path';
import { loadConfig } from '../config/index.js';
import { PRIORITIES, type Priority } from '../domain.js';
import { LpError } from '../errors.js';
import { scanAdvice } from '../documents/index.js';
import { describeLength } from '../station/air-now.js';
import type { AirNowResult } from '../station/api.js';
import { formatTime } from '../time/index.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';
import { readCliDocument } from './document-input.js';
import { postToInstance } from './instance.js';

/** Asks the running instance (over its API, with the 0600 CLI token) to air a text now. */
export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCli(ctx.argv, {
    priority: { type: 'string', default: 'thuong' },
    repeat: { type: 'string', default: '1' },
    interval: { type: 'string', default: '0' },
    channel: { type: 'string', multiple: true },
    title: { type: 'string' },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new LpError('LP_ERR_USAGE', 'air-now FILE [--priority thuong|uu-tien|khan-cap] [--repeat N]');
  if (!PRIORITIES.includes(values.priority as Priority)) throw new LpError('LP_ERR_USAGE', `--priority phải là ${PRIORITIES.join(', ')}`);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) throw new LpError('LP_ERR_USAGE', '--repeat phải là số nguyên từ 1 đến 20');
  const intervalMinutes = Number(values.interval);
  if (!values.interval.trim() || !Number.isFinite(intervalMinutes) || intervalMinutes < 0 || intervalMinutes > 24 * 60) {
    throw new LpError('LP_ERR_USAGE', '--interval phải là số phút từ 0 đến 1440');
  }
  const config = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  const file = positionals[0];
  const doc = await readCliDocument(ctx, file);
  const answer = await postToInstance<AirNowResult>(config, '/api/air-now', {
    text: doc.text, title: values.title ?? basename(file).replace(/\.[^.]+$/, ''), priority: values.priority,
    repeat, intervalMinutes, channels: values.channel, force: values.force,
  });
  if (!answer.ok) {
    // 3 for suspect text, as `text check`.
    ctx.stderr.write(`${answer.code} : ${answer.message}\n`);
    const advice = answer.code === 'LP_ERR_TEXT_SUSPECT' ? scanAdvice(doc) : null;
    if (advice) ctx.stderr.write(`${advice}\n`);
    return answer.code === 'LP_ERR_TEXT_SUSPECT' ? 3 : 1;
  }
  const body = answer.body;
  if (values.json) ctx.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else {
    const length = describeLength(body);
    ctx.stdout.write(`Đã gửi lệnh phát: bắt đầu lúc ${formatTime(body.startsAt ?? Date.now(), config.timezone, { seconds: true })} (${body.keys?.length ?? 0} lượt)${length ? `; ${length}` : ''}\n`);
  }
  return 0;
}
