// Administration of series and specialties (issue 10): a specialty is deactivated, never deleted
// once files name it; applicants no longer choose a deactivated one.
// Frozen in time: imports nothing from src/.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('specialty')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
