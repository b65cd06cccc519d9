// The fee-batch lists page on the server (issue 13 item 5): finance reads every unit's batches of
// a year newest first, a unit its own, so each list's first page comes from an index in order
// without sorting every batch. Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index fee_batch_year_recorded on fee_batch (year, recorded_at desc, id desc)`.execute(db);
  await sql`create index fee_batch_unit_recorded on fee_batch (recommending_org_id, year, recorded_at desc, id desc)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
