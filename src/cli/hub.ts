/**
 * `loaphuong hub …`, on a hub:
 * - `hub edge-config -o icecast-edge.xml [--port N] [--bind ADDR] [--hostname NAME] [--clients N]
 *   [--log-dir DIR|-] [--changeowner]`: the Icecast configuration of a city edge server relaying
 *   every ward's mounts (src/hub/edge.ts), from the wards' last reports in the hub's store; its
 *   passwords are generated once and kept 0600 in `<data dir>/icecast-edge/`.
 * - `hub ward-key`: a new ward key, and the hash to put in the hub's `wards` instead of the key.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { LpError } from '../errors.js';
import { edgeConfig } from '../hub/edge.js';
import { hashWardKey, newWardKey } from '../hub/keys.js';
import { openStores } from '../station/stores.js';
import { loadOrCreateSecrets } from '../stream/icecast.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';

export async function run(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === 'ward-key') {
    parseCli(rest, {});
    const key = newWardKey();
    ctx.stdout.write([
      `Khóa của phường (đặt ở phường: LOAPHUONG_UPSTREAM_KEY): ${key}`,
      `Mã băm (đặt ở trạm trung tâm, wards[].key): ${hashWardKey(key)}`, '',
    ].join('\n'));
    return 0;
  }
  if (sub !== 'edge-config') throw new LpError('LP_ERR_USAGE', 'hub edge-config -o icecast-edge.xml | hub ward-key');
  const { values, positionals } = parseCli(rest, {
    output: { type: 'string', short: 'o' },
    port: { type: 'string', default: '8000' },
    bind: { type: 'string', default: '0.0.0.0' },
    hostname: { type: 'string' },
    clients: { type: 'string', default: '5000' },
    'log-dir': { type: 'string', default: '/var/log/icecast2' },
    changeowner: { type: 'boolean', default: false },
  });
  if (positionals.length) throw new LpError('LP_ERR_USAGE', `thừa tham số "${positionals[0]}"`);
  if (!values.output) throw new LpError('LP_ERR_USAGE', 'thiếu -o icecast-edge.xml');
  const port = Number(values.port);
  const clients = Number(values.clients);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LpError('LP_ERR_USAGE', '--port phải là cổng 1–65535');
  if (!Number.isInteger(clients) || clients < 1) throw new LpError('LP_ERR_USAGE', '--clients phải là số nguyên dương');
  const cfg = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  if (!cfg.wards.length) throw new LpError('LP_ERR_HUB_NOT_CONFIGURED');

  const stores = await openStores(cfg, { readOnly: true });
  let known;
  try {
    known = new Map((await stores.wardDirectory.list()).map((w) => [w.id, w]));
  } finally {
    await stores.close();
  }
  const ownIcecast = cfg.icecast.url ? new URL(cfg.icecast.url) : null;
  const ownBase = ownIcecast ? `http://${ownIcecast.hostname}:${ownIcecast.port || 8000}` : `http://127.0.0.1:${cfg.icecast.port}`;
  const edge = edgeConfig({
    wards: cfg.wards.map((w) => ({ id: w.id, name: w.name, stream: w.stream ?? null, channels: known.get(w.id)?.status?.channels ?? null })),
    hubChannels: cfg.channels.map((c) => ({ mount: c.mount, listenUrl: `${ownBase}${c.mount}` })),
    port, bindAddress: values.bind, hostname: values.hostname ?? values.bind, clients,
    logDir: values['log-dir'] === '-' ? null : values['log-dir'], changeOwner: values.changeowner,
    creds: loadOrCreateSecrets(ensureDir(join(cfg.dataDir, 'icecast-edge'))),
  });
  const out = resolve(ctx.cwd, values.output);
  try {
    // It holds the edge's passwords.
    writeFileSync(out, edge.xml, { mode: 0o600 });
    chmodSync(out, 0o600);
  } catch (e) {
    throw new LpError('LP_ERR_DATA_DIR', `${out}: ${(e as Error).message}`);
  }
  for (const s of edge.skipped) ctx.stderr.write(`bỏ qua ${s.id}: ${s.reason}\n`);
  ctx.stdout.write(`Đã ghi ${out}: ${edge.relays.length} điểm phát tiếp âm (${edge.relays.map((r) => r.localMount).join(', ')}). Chạy: icecast2 -c ${out}\n`);
  return 0;
}

function ensureDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LpError('LP_ERR_DATA_DIR', `${dir}: ${(e as Error).message}`);
  }
  return dir;
}
