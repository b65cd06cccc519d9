// Issue 11: an expert declares a conflict (回避) with a file themselves, from the file view. It is a
// kind of its own, so the office can tell it from one the applicant asked for or one it assigned.
// Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table conflict drop constraint if exists conflict_kind_check`.execute(db);
  // same_unit 本单位; past_unit 曾工作单位; declared 申报人申请回避; manual 办事机构指定回避;
  // expert_declared 专家本人申请回避
  await sql`alter table conflict add constraint conflict_kind_check
    check (kind in ('same_unit','past_unit','declared','manual','expert_declared'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
