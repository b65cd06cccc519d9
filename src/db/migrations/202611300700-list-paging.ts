// Lists page on the server (issue 11 "Work in bulk", issue 13 item 5): each stage's list reads the
// files of its organisation newest change first, so one index per stage column serves the first
// page without sorting every file; meetings and integrity records page by their own order.
// Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['recommending_org_id', 'competent_org_id', 'committee_org_id']) {
    await sql`create index ${sql.id(`application_${column}_updated`)} on application (${sql.id(column)}, updated_at desc, id desc)`.execute(db);
  }
  // The search box matches the start of an ID number (身份证号前几位).
  await sql`create index app_user_id_number_prefix on app_user (id_number text_pattern_ops)`.execute(db);
  await sql`create index meeting_committee_scheduled on meeting (committee_org_id, scheduled_at desc, id desc)`.execute(db);
  await sql`create index integrity_record_decided on integrity_record (decided_on desc, id desc)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
