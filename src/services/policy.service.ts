// Review-year policy lives in policy_year; validators read it, nothing year-specific is hard-coded.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { Refused } from '../domain/errors';
import { parsePolicy, type Policy } from '../domain/policy';

export async function loadPolicy(db: Kysely<DB>, year: number): Promise<Policy> {
  const row = await db.selectFrom('policyYear').select(['settings']).where('year', '=', year).executeTakeFirst();
  if (!row) throw new Refused('YEAR_CLOSED', `没有${year}年度的评审政策，请联系州人社局`);
  return parsePolicy(row.settings as Record<string, unknown>, year);
}
