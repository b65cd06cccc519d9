// Issue 12 item 4: a sideways or upside-down page is turned upright by ZhiPing, the turned image
// kept as the original (A14 "upright"), and the applicant told so. Frozen in time: imports nothing
// from src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Clockwise degrees ZhiPing turned the uploaded image by to make it upright; 0 = kept as uploaded.
  await db.schema
    .alterTable('attachment')
    .addColumn('rotated_by', 'integer', (c) => c.notNull().defaultTo(0).check(sql`rotated_by in (0, 90, 180, 270)`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
