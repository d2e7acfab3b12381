/**
 * A real full disk for the tests that need one: a small tmpfs (root only; `null` otherwise, and
 * the test skips) and a filler that writes zeros until the file system says ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const canMountTmpfs = process.getuid?.() === 0;

/** A mounted tmpfs of `mb` MiB and how to take it away, or null when it cannot be mounted. */
export function mountTmpfs(mb: number): { dir: string; unmount(): void } | null {
  if (!canMountTmpfs) return null;
  const dir = mkdtempSync(join(tmpdir(), 'lp-full-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0755`, 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the file system of `path` to the last byte (the file is the filler: remove it to free). */
export function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 1 << 10, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw e;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
