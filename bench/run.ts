/**
 * `npm run bench`: every figure as `BENCH <name> <value> <unit>`, each against a peer measured in
 * the same run where one exists. Suites live beside this file; each prints through `emit`.
 */
export type Emit = (name: string, value: number, unit: string) => void;

const emit: Emit = (name, value, unit) => {
  process.stdout.write(`BENCH ${name} ${Number.isFinite(value) ? Number(value.toFixed(3)) : 'NaN'} ${unit}\n`);
};

const suites: Array<[string, () => Promise<{ run: (emit: Emit) => Promise<void> }>]> = [
  ['start-error', () => import('./start-error.js')],
  ['render', () => import('./render.js')],
  ['reports', () => import('./reports.js')],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  for (const [name, load] of suites) {
    if (only && only !== name) continue;
    process.stderr.write(`[bench] ${name}…\n`);
    await (await load()).run(emit);
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
