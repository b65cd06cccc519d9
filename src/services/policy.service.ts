// Review-year policy lives in policy_year; validators read it, nothing year-specific is hard-coded.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { Refused } from '../domain/errors';
import { parsePolicy, type Policy } from '../domain/policy';

export async function loadPolicy(db: Kysely<DB>, year: number): Promise<Policy> {
  const row = await db.selectFrom('policyYear').select(['settings']).where('year', '=', year).executeTakeFirst();
  return policyOf(row?.settings, year);
}

/** The policy from its stored settings, read by the caller (undefined or null: the year has none). */
export function policyOf(settings: unknown, year: number): Policy {
  if (settings == null) throw new Refused('YEAR_CLOSED', `没有${year}年度的评审政策，请联系州人社局`);
  return parsePolicy(settings as Record<string, unknown>, year);
}
