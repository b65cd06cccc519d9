// Issue 9 item 12: the daily collection deletes a blob once nothing has referred to it for the
// retention period, so it records when it first found the blob unreferenced. Frozen in time:
// imports nothing from src/.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // null: referenced when last looked at (or not looked at yet); else the first sweep that found
  // no row referring to it. Cleared again if it is referred to once more (the same file re-uploaded).
  await db.schema.alterTable('blob').addColumn('unreferenced_since', 'timestamptz').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
