// Reads of the application row. No rules here: what a status means is the domain's (STYLE §1).
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
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

/** The application and its year's policy settings (null: the year has none) in one read. */
export async function loadApplicationWithPolicy(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('application')
    .select((eb) => [...APPLICATION_COLUMNS, eb.selectFrom('policyYear').select('settings').whereRef('policyYear.year', '=', 'application.year').as('policySettings')])
    .where('id', '=', id)
    .executeTakeFirst();
}

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
 *
 * Each way of matching reads its own index (issue 13 item 5, migration 202611301300-search-grams):
 * the name's character pairs (GIN on app_user.name_grams, then the plain ILIKE decides), the ID
 * number's prefix (app_user_id_number_prefix) and the file code's prefix (lower(file_code): for a
 * UTF-8 database ILIKE is lower() LIKE lower()). An OR over two joined tables could use none of
 * them, so the files found each way are united first and the list keeps those.
 */
export function matchesSearch(q: string) {
  return (eb: ExpressionBuilder<DB, 'application' | 'appUser'>) =>
    eb(
      'application.id',
      'in',
      eb
        .selectFrom('application as byName')
        .innerJoin('appUser as nameOwner', 'nameOwner.id', 'byName.applicantId')
        .select('byName.id')
        .where('nameOwner.nameGrams', '@>', sql<string[]>`search_grams(lower(${q}))`)
        .where('nameOwner.displayName', 'ilike', `%${escapeLike(q)}%`)
        .unionAll(
          eb
            .selectFrom('application as byIdNumber')
            .innerJoin('appUser as idOwner', 'idOwner.id', 'byIdNumber.applicantId')
            .select('byIdNumber.id')
            .where('idOwner.idNumber', 'like', `${escapeLike(q.toUpperCase())}%`),
        )
        .unionAll(
          eb
            .selectFrom('application as byCode')
            .select('byCode.id')
            .where((c) => c(c.fn<string>('lower', ['byCode.fileCode']), 'like', c.fn<string>('lower', [c.val(`${escapeLike(q)}%`)]))),
        ),
    );
}
