// Polls the job table and runs handlers. Several runners (threads of this process or other
// processes/machines on the same PostgreSQL) share the queue safely through SKIP LOCKED.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { DB, Job } from '../db/schema';
import { claimJob, failJob, finishJob } from './queue';
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
}

export class JobRunner {
  readonly id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void) | null = null;

  constructor(private readonly o: RunnerOptions) {}

  start(): void {
    const n = this.o.concurrency ?? 1;
    for (let i = 0; i < n; i++) this.loops.push(this.loop());
  }

  /** Wake idle loops now (e.g. right after a request enqueued work). */
  poke(): void {
    this.wake?.();
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
          const t = setTimeout(resolve, this.o.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  async runOne(): Promise<boolean> {
    const job = await claimJob(this.o.db, this.id, this.o.now(), this.o.names);
    if (!job) return false;
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
    } catch (e) {
      this.o.log?.(`job ${job.id} ${job.name} failed`, e);
      await failJob(this.o.db, job, e instanceof Error ? e.message : String(e), this.o.now());
    }
    return true;
  }
}
