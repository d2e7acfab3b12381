/** Atomic file writes for what the web UI saves on disk (schedule files, approved bulletin texts). */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LpError } from '../errors.js';

/** Where schedule files find approved bulletins, relative to `contentDir`. */
export const BULLETIN_DIR = 'scripts-audio/bulletins';
export const bulletinPath = (id: number): string => `${BULLETIN_DIR}/${id}.txt`;

/**
 * Writes to a temporary file in the same directory, then renames it over the target: a reader (the
 * station reloading schedules) sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content, { encoding: 'utf8', flush: true });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LpError('LP_ERR_DATA_DIR', `${path}: ${(e as Error).message}`, { cause: e });
  }
}
