// Writing an application's version: the optimistic lock every change of the file goes through.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { MESSAGES, Refused } from '../domain/errors';

/** update … where version = expected; no row → 409 (STYLE §5 step 3). */
export async function bumpVersion(trx: Kysely<DB>, id: number, expected: number, now: Date, set: Record<string, unknown> = {}): Promise<void> {
  const res = await trx
    .updateTable('application')
    .set({ version: expected + 1, updatedAt: now, ...set })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
}
