/**
 * Runs a command in a child process and measures it from outside: wall time and peak resident
 * memory, polling the kernel's high-water mark (/proc/<pid>/status VmHWM) every 200 ms, so no
 * /usr/bin/time is needed (CI has none). VmHWM only grows, so the last poll before exit holds the
 * peak up to 200 ms before the end. A run that passes its time limit is stopped (SIGTERM, then
 * SIGKILL 10 s later) and reported, never waited on.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface MeasuredRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  seconds: number;
  /** Peak resident set size in bytes (VmHWM), 0 if the process ended before the first poll. */
  peakRss: number;
  /** The last lines the child wrote to stderr, for a failure's report. */
  stderrTail: string[];
  /** The last line it wrote to stdout (for the ETL, the last step it finished). */
  lastStdout: string | null;
}

const POLL_MS = 200;
const TAIL_LINES = 25;

function highWaterMark(pid: number): number | null {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Each line of the child's stdout and stderr goes to `echo` as it comes (the ETL's progress). */
export function measuredRun(command: string, args: string[], options: { cwd: string; timeoutMs: number; echo: (line: string) => void }): Promise<MeasuredRun> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let peakRss = 0;
  const stderrTail: string[] = [];
  let lastStdout: string | null = null;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    options.echo(line);
    lastStdout = line;
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    options.echo(line);
    stderrTail.push(line);
    if (stderrTail.length > TAIL_LINES) stderrTail.shift();
  });
  const poll = setInterval(() => {
    const rss = child.pid === undefined ? null : highWaterMark(child.pid);
    if (rss !== null) peakRss = Math.max(peakRss, rss);
  }, POLL_MS);
  let timedOut = false;
  let killer: NodeJS.Timeout | undefined;
  const limit = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  }, options.timeoutMs);
  const stopOnExit = () => child.kill('SIGKILL');
  process.on('exit', stopOnExit);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    // 'close' comes after both pipes have ended, so the tail is complete.
    child.on('close', (status, signal) => {
      clearInterval(poll);
      clearTimeout(limit);
      clearTimeout(killer);
      process.off('exit', stopOnExit);
      resolve({ status, signal, timedOut, seconds: (performance.now() - t0) / 1000, peakRss, stderrTail, lastStdout });
    });
  });
}
