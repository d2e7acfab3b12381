import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LpError } from '../errors.js';

/** node:util parseArgs with bad flags turned into LP_ERR_USAGE instead of a stack trace. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new LpError('LP_ERR_USAGE', (e as Error).message);
  }
}
