// Expert pool (issue 10): the units an expert worked for before, as free text (a unit may be outside
// the system). 回避 derives from them (src/services/meeting-conflict.service.ts): a file naming
// such a unit as the applicant's current or past unit conflicts with the expert.
// Frozen in time: imports nothing from src/.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('expert_past_unit')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('expert_past_unit_pk', ['user_id', 'name'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
