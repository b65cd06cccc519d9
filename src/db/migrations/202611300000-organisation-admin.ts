// Administration (issue 10): county bureaus (县人社局, R5) and dispatching units (派出单位, U5) become
// organisation kinds; organisations and accounts are deactivated, never deleted once they have files.
// Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organisation drop constraint if exists organisation_kind_check`.execute(db);
  await sql`alter table organisation add constraint organisation_kind_check
    check (kind in ('bureau','county_bureau','competent','recommending','agency','dispatching','committee'))`.execute(db);
  await db.schema
    .alterTable('organisation')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .alterTable('app_user')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
