/** Small timing helpers for the benches: wall-clock runs and percentiles. */
export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number; mean: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export function line(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}
