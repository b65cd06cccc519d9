// Version what is edited: each section and each attachment carries its own version, so saving one
// section checks only that section, and uploads and masking decisions no longer touch the
// application's version (which now changes only with its status). Frozen in time: imports nothing
// from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A stored section starts at 1; a section never stored is version 0 to the client.
  await db.schema.alterTable('section').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`)).execute();
  await db.schema.alterTable('attachment').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`)).execute();
}
