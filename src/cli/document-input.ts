/**
 * The FILE of `text …`, `render` and `air-now`: read through the documents stage (any accepted
 * kind, a size cap and a time limit whatever the path is), with "trang N/M" on stderr while a PDF
 * or a scan is read. stdout stays the command's own output.
 */
import { resolve } from 'node:path';
import { describeProgress, readDocument, type DecodedDocument } from '../documents/index.js';
import type { CliContext } from './context.js';

export async function readCliDocument(ctx: CliContext, file: string): Promise<DecodedDocument> {
  let shown = false;
  try {
    return await readDocument(resolve(ctx.cwd, file), {
      onProgress: (p) => {
        ctx.stderr.write(`\r[tài liệu] ${describeProgress(p).padEnd(40)}`);
        shown = true;
      },
    });
  } finally {
    if (shown) ctx.stderr.write('\n');
  }
}
