/** The repeat plan port (`RepeatPlanStore`) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import { AiringLog } from '../../../src/airing/index.js';
import type { PlayoutBlock } from '../../../src/playout/queue.js';
import { SqlRepeatPlanStore } from '../../../src/store/repeat-plans.js';
import type { EngineUnderTest } from '../engines.js';

const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const block = (key: string, startAt: number): PlayoutBlock => ({
  key, startAt, priority: 'khan-cap', campaign: 'Bão số 9',
  items: [{ key: `${key.replace(/#\d+$/, '')}/1${key.match(/#\d+$/)?.[0] ?? ''}`, title: 'Khẩn cấp: bão', audioPath: '/data/cache/abc.mp3', contentHash: 'abc', voice: 'espeak' }],
});

export function repeatPlanStoreConformance(engine: EngineUnderTest): void {
  describe(`RepeatPlanStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());

    it('keeps planned blocks per channel, earliest first, as they were queued; a key planned twice keeps its first record', async () => {
      const db = await engine.open();
      const plans = new SqlRepeatPlanStore(db);
      await plans.plan('chinh', [block('a#3', T0 + 120_000), block('a#2', T0 + 60_000)], new Date(T0));
      await plans.plan('chinh', [block('a#2', T0 + 999_000)], new Date(T0));
      await plans.plan('phu', [block('b#2', T0)], new Date(T0));
      const got = await plans.pending('chinh');
      expect(got).toEqual([{ block: block('a#2', T0 + 60_000), onRecord: false }, { block: block('a#3', T0 + 120_000), onRecord: false }]);
      expect((await plans.pending('phu')).map((p) => p.block.key)).toEqual(['b#2']);
    });

    it('says when anything under a block\'s item keys is on record, whatever its status; drop forgets', async () => {
      const db = await engine.open();
      const plans = new SqlRepeatPlanStore(db);
      const log = new AiringLog(db);
      await plans.plan('chinh', [block('a#2', T0), block('a#3', T0 + 60_000)], new Date(T0));
      await log.recordMissed({ channelId: 'chinh', key: 'a/1#2', scheduledAt: new Date(T0), title: 'x', campaign: null, priority: 'khan-cap', reason: 'thử' });
      expect((await plans.pending('chinh')).map((p) => [p.block.key, p.onRecord])).toEqual([['a#2', true], ['a#3', false]]);
      await plans.drop(['a#2']);
      await plans.drop([]);
      expect((await plans.pending('chinh')).map((p) => p.block.key)).toEqual(['a#3']);
    });
  });
}
