/**
 * Calling the running instance from the CLI (`air-now`, `send`): its API on this machine, with the
 * 0600 CLI token from the data dir. A refusal comes back with the instance's own code and wording,
 * as its web page shows them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { ERRORS, LpError, type ErrorCode } from '../errors.js';
import { CLI_TOKEN_FILE } from '../web/auth.js';

export type InstanceAnswer<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export async function postToInstance<T>(config: Readonly<Config>, path: string, payload: unknown): Promise<InstanceAnswer<T>> {
  const tokenFile = join(config.dataDir, CLI_TOKEN_FILE);
  let token: string;
  try {
    token = readFileSync(tokenFile, 'utf8').trim();
  } catch {
    throw new LpError('LP_ERR_INSTANCE_UNREACHABLE', `không có ${tokenFile}`);
  }
  const url = `http://${localHost(config.http.host)}:${config.http.port}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
  } catch (e) {
    throw new LpError('LP_ERR_INSTANCE_UNREACHABLE', `${url}: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (res.ok) return { ok: true, body };
  const code = (body.code && body.code in ERRORS ? body.code : 'LP_ERR_INTERNAL') as ErrorCode;
  return { ok: false, code, message: body.message ?? `${ERRORS[code].message} (HTTP ${res.status} từ ${url})` };
}

/** Where this machine reaches the instance: a wildcard listen address means loopback; IPv6 in brackets. */
function localHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
