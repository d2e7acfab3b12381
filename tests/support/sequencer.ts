/**
 * The order files start in, the same on a clean CI clone as on a machine with vitest's cache: the
 * files known to be long first (longest first), so no long file starts last and leaves one worker
 * busy while the others idle. Everything else keeps vitest's own order after them.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export function longestFirst(known: readonly string[]) {
  return class LongestFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const rank = (s: TestSpecification) => {
        const i = known.indexOf(relative(s.project.config.root, s.moduleId));
        return i === -1 ? known.length : i;
      };
      // Stable: groups stay in vitest's order of groups, unknown files in vitest's order.
      return (await super.sort(files)).sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b));
    }
  };
}
