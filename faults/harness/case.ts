/**
 * The shape of a case and of its verdict. A case observes and checks; a line is `ok` only when
 * every check it made held, `skipped` when it could not observe what it claims (never `ok`).
 */
import type { SandboxOptions, Station } from './station.js';

export type Verdict = 'ok' | 'FAIL' | 'skipped';

export interface Line {
  readonly name: string;
  readonly verdict: Verdict;
  readonly figure: string;
}

export interface Check {
  readonly ok: boolean;
  readonly say: string;
}

export const check = (ok: boolean, say: string): Check => ({ ok, say });

/** FAIL if any check failed; the figure puts what failed first, then what held and the facts. */
export function verdict(name: string, checks: readonly Check[], facts: readonly string[] = []): Line {
  const failed = checks.filter((c) => !c.ok).map((c) => c.say);
  const held = checks.filter((c) => c.ok).map((c) => c.say);
  return { name, verdict: failed.length ? 'FAIL' : 'ok', figure: [...failed, ...held, ...facts].join('; ') };
}

export const skipped = (name: string, why: string): Line => ({ name, verdict: 'skipped', figure: why });

export interface CaseContext {
  /** The station shared by cases that leave it as they found it; health-checked between cases. */
  shared(): Promise<Station>;
  /** A fresh station of the case's own, ended when the case ends. */
  own(opts?: SandboxOptions): Promise<Station>;
  /** Runs when the case ends, whatever happened (last deferred first). */
  defer(fn: () => unknown): void;
  /** A progress line on stderr. */
  progress(msg: string): void;
}

export interface FaultCase {
  /** The lines it prints, in order (one per case; a module may hold several related ones). */
  readonly names: readonly string[];
  /** Past this the case is stopped and its lines FAIL. */
  readonly timeoutMs: number;
  run(ctx: CaseContext): Promise<Line[]>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than null/false, or the bound passes (→ null). */
export async function until<T>(probe: () => Promise<T | null | false> | T | null | false, timeoutMs: number, everyMs = 250): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== false) return v as T;
    if (Date.now() > deadline) return null;
    await sleep(everyMs);
  }
}
