// A fair job queue (issue 13 item 3): a lane (0 interactive: an applicant is waiting for proposals or
// a burn; 1 normal: deadlines; 2 batch: re-verification, sweeps) and, inside a lane, round-robin
// across owners (one applicant's file): `fair_rank` is how many of its owner's jobs were already
// waiting when it was queued, so one applicant's 30 pages do not hold up another applicant's one.
// Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('job')
    .addColumn('lane', 'smallint', (c) => c.notNull().defaultTo(1).check(sql`lane between 0 and 2`))
    .addColumn('owner', 'text')
    .addColumn('fair_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // the claim's order, over queued jobs only
  await sql`create index job_claim on job (lane, fair_rank, run_at, id) where status = 'queued'`.execute(db);
  await sql`create index job_owner_waiting on job (owner) where status in ('queued','running')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
