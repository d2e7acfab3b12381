/**
 * The fault suite's own readings (faults/harness): the hole a listener measures, the outage figure
 * read from a row, the verdict of a line, and the .docx the zip-bomb case uploads (read back by the
 * same mammoth the station uses).
 */
import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { longestHole, type AirRecording } from '../../faults/harness/air.js';
import { check, verdict } from '../../faults/harness/case.js';
import { honestFigure, reportedSeconds, rowsHonest } from '../../faults/harness/outage.js';
import type { Row } from '../../faults/harness/station.js';
import { docxBomb, notice, zip } from '../../faults/harness/texts.js';

const rec = (times: number[]): AirRecording => ({ connects: [], drops: [], chunks: times.map((t) => [t, 1400]), windows: [], refusals: {} });

describe('longestHole', () => {
  it.each([
    { name: 'steady stream', times: [0, 175, 350, 525, 700, 875, 1000], want: { ms: 175, at: 0 } },
    { name: 'a stall in the middle', times: [0, 100, 200, 900, 1000], want: { ms: 700, at: 200 } },
    { name: 'nothing after the start', times: [0, 100], want: { ms: 900, at: 100 } },
    { name: 'no stream at all', times: [], want: { ms: 1000, at: 0 } },
    { name: 'pieces outside the span are ignored', times: [-500, 0, 500, 1000, 5000], want: { ms: 500, at: 0 } },
  ])('$name', ({ times, want }) => {
    expect(longestHole(rec(times), 0, 1000)).toEqual(want);
  });
});

describe('reportedSeconds reads the outage a row or a log line states', () => {
  it.each([
    { text: 'bộ mã hóa/Icecast gián đoạn: 3.7 s không lên sóng', want: 3.7 },
    { text: 'encoder chạy lại sau 0.3 s mất sóng', want: 0.3 },
    { text: 'LP_ERR_STREAM_DOWN : icecast2 dừng (SIGKILL); khởi động lại sau 500 ms', want: null },
    { text: 'mất kết nối 12,5 s; rồi gián đoạn: 2 s', want: 12.5 },
    { text: 'Phần mềm dừng đột ngột khi đang phát', want: null },
  ])('$text', ({ text, want }) => {
    expect(reportedSeconds(text)).toBe(want);
  });
});

describe('an outage figure is honest within max(1 s, 25 %) under, 3 s over', () => {
  it.each([
    { reported: 0.5, holeMs: 3400, want: false },
    { reported: 3.7, holeMs: 8700, want: false },
    { reported: 8.0, holeMs: 8700, want: true },
    { reported: 11.0, holeMs: 8700, want: true },
    { reported: 12.0, holeMs: 8700, want: false },
    { reported: 0.3, holeMs: 1200, want: true },
  ])('$reported s for a $holeMs ms hole → $want', ({ reported, holeMs, want }) => {
    expect(honestFigure(reported, holeMs)).toBe(want);
  });

  it('a clean row after a long hole is a lie; a short hole needs no note', () => {
    const row = { reason: null, transmitterNote: null } as unknown as Row;
    expect(rowsHonest([row], 8600).ok).toBe(false);
    expect(rowsHonest([row], 300).ok).toBe(true);
    expect(rowsHonest([{ ...row, reason: 'gián đoạn: 8.1 s không lên sóng' }], 8600).ok).toBe(true);
  });
});

describe('verdict', () => {
  it('fails on any failed check and names what failed first', () => {
    const l = verdict('x', [check(true, 'held'), check(false, 'broke')], ['fact']);
    expect(l).toEqual({ name: 'x', verdict: 'FAIL', figure: 'broke; held; fact' });
    expect(verdict('y', [check(true, 'held')]).verdict).toBe('ok');
  });
});

describe('hostile inputs', () => {
  it('the docx bomb is small on the wire, megabytes of XML unpacked, and a real .docx', async () => {
    const docx = docxBomb(2);
    const { value } = await mammoth.extractRawText({ buffer: docx });
    expect(value).toContain('Ủy ban nhân dân phường thông báo lịch tiêm chủng');
    expect(docx.length).toBeLessThan(200 * 1024);
    // The document part is the last local entry; its size field says what it unpacks to.
    const declared = docx.readUInt32LE(docx.indexOf('word/document.xml') - 30 + 22);
    expect(declared).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('zip entries inflate back to what went in', () => {
    const z = zip([{ name: 'a.txt', data: Buffer.from('xin chào') }]);
    const size = z.readUInt32LE(18);
    expect(inflateRawSync(z.subarray(30 + 5, 30 + 5 + size)).toString()).toBe('xin chào');
  });

  it('a notice is fresh each time and as many lines as asked', () => {
    expect(notice(10)).not.toBe(notice(10));
    expect(notice(5, 'T', { lines: 60 }).trim().split(/\n\n/).length).toBe(61);
  });
});
