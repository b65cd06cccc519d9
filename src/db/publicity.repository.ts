// Reads of the unit's publicity (U2) rows; an application may have been publicised more than once.
import type { Kysely } from 'kysely';
import type { DB } from './schema';

/** The latest publicity of each application, keyed by application id. */
export async function latestPublicities(db: Kysely<DB>, ids: number[]) {
  const out = new Map<number, { id: number; startsOn: string; endsOn: string }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('publicity')
    .select(['id', 'applicationId', 'startsOn', 'endsOn'])
    .where('applicationId', 'in', ids)
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.applicationId, r);
  return out;
}

export async function latestPublicity(db: Kysely<DB>, applicationId: number) {
  return db
    .selectFrom('publicity')
    .select(['id', 'applicationId', 'startsOn', 'endsOn', 'workingDays', 'officeName', 'supervisionPhone', 'notice', 'resultIssuedOn', 'createdAt'])
    .where('applicationId', '=', applicationId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
