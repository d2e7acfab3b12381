/**
 * Issue 14, item 1: text work must not hold the event loop that paces the air. A huge paste and a
 * .docx that unpacks to 20 MB of XML run in the documents worker thread while this thread keeps
 * ticking. Measured as ratios in the same run, never as elapsed-time thresholds: the main thread's
 * share of the CPU the work used (utime+stime of this thread from /proc against the process's), and
 * the longest event-loop stall against the work's own duration — with the same work done on the
 * loop as the peer that shows the measurement would catch a stall.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeDocument, WorkPool } from '../../src/documents/index.js';
import { JOBS } from '../../src/documents/jobs.js';
import { isLpError } from '../../src/errors.js';
import { compiledModule } from '../../src/files.js';

const PLAN = readFileSync('/work/shared/campaigns/gia-vien-ward-plan-2026.txt', 'utf8');
/** The plan's content without its distribution list and signature (after which nothing is aired). */
const BODY = PLAN.slice(0, PLAN.indexOf('Nơi nhận:'));
const pool = new WorkPool({ size: 1 });
afterAll(() => pool.close());

/** CPU seconds of this (the main) thread, from /proc: the worker threads are other tasks. */
function mainThreadCpu(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Watch {
  /** The work's wall time, s. */
  readonly wall: number;
  /** Longest stall of this event loop meanwhile, s. */
  readonly maxStall: number;
  /** CPU of the whole process (all threads) and of this thread alone, s. */
  readonly cpu: number;
  readonly mainCpu: number;
  readonly outcome: string;
}

/**
 * Runs `work` while Node's event-loop delay monitor (5 ms resolution) notes the longest the loop was
 * held (what a frame-pacing loop would have missed), and this thread's and the process's CPU.
 */
async function watch(work: () => Promise<unknown> | unknown): Promise<Watch> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const seconds = () => Number(process.hrtime.bigint()) / 1e9;
  const [cpu0, main0, t0] = [processCpu(), mainThreadCpu(), seconds()];
  let outcome = 'ok';
  try {
    // A turn of the loop first, so that synchronous work (the peer) starts after a sample.
    await new Promise((r) => setTimeout(r, 10));
    await work();
  } catch (e) {
    outcome = isLpError(e) ? e.code : String(e);
  }
  const [cpu1, main1, t1] = [processCpu(), mainThreadCpu(), seconds()];
  // One more turn, so that a stall which just ended is counted.
  await new Promise((r) => setTimeout(r, 20));
  delay.disable();
  return { wall: t1 - t0, maxStall: delay.max / 1e9, cpu: cpu1 - cpu0, mainCpu: main1 - main0, outcome };
}

const show = (w: Watch) => `wall ${w.wall.toFixed(2)} s, longest stall ${w.maxStall.toFixed(3)} s, CPU ${w.cpu.toFixed(2)} s of which this thread ${w.mainCpu.toFixed(2)} s → ${w.outcome}`;

/** A zip of the given entries (deflated), for a Word file whose XML is as large as we like. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const comp = deflateRawSync(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(comp.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, comp);
    centrals.push(central, n);
    offset += local.length + n.length + comp.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A valid .docx whose document.xml is `bytes` long: a plan's paragraph repeated, each run split in two. */
function bigDocx(bytes: number): Buffer {
  const para = '<w:p><w:r><w:t xml:space="preserve">Tuyên truyền Nghị quyết </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>số 57-NQ/TW của Bộ Chính trị.</w:t></w:r></w:p>';
  const body = para.repeat(Math.ceil(bytes / para.length));
  return zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  });
}

describe('text work runs outside the event loop', () => {
  it('a 900 KB paste is cleaned and split in the worker thread; this loop keeps ticking (peer: the same work on the loop stalls it)', async () => {
    const paste = `${BODY}\n\n`.repeat(Math.floor(900_000 / Buffer.byteLength(BODY)));
    const args = { raw: paste, name: 'văn bản dán', maxBulletins: 40 };
    const off = await watch(() => pool.run('draft', args, { timeoutMs: 300_000 }));
    // The peer, on a quarter of the text to spare the shared machine: the same function on this loop.
    const on = await watch(() => JOBS.draft({ ...args, raw: paste.slice(0, paste.length / 4) }));
    const trace = `worker: ${show(off)}\non the loop: ${show(on)}`;
    // Refused for flooding the list, after all the work was done in the thread.
    expect(off.outcome, trace).toBe('LP_ERR_DOCUMENT_TOO_MANY_BULLETINS');
    expect(off.cpu, trace).toBeGreaterThan(0.5);
    expect(off.mainCpu, trace).toBeLessThan(0.25 * off.cpu);
    expect(off.maxStall, trace).toBeLessThan(0.25 * off.wall);
    // The measurement sees a stall when there is one: on the loop, the work is one long stall.
    expect(on.maxStall, trace).toBeGreaterThan(0.8 * on.wall);
  }, 600_000);

  it('a .docx that unpacks to 20 MB of XML is parsed in the thread, stopped at its time limit, and the thread replaced', async () => {
    const docx = bigDocx(20 * 1024 * 1024);
    expect(docx.length).toBeLessThan(1024 * 1024);
    const w = await watch(() => decodeDocument(docx, 'ke-hoach-20mb.docx', { work: pool, limits: { stepTimeoutMs: 8000 } }));
    const trace = show(w);
    // Either mammoth finished or its thread was ended at the limit (a 20 MB document makes far more than 1 MB of text either way).
    expect(['LP_ERR_DOCUMENT_LIMIT', 'LP_ERR_INPUT_TOO_LARGE'], trace).toContain(w.outcome);
    expect(w.mainCpu, trace).toBeLessThan(0.25 * w.cpu);
    expect(w.maxStall, trace).toBeLessThan(0.25 * w.wall);
    // The pool goes on with a fresh thread.
    expect((await pool.run('prepare', { raw: 'UBND phường thông báo.', name: 'x' })).spoken).toBe('Ủy ban nhân dân phường thông báo.');
  }, 300_000);

  it('a job past its time limit ends its thread with LP_ERR_DOCUMENT_LIMIT; a full queue is LP_ERR_DOCUMENT_BUSY', async () => {
    const small = new WorkPool({ size: 1, maxQueued: 1 });
    try {
      const slow = small.run('draft', { raw: `${BODY}\n\n`.repeat(40), name: 'dài', maxBulletins: 1000 }, { timeoutMs: 50 });
      const queued = small.run('prepare', { raw: 'Thông báo.', name: 'ngắn' });
      const refused = small.run('prepare', { raw: 'Thông báo.', name: 'thêm' });
      await Promise.all([
        expect(refused).rejects.toMatchObject({ code: 'LP_ERR_DOCUMENT_BUSY' }),
        expect(slow).rejects.toMatchObject({ code: 'LP_ERR_DOCUMENT_LIMIT' }),
      ]);
      expect((await queued).clean).toBe('Thông báo.');
    } finally {
      await small.close();
    }
  }, 120_000);
});

describe('a pool warmed at start', () => {
  // The station warms a thread so its first khẩn cấp does not wait for one to boot; an idle thread must
  // not hold a process open (the warmed one once did: its 'message' listener was added after unref).
  it('an idle warmed thread does not keep a process from exiting', () => {
    const script = `const { WorkPool } = await import(${JSON.stringify(compiledModule('documents/work.js'))}); new WorkPool().warm();`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000, encoding: 'utf8' });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  });
});
