import type { Writable } from 'node:stream';

/** What a CLI command may touch; injectable so tests run commands in-process. */
export interface CliContext {
  readonly argv: readonly string[];
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Every command module exports one of these; it returns the exit code. */
export type CommandRun = (ctx: CliContext) => Promise<number>;
