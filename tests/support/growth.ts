/**
 * Linear time without a wall-clock budget (a loaded 2-core CI machine fails those): the work on
 * four times the input must cost under eight times the CPU time of the work on the input — linear
 * work costs four, a rule that re-reads the text per match sixteen. (Twice the input under three
 * times the CPU left too little room: a loaded box measured 3.0 and 3.3 for unchanged linear code.)
 * CPU time (process.cpuUsage), best of `runs`, so other processes' load and a stray pause slow
 * neither side much.
 */
export function growth<T>(make: (n: number) => string, work: (x: string) => T, n: number, runs = 2): { ratio: number; result: T } {
  const inputs = [make(n), make(4 * n)];
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
