import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { JobMessage, JobSpec } from '../../../etl/src/publish/job.ts';
import { REPO_ROOT } from '../config.ts';
import type { Job, Progress } from '../schemas/publishing.ts';
import { newId } from './workspace.ts';

/**
 * Runs publishing jobs one at a time, each ETL job in its own child process. One at a time is
 * the point: two uploads never interleave their checks or builds, and a build always starts from
 * the release that is live when it starts. A child can be killed at any moment without harming
 * the server or the live release: builds write beside their target and rename at the very end.
 */

const JOB_SCRIPT = join(REPO_ROOT, 'etl/src/publish/job.ts');
/**
 * Node's flags for the ETL child: etl/src/nodeFlags.ts says why. Written out here because the
 * server imports only the ETL's types (README, "How the code is laid out"); a test keeps the two equal.
 */
export const JOB_NODE_FLAGS = ['--max-semi-space-size=64'];

export type FinalMessage = Exclude<JobMessage, { type: 'step' }>;

interface Running extends Job {
  child: ChildProcess | null;
}

export class JobStopped extends Error {
  override name = 'JobStopped';
}

export class JobRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private running: Running | null = null;
  private stopped = false;

  constructor(private readonly jobsDir: string, private readonly timeoutMs: number, private readonly log: (message: string, detail?: object) => void) {}

  /** The running job, for progress displays. */
  get current(): Job | null {
    if (!this.running) return null;
    const { child: _child, ...job } = this.running;
    return job;
  }

  get queued(): number {
    return this.waiting;
  }

  /** The process id of the running ETL child, if any (for operators and the fault tests). */
  get childPid(): number | null {
    return this.running?.child?.pid ?? null;
  }

  /**
   * Queues `work`; it runs when every job queued before it has finished. `work` gets the job's
   * progress reporter and, through `etl`, a way to run an ETL job in a child process.
   */
  enqueue<T>(kind: Job['kind'], draftId: string | null, work: (job: { progress: (p: Progress) => void; etl: (spec: JobSpec) => Promise<FinalMessage> }) => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(async () => {
      this.waiting -= 1;
      if (this.stopped) throw new JobStopped('the server is shutting down');
      const job: Running = { id: newId(), kind, draftId, startedAt: new Date().toISOString(), progress: { step: 'Starting', done: 0, total: 1 }, child: null };
      this.running = job;
      try {
        return await work({ progress: (p) => (job.progress = p), etl: (spec) => this.runEtl(job, spec) });
      } finally {
        this.running = null;
      }
    });
    this.tail = result.catch(() => {});
    return result;
  }

  private runEtl(job: Running, spec: JobSpec): Promise<FinalMessage> {
    const dir = join(this.jobsDir, job.id);
    mkdirSync(dir, { recursive: true });
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    return new Promise<FinalMessage>((resolve) => {
      const child = spawn(process.execPath, [...JOB_NODE_FLAGS, '--import', 'tsx', JOB_SCRIPT, specFile], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      job.child = child;
      // Builds yield the cores to the public requests being served meanwhile (nice 10).
      if (child.pid !== undefined) {
        try {
          setPriority(child.pid, 10);
        } catch {
          // not permitted here: the build runs at normal priority
        }
      }
      let final: FinalMessage | null = null;
      let buffered = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.timeoutMs);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          let message: JobMessage;
          try {
            message = JSON.parse(line) as JobMessage;
          } catch {
            continue; // a library printing to stdout is not a message
          }
          if (message.type === 'step') job.progress = { step: message.step, done: message.done, total: message.total };
          else final = message;
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
      const finish = (message: FinalMessage) => {
        clearTimeout(timer);
        job.child = null;
        rmSync(dir, { recursive: true, force: true });
        resolve(message);
      };
      child.on('error', (error) => finish({ type: 'error', message: `the ETL could not be started: ${error.message}` }));
      child.on('close', (code, signal) => {
        if (final && code === 0) return finish(final);
        this.log('publishing job stopped', { job: job.id, kind: job.kind, code, signal, stderr });
        finish(final?.type === 'invalid' ? final : {
          type: 'error',
          message: timedOut
            ? `the ${job.kind} took longer than ${Math.round(this.timeoutMs / 60_000)} minutes (BUILD_TIMEOUT_MINUTES) and was stopped; nothing was changed`
            : signal
            ? `the ${job.kind} was stopped before it finished (${signal}); nothing was changed`
            : `the ${job.kind} failed (exit code ${code}); nothing was changed`,
        });
      });
    });
  }

  /** Kills the running child (its job fails) and refuses queued jobs: for shutdown. */
  stop(): void {
    this.stopped = true;
    this.running?.child?.kill('SIGKILL');
  }
}
