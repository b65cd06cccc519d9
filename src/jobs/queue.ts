// The job table as a queue: enqueue inside the caller's transaction, claim with SKIP LOCKED so
// several worker processes can share it, and a lease so a crashed worker's job is picked up again.
import { sql, type Kysely } from 'kysely';
import type { DB, Job } from '../db/schema';
import { DEFAULT_LANE, LANES, type JobData, type JobName, type Lane } from './job-types';

const ASAP = new Date(0);

export async function enqueue<N extends JobName>(
  db: Kysely<DB>,
  name: N,
  data: JobData<N>,
  opts: { key?: string; runAt?: Date; lane?: Lane; owner?: string } = {},
): Promise<void> {
  await enqueueAll(db, [{ name, data, ...opts } as JobToQueue]);
}

/** One job to queue: its name, its data and enqueue's options. */
export type JobToQueue = { [N in JobName]: { name: N; data: JobData<N>; key?: string; runAt?: Date; lane?: Lane; owner?: string } }[JobName];

/** Several jobs in one statement (an upload's thumbnail and detection: one round trip, not two). */
export async function enqueueAll(db: Kysely<DB>, jobs: readonly JobToQueue[]): Promise<void> {
  if (!jobs.length) return;
  const rows = jobs.map((job) => {
    const owner = job.owner ?? null;
    // Round-robin inside a lane: the n-th waiting job of an owner is claimed after every owner's
    // (n-1)-th. Counted at enqueue, so the claim stays one index scan however long the queue is.
    const fairRank =
      owner === null
        ? sql<number>`0`
        : sql<number>`(select count(*) from job where owner = ${owner} and status in ('queued', 'running')${job.key ? sql` and (key is null or key <> ${job.key})` : sql``})`;
    // Without runAt the job is due at once whatever the (possibly injected) clock says: the epoch.
    return { name: job.name, data: JSON.stringify(job.data), key: job.key ?? null, runAt: job.runAt ?? ASAP, lane: LANES[job.lane ?? DEFAULT_LANE[job.name]], owner, fairRank };
  });
  // A unique key makes a job idempotent: re-enqueueing a finished job re-arms it, a queued one stays.
  // The NOTIFY that wakes idle workers in every process at commit (LISTEN in src/db/connection.ts;
  // they poll anyway) rides on RETURNING.
  await db
    .insertInto('job')
    .values(rows)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        data: eb.ref('excluded.data'),
        status: 'queued',
        runAt: eb.ref('excluded.runAt'),
        lane: eb.ref('excluded.lane'),
        owner: eb.ref('excluded.owner'),
        fairRank: eb.ref('excluded.fairRank'),
        attempts: 0,
        progress: 0,
        error: null,
        updatedAt: new Date(),
      })),
    )
    .returning((eb) => sql<string>`pg_notify(${JOBS_CHANNEL}, ${eb.ref('job.name')})::text`.as('notified'))
    .execute();
}

/** The NOTIFY channel that says "a job was queued". */
export const JOBS_CHANNEL = 'zhiping_jobs';

const LEASE_SECONDS = 300;

/**
 * Puts back in the queue, at once, the running jobs whose worker is known to be dead (a previous
 * incarnation of this server), instead of waiting for their lease to run out. `isOrphan` decides
 * from the `locked_by` worker id. Returns how many were put back.
 */
export async function reclaimOrphanedJobs(db: Kysely<DB>, isOrphan: (lockedBy: string | null) => boolean, now: Date): Promise<number> {
  const running = await db.selectFrom('job').select(['id', 'lockedBy']).where('status', '=', 'running').execute();
  let n = 0;
  for (const j of running.filter((r) => isOrphan(r.lockedBy))) {
    // only if still held by the same dead worker: another runner may have taken it meanwhile
    const res = await db
      .updateTable('job')
      .set({ status: 'queued', lockedBy: null, lockedUntil: null, updatedAt: now })
      .where('id', '=', j.id)
      .where('status', '=', 'running')
      .$call((qb) => (j.lockedBy === null ? qb.where('lockedBy', 'is', null) : qb.where('lockedBy', '=', j.lockedBy)))
      .executeTakeFirst();
    n += Number(res.numUpdatedRows);
  }
  return n;
}

/** Claims one due job, or null. */
export async function claimJob(db: Kysely<DB>, workerId: string, now: Date, names?: readonly JobName[]): Promise<Job | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('job')
      .select(['id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('runAt', '<=', now)]),
          // a running job whose lease expired belonged to a worker that died
          eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', now)]),
        ]),
      )
      .$if(!!names, (qb) => qb.where('name', 'in', names as JobName[]))
      // issue 13 item 3: interactive before normal before batch; round-robin across owners inside a lane
      .orderBy('lane')
      .orderBy('fairRank')
      .orderBy('runAt')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    return trx
      .updateTable('job')
      .set({
        status: 'running',
        lockedBy: workerId,
        lockedUntil: new Date(now.getTime() + LEASE_SECONDS * 1000),
        attempts: sql`attempts + 1`,
        updatedAt: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function reportProgress(db: Kysely<DB>, id: string, progress: number): Promise<void> {
  await db.updateTable('job').set({ progress, updatedAt: new Date() }).where('id', '=', id).execute();
}

export async function finishJob(db: Kysely<DB>, id: string, result: unknown): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'done', progress: 1, result: JSON.stringify(result ?? null), lockedUntil: null, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

const MAX_ATTEMPTS = 3;

export async function failJob(db: Kysely<DB>, job: Job, error: string, now: Date): Promise<void> {
  const retry = job.attempts < MAX_ATTEMPTS;
  await db
    .updateTable('job')
    .set({
      status: retry ? 'queued' : 'failed',
      error,
      lockedUntil: null,
      runAt: retry ? new Date(now.getTime() + 5000 * job.attempts) : job.runAt,
      updatedAt: now,
    })
    .where('id', '=', job.id)
    .execute();
}

export interface QueueLaneStats {
  lane: number;
  name: string;
  /** due and waiting */
  queued: number;
  /** waiting for their time (deadlines), not yet due */
  scheduled: number;
  running: number;
  /** seconds the longest-waiting due job has waited; 0 when none waits */
  oldestWaitSeconds: number;
}

/** Queue depth and age per lane and job name (issue 13 item 3), for the committee office and /metrics. */
export async function queueStats(db: Kysely<DB>, now: Date): Promise<QueueLaneStats[]> {
  const rows = await db
    .selectFrom('job')
    .select((eb) => [
      'lane',
      'name',
      eb.fn.count<string>('id').filterWhere((f) => f.and([f('status', '=', 'queued'), f('runAt', '<=', now)])).as('queued'),
      eb.fn.count<string>('id').filterWhere((f) => f.and([f('status', '=', 'queued'), f('runAt', '>', now)])).as('scheduled'),
      eb.fn.count<string>('id').filterWhere('status', '=', 'running').as('running'),
      // a job due "at once" carries the epoch as run_at: it has waited since it was queued
      eb.fn
        .min(sql<Date>`greatest(run_at, created_at)`)
        .filterWhere((f) => f.and([f('status', '=', 'queued'), f('runAt', '<=', now)]))
        .as('oldest'),
    ])
    .where('status', 'in', ['queued', 'running'])
    .groupBy(['lane', 'name'])
    .orderBy('lane')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    lane: Number(r.lane),
    name: r.name,
    queued: Number(r.queued),
    scheduled: Number(r.scheduled),
    running: Number(r.running),
    oldestWaitSeconds: r.oldest ? Math.max(0, Math.round((now.getTime() - new Date(r.oldest as unknown as string).getTime()) / 1000)) : 0,
  }));
}
