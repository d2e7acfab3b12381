/** What the web UI saves on disk (schedule files, approved bulletin texts), written atomically. */
import { LpError } from '../errors.js';
import { writeFileAtomic as writeAtomic } from '../files.js';

/** Where schedule files find approved bulletins, relative to `contentDir`. */
export const BULLETIN_DIR = 'scripts-audio/bulletins';
export const bulletinPath = (id: number): string => `${BULLETIN_DIR}/${id}.txt`;

/** A reader (the station reloading schedules) sees the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, content: string): void {
  try {
    writeAtomic(path, content, { mkdir: true, flush: true });
  } catch (e) {
    throw new LpError('LP_ERR_DATA_DIR', `${path}: ${(e as Error).message}`, { cause: e });
  }
}
