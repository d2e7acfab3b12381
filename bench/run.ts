/**
 * `npm run bench`: every figure as `BENCH <name> <value> <unit>`, each against a peer measured in
 * the same run where one exists. Suites live beside this file, run one after the other; each
 * prints through `emit`. `npm run bench -- NAME` runs one suite.
 */
import { availableParallelism, loadavg } from 'node:os';

export type Emit = (name: string, value: number, unit: string) => void;

const emit: Emit = (name, value, unit) => {
  process.stdout.write(`BENCH ${name} ${Number.isFinite(value) ? Number(value.toFixed(3)) : 'NaN'} ${unit}\n`);
};

const suites: Array<[string, () => Promise<{ run: (emit: Emit) => Promise<void> }>]> = [
  ['start-error', () => import('./start-error.js')],
  ['render', () => import('./render.js')],
  ['spoken', () => import('./spoken.js')],
  ['documents', () => import('./documents.js')],
  ['store', () => import('./store.js')],
  ['density', () => import('./density.js')],
  ['air-now', () => import('./air-now.js')],
  ['relay', () => import('./relay.js')],
  ['reports', () => import('./reports.js')],
  ['hub', () => import('./hub.js')],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only && !suites.some(([name]) => name === only)) throw new Error(`no bench "${only}": ${suites.map(([n]) => n).join(', ')}`);
  // Latency figures are noisy on a loaded machine (CPU-time figures much less): say how loaded it was.
  const [one, five] = loadavg();
  emit('machine_cores', availableParallelism(), 'count');
  emit('machine_loadavg_1m', one, 'load');
  emit('machine_loadavg_5m', five, 'load');
  for (const [name, load] of suites) {
    if (only && only !== name) continue;
    process.stderr.write(`[bench] ${name}… (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
    try {
      await (await load()).run(emit);
    } catch (e) {
      // One broken suite does not hide the others' figures; the run still fails.
      process.stderr.write(`[bench] ${name} FAILED: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  }
}

main().then(
  // Children are stopped by each suite; exiting also ends anything a failed suite left (bench/proc.ts).
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
