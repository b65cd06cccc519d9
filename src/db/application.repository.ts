// Reads of the application row. No rules here: what a status means is the domain's (STYLE §1).
import type { Kysely } from 'kysely';
import type { DB } from './schema';

const APPLICATION_COLUMNS = [
  'application.id',
  'application.applicantId',
  'application.year',
  'application.specialtyId',
  'application.level',
  'application.recommendingOrgId',
  'application.competentOrgId',
  'application.committeeOrgId',
  'application.status',
  'application.version',
  'application.fileCode',
  'application.returnReason',
  'application.returnDeadlineAt',
  'application.submittedAt',
  'application.createdAt',
  'application.updatedAt',
] as const;

export async function loadApplication(db: Kysely<DB>, id: number) {
  return db.selectFrom('application').select(APPLICATION_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof loadApplication>>>;
