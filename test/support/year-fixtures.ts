// Files of a review year written straight to the database in a given status (as the review chain
// would leave them), for the administration and deadline tests.
import type { Kysely } from 'kysely';
import type { ApplicationStatus, DB } from '../../src/db/schema';
import { orgId } from './expert-fixtures';
import { validIdNumber } from './id-numbers';

let seq = 0;

export async function fileIn(db: Kysely<DB>, status: ApplicationStatus, o: { year?: number; fileCode?: string; now?: Date; seqBase?: number } = {}) {
  seq++;
  const idNumber = validIdNumber('654003', '19810101', (o.seqBase ?? 300) + seq);
  const applicant = await db
    .insertInto('appUser')
    .values({ username: idNumber, displayName: `年度申报人${seq}`, idNumber, passwordHash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const specialty = await db.selectFrom('specialty').select(['id', 'committeeId']).orderBy('id').executeTakeFirstOrThrow();
  const now = o.now ?? new Date();
  const app = await db
    .insertInto('application')
    .values({
      applicantId: applicant.id,
      year: o.year ?? 2026,
      specialtyId: specialty.id,
      level: 'middle',
      recommendingOrgId: await orgId(db, 'hosp'),
      competentOrgId: await orgId(db, 'health'),
      committeeOrgId: specialty.committeeId,
      status,
      fileCode: o.fileCode ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'status', 'version', 'applicantId', 'fileCode'])
    .executeTakeFirstOrThrow();
  // the audit row that led there, as the review chain writes it (src/db/invariants.ts checks it)
  if (status !== 'draft') await db.insertInto('auditLog').values({ actorId: null, trueActorId: null, applicationId: app.id, action: 'fixture', toStatus: status, at: now }).execute();
  return app;
}
