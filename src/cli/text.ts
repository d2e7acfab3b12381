import { LpError } from '../errors.js';
import type { CliContext } from './context.js';

// Placeholder until the stage that owns this command lands.
export async function run(_ctx: CliContext): Promise<number> {
  throw new LpError('LP_ERR_USAGE', 'lệnh text chưa sẵn sàng');
}
