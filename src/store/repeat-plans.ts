/**
 * The repeat plan (src/playout/repeats.ts's port) on the station's database: one row per planned
 * block, its items as JSON, beside the airing log it is checked against.
 */
import type { PlayoutBlock, PlayoutItem } from '../playout/queue.js';
import type { PlannedRepeat, RepeatPlanStore } from '../playout/repeats.js';
import { iso, type SqlDb } from './sql.js';

export class SqlRepeatPlanStore implements RepeatPlanStore {
  constructor(private readonly db: SqlDb) {}

  async plan(channelId: string, blocks: readonly PlayoutBlock[], now: Date): Promise<void> {
    await this.db.tx(async (q) => {
      for (const b of blocks) {
        await q.run('INSERT INTO repeat_plans (key, channel_id, start_at, block, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
          [b.key, channelId, iso(new Date(b.startAt), 'start_at'), JSON.stringify(b), iso(now, 'created_at')]);
      }
    });
  }

  async pending(channelId: string): Promise<PlannedRepeat[]> {
    const rows = await this.db.all<{ block: string }>('SELECT block FROM repeat_plans WHERE channel_id = ? ORDER BY start_at, key', [channelId]);
    const out: PlannedRepeat[] = [];
    for (const r of rows) {
      const parsed = JSON.parse(r.block) as PlayoutBlock & { items: Array<PlayoutItem & { scheduledAt?: string }> };
      const block: PlayoutBlock = { ...parsed, items: parsed.items.map((it) => ({ ...it, scheduledAt: it.scheduledAt ? new Date(it.scheduledAt) : undefined })) };
      const keys = block.items.map((it) => it.key);
      const hit = await this.db.get(`SELECT 1 AS x FROM airings WHERE ward IS NULL AND key IN (${keys.map(() => '?').join(', ')}) LIMIT 1`, keys);
      out.push({ block, onRecord: hit !== undefined });
    }
    return out;
  }

  async drop(keys: readonly string[]): Promise<void> {
    if (keys.length) await this.db.run(`DELETE FROM repeat_plans WHERE key IN (${keys.map(() => '?').join(', ')})`, keys);
  }
}
