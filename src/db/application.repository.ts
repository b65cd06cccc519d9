// Reads of the application row. No rules here: what a status means is the domain's (STYLE §1).
import type { ExpressionBuilder, Kysely } from 'kysely';
import { escapeLike } from './paging';
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

/**
 * application ⋈ applicant ⋈ specialty ⋈ recommending unit: the joins every list of files starts
 * from. Callers choose the columns (the expert view never selects names) and add their own joins.
 */
export function applicationFacts(db: Kysely<DB>) {
  return db
    .selectFrom('application')
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .innerJoin('organisation', 'organisation.id', 'application.recommendingOrgId');
}

/**
 * The search box of the file lists (issue 11 "Work in bulk"): a person by part of the name, a person
 * by the start of the ID number, a file by the start of its code. For queries built on applicationFacts.
 */
export function matchesSearch(q: string) {
  return (eb: ExpressionBuilder<DB, 'application' | 'appUser'>) =>
    eb.or([
      eb('appUser.displayName', 'ilike', `%${escapeLike(q)}%`),
      eb('appUser.idNumber', 'like', `${escapeLike(q.toUpperCase())}%`),
      eb('application.fileCode', 'ilike', `${escapeLike(q)}%`),
    ]);
}
