// R5 (issue 10 item 3): an entrusted review goes committee → prefecture bureau → the region's
// department (自治区人社厅) → entrustment letter. The prefecture bureau records the department's
// answer (its document number and date) before it issues the letter.
// Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('entrustment')
    .addColumn('region_ref', 'text')
    .addColumn('region_decided_on', 'date')
    .addColumn('region_recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('region_recorded_at', 'timestamptz')
    .execute();
  // the step is recorded whole or not at all
  await sql`alter table entrustment add constraint entrustment_region_step_whole check (
    (region_ref is null and region_decided_on is null and region_recorded_by is null and region_recorded_at is null) or
    (region_ref is not null and region_decided_on is not null and region_recorded_by is not null and region_recorded_at is not null))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
