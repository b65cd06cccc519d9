// R3: the finance office's payment instructions and QR image per review year (issue 10); the QR
// image is a blob, so the daily collection sees it through this foreign key.
// Frozen in time: imports nothing from src/.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fee_instruction')
    .addColumn('year', 'integer', (c) => c.primaryKey().references('policy_year.year'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('qr_sha256', 'text', (c) => c.references('blob.sha256'))
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
