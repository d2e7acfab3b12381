import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { buildMonthlyReport, writeReport } from '../../src/reports/index.js';
import { novemberRows, OPTS } from './fixtures.js';
it('gen', async () => {
  const r = buildMonthlyReport(novemberRows(), OPTS);
  for (const f of ['pdf', 'xlsx', 'csv']) writeFileSync(`/tmp/lprep/r.${f}`, await writeReport(r, f));
});
