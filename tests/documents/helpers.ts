/** Shared by the documents tests: run a CLI command in-process, build small PDFs with pdfkit. */
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { main } from '../../src/cli/main.js';

export function sink() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, get text() { return text; } };
}

/** `loaphuong …` in-process, as main.ts runs it (codes printed, exit code returned). */
export async function cli(argv: string[], env: Record<string, string>, cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main({ argv, env, cwd, stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text, stderr: err.text };
}

const SERIF = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSerif.ttf');

/** A line placed where a page layout puts it: [text, x, y] in points on A4. */
export type Placed = readonly [string, number, number];

/** A PDF whose every line sits exactly where given (pages of placed lines), in DejaVu Serif 11 pt. */
export function placedPdf(out: string, pages: readonly (readonly Placed[])[]): Promise<void> {
  return new Promise((done, fail) => {
    const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) } });
    const file = createWriteStream(out);
    file.on('finish', () => done()).on('error', fail);
    doc.pipe(file);
    for (const lines of pages) {
      doc.addPage({ size: 'A4', margin: 0 }).font(SERIF).fontSize(11);
      for (const [text, x, y] of lines) doc.text(text, x, y, { lineBreak: false });
    }
    doc.end();
  });
}
