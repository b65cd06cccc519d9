// application.status holds exactly the state machine's statuses (STYLE §3: status values are
// lowercase strings with a CHECK). Frozen in time: the list is spelled out, nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table application add constraint application_status_check check (status in (
    'draft', 'submitted', 'returned_by_unit', 'in_publicity', 'unit_recommended', 'returned_by_competent',
    'competent_recommended', 'returned_by_committee', 'accepted', 'abandoned', 'in_review', 'passed', 'failed', 'revoked'
  ))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
