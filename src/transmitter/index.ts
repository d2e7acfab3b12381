/**
 * Transmitter adapters. Every adapter failure becomes LP_ERR_TRANSMITTER_FAILED in one place
 * (`keyed`), so the operator sees the same message whichever device failed.
 */
import { spawn } from 'node:child_process';
import type { TransmitterSettings } from '../config/hardware.js';
import { LpError, isLpError } from '../errors.js';
import type { TransmitterKind, TransmitterPort, TransmitterState } from './port.js';

export type { TransmitterKind, TransmitterPort, TransmitterState } from './port.js';

/** Wraps one adapter's raw on/off actions with the state bookkeeping and the error mapping. */
function keyed(kind: TransmitterKind, act: (to: 'on' | 'off') => Promise<void>): TransmitterPort {
  let current: TransmitterState = { state: 'off' };
  const run = async (to: 'on' | 'off'): Promise<void> => {
    try {
      await act(to);
      current = { state: to };
    } catch (e) {
      const detail = `${kind} ${to}: ${isLpError(e) ? e.detail ?? e.message : (e as Error).message}`;
      current = { state: 'error', lastError: detail };
      throw new LpError('LP_ERR_TRANSMITTER_FAILED', detail, { cause: e });
    }
  };
  return { kind, on: () => run('on'), off: () => run('off'), state: () => current };
}

async function httpRelay(url: string, method: 'GET' | 'POST', timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error;
    throw new Error(err.name === 'TimeoutError' ? `${url} không trả lời sau ${timeoutMs} ms` : `${url}: ${err.message}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`${url} trả lời HTTP ${res.status}`);
}

function runCommand(argv: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // argv, never a shell string: the profile cannot smuggle shell syntax by accident.
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.join(' ')}: quá ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${argv[0]}: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${argv.join(' ')}: thoát mã ${code ?? signal}${stderr ? ` — ${stderr.trim()}` : ''}`));
    });
  });
}

/** The adapter a hardware profile asks for. */
export function createTransmitter(settings: TransmitterSettings): TransmitterPort {
  switch (settings.kind) {
    case 'none':
      return keyed('none', async () => undefined);
    case 'http-relay':
      return keyed('http-relay', (to) => httpRelay(to === 'on' ? settings.onUrl : settings.offUrl, settings.method, settings.timeoutMs));
    case 'command':
      return keyed('command', (to) => runCommand(to === 'on' ? settings.on : settings.off, settings.timeoutMs));
  }
}
