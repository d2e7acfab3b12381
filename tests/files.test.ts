/** The one atomic file write: whole content or chunks, a mode that beats the umask, nothing left behind on failure. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeChunksAtomic, writeFileAtomic } from '../src/files.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces a file whole, with the mode asked, creating the directory when told', () => {
    const path = join(dir, 'a', 'b', 'secret.json');
    writeFileAtomic(path, '{"old":1}', { mkdir: true });
    writeFileAtomic(path, '{"new":2}', { mode: 0o600, flush: true });
    expect(readFileSync(path, 'utf8')).toBe('{"new":2}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['secret.json']);
  });

  it('fills the temp file through a function (a copy), and a failure leaves the old file and no temp', () => {
    const path = join(dir, 'copy.txt');
    writeFileSync(join(dir, 'src.txt'), 'nội dung');
    writeFileAtomic(path, (tmp) => writeFileSync(tmp, readFileSync(join(dir, 'src.txt'))));
    expect(readFileSync(path, 'utf8')).toBe('nội dung');
    expect(() => writeFileAtomic(path, () => { throw new Error('disk gone'); })).toThrow('disk gone');
    expect(readFileSync(path, 'utf8')).toBe('nội dung');
    // The target is a directory: the rename fails, the fs error comes through as it is.
    mkdirSync(join(dir, 'is-dir', 'x'), { recursive: true });
    expect(() => writeFileAtomic(join(dir, 'is-dir'), 'x')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('writeChunksAtomic', () => {
  it('writes chunks from a sync or async source; a source that fails leaves nothing', async () => {
    const path = join(dir, 'chunks.bin');
    await writeChunksAtomic(path, [Buffer.from('ab'), Buffer.from('cd')]);
    expect(readFileSync(path, 'utf8')).toBe('abcd');
    async function* failing() {
      yield Buffer.from('half');
      throw new Error('store gone');
    }
    await expect(writeChunksAtomic(path, failing())).rejects.toThrow('store gone');
    expect(readFileSync(path, 'utf8')).toBe('abcd');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
