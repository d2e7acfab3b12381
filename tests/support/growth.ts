/**
 * Linear time without a wall-clock budget (a loaded 2-core CI machine fails those): the work on
 * twice the input must cost under three times the CPU time of the work on the input — a rule that
 * re-reads the text per match costs four. CPU time (process.cpuUsage), best of `runs`, so other
 * processes' load and a stray pause slow neither side much.
 */
export function growth<T>(make: (n: number) => string, work: (x: string) => T, n: number, runs = 2): { ratio: number; result: T } {
  const inputs = [make(n), make(2 * n)];
  // Warmed first: the JIT's first compilations otherwise land on the small side and skew the ratio.
  work(make(Math.max(1, Math.floor(n / 4))));
  let result!: T;
  const [small, large] = inputs.map((x) => Math.min(...Array.from({ length: runs }, () => {
    const before = process.cpuUsage();
    result = work(x);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  })));
  // Under a millisecond is below what the clock can tell apart: count it as one.
  return { ratio: Math.max(large, 1) / Math.max(small, 1), result };
}
