// Polls the job table and runs handlers. Several runners (threads of this process or other
// processes/machines on the same PostgreSQL) share the queue safely through SKIP LOCKED.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Job } from '../db/schema';
import { currentProcess, mayBeAlive, type ProcessIdentity } from '../db/process-identity';
import { claimJob, failJob, finishJob, reclaimOrphanedJobs } from './queue';
import type { JobData, JobName, JobOutcome } from './job-types';

export interface HandlerContext {
  job: Job;
  progress(p: number): Promise<void>;
}
export type Handler<N extends JobName> = (data: JobData<N>, hc: HandlerContext) => Promise<JobOutcome>;
export type HandlerTable = { [N in JobName]: Handler<N> };

export interface RunnerOptions {
  db: Kysely<DB>;
  handlers: HandlerTable;
  now: () => Date;
  concurrency?: number;
  pollMs?: number;
  names?: readonly JobName[];
  log?: (msg: string, extra?: unknown) => void;
  /**
   * True when no other process can use this database (the embedded one, held by the data-folder
   * lock): then every job found running at start was left by a crash of this server.
   */
  exclusive?: boolean;
  /** Told when a job settles: for latency metrics (issue 13 item 3). */
  onSettled?: (job: Job, outcome: JobOutcome | 'error', seconds: number, waitedSeconds: number) => void;
}

/** Worker id `host|boot|pid|start|random`: says which process holds a job (see process-identity). */
export function workerId(p: ProcessIdentity = currentProcess()): string {
  return [p.host, p.boot, p.pid, p.start, crypto.randomBytes(3).toString('hex')].join('|');
}

/** The process a worker id names, or null for ids of another form (before issue 9). */
export function workerProcess(id: string): ProcessIdentity | null {
  const [host, boot, pid, start, rand] = id.split('|');
  if (rand === undefined || !/^\d+$/.test(pid)) return null;
  return { host, boot, pid: Number(pid), start };
}

export class JobRunner {
  readonly id = workerId();
  private stopped = false;
  private loops: Promise<void>[] = [];
  /** the idle loops, each waiting for its poll interval or a poke */
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly o: RunnerOptions) {}

  start(): void {
    const n = this.o.concurrency ?? 1;
    const reclaimed = this.reclaimOrphans().catch((e) => this.o.log?.('job reclaim failed', e));
    for (let i = 0; i < n; i++) this.loops.push(reclaimed.then(() => this.loop()));
  }

  /**
   * Issue 9 item 14: a job that was running when this server crashed is taken up again at start,
   * not after its 300 s lease: on an exclusive database every running job is orphaned; on a shared
   * one, those whose worker was a process of this machine that is no longer alive.
   */
  async reclaimOrphans(): Promise<number> {
    const self = currentProcess();
    const n = await reclaimOrphanedJobs(
      this.o.db,
      (lockedBy) => {
        if (this.o.exclusive) return true;
        const p = lockedBy ? workerProcess(lockedBy) : null;
        return p !== null && p.host === self.host && !mayBeAlive(p, self);
      },
      this.o.now(),
    );
    if (n) this.o.log?.(`reclaimed ${n} job(s) left running by a crashed worker`);
    return n;
  }

  /** Wake idle loops now (e.g. right after a request enqueued work). */
  poke(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await Promise.all(this.loops);
  }

  /** Runs due jobs until none is left; for tests and the CLI. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (e) {
        this.o.log?.('job runner error', e);
      }
      if (!worked && !this.stopped) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(t);
            this.sleepers.delete(wake);
            resolve();
          };
          const t = setTimeout(wake, this.o.pollMs ?? 1000);
          this.sleepers.add(wake);
        });
      }
    }
  }

  async runOne(): Promise<boolean> {
    const claimedAt = this.o.now();
    const job = await claimJob(this.o.db, this.id, claimedAt, this.o.names);
    if (!job) return false;
    const t0 = performance.now();
    // a job due "at once" carries the epoch as its time: it has waited since it was queued
    const dueAt = Math.max(new Date(job.runAt).getTime(), new Date(job.createdAt).getTime());
    const settled = (outcome: JobOutcome | 'error') =>
      this.o.onSettled?.(job, outcome, (performance.now() - t0) / 1000, (claimedAt.getTime() - dueAt) / 1000);
    const handler = this.o.handlers[job.name as JobName] as Handler<JobName> | undefined;
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      const outcome = await handler(job.data as never, {
        job,
        progress: async (p) => {
          await this.o.db.updateTable('job').set({ progress: p, updatedAt: new Date() }).where('id', '=', job.id).execute();
        },
      });
      if (outcome === 'failed') await failJob(this.o.db, job, 'handler reported failure', this.o.now());
      else await finishJob(this.o.db, job.id, { outcome });
      settled(outcome);
    } catch (e) {
      this.o.log?.(`job ${job.id} ${job.name} failed`, e);
      await failJob(this.o.db, job, e instanceof Error ? e.message : String(e), this.o.now());
      settled('error');
    }
    return true;
  }
}
